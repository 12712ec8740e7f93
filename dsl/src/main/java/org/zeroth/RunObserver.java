package org.zeroth;

/** Watches a run as it goes: live progress in a notebook, a progress bar in a terminal. */
public interface RunObserver {

    /** Called after every recorded step; implementations decide how often to show anything. */
    void stepped(Progress progress);

    /** Called once with the finished (or failed, or interrupted) run. */
    default void finished(Run run) {
    }

    /** Where a run stands after a step; values in the user's sense. */
    record Progress(Config config, long step, long totalSteps, long evaluations, long maxEvaluations,
                    double value, double best, double seconds) {
    }
}
