package org.zeroth;

import java.time.Duration;

/** Options of an oracle; every run builder fills one from its own settings. */
public final class OracleBuilder {
    final Objective objective;
    boolean maximize;
    Bounds bounds;
    long maxEvaluations = Long.MAX_VALUE;
    Duration timeLimit;
    Double target;
    boolean stopAtTarget;
    boolean keepBestPoint = true;
    int parallelism = 1;
    Backend backend;
    int resample = 1;
    int candidates;
    int reevaluate;
    Journal journal;

    OracleBuilder(Objective objective) {
        this.objective = objective;
    }

    public OracleBuilder maximize(boolean maximize) {
        this.maximize = maximize;
        return this;
    }

    public OracleBuilder bounds(Bounds bounds) {
        this.bounds = bounds;
        return this;
    }

    public OracleBuilder maxEvaluations(long maxEvaluations) {
        this.maxEvaluations = maxEvaluations;
        return this;
    }

    public OracleBuilder timeLimit(Duration timeLimit) {
        this.timeLimit = timeLimit;
        return this;
    }

    /** Target in the user's sense; with {@code immediately}, the evaluation that reaches it ends the run. */
    public OracleBuilder target(Double target, boolean immediately) {
        this.target = target;
        this.stopAtTarget = immediately && target != null;
        return this;
    }

    public OracleBuilder keepBestPoint(boolean keep) {
        this.keepBestPoint = keep;
        return this;
    }

    public OracleBuilder parallelism(int parallelism) {
        this.parallelism = parallelism;
        return this;
    }

    /** Where batches are evaluated; null (the default) for the calling thread, or k threads with parallelism(k). */
    public OracleBuilder backend(Backend backend) {
        this.backend = backend;
        return this;
    }

    /** Each point's value is the mean of k evaluations (all counted). */
    public OracleBuilder resample(int k) {
        this.resample = k;
        return this;
    }

    /** At the end, the m best points and the final point are evaluated r more times to recommend one. */
    public OracleBuilder reevaluate(int m, int r) {
        this.candidates = m;
        this.reevaluate = r;
        return this;
    }

    OracleBuilder journal(Journal runJournal) {
        this.journal = runJournal;
        return this;
    }

    public Oracle build() {
        return new Oracle(this);
    }
}
