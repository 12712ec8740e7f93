package org.zeroth;

/** Why a run ended. */
public enum StopReason {
    STEPS("ran all requested steps"),
    MAX_EVALUATIONS("evaluation budget used up"),
    TARGET_REACHED("target value reached"),
    TIME_LIMIT("time limit reached"),
    CONVERGED("converged"),
    INTERRUPTED("interrupted"),
    FAILED("failed"),
    /** Not ended yet: the run so far of an ask/tell {@link Optimization} that goes on. */
    RUNNING("running (ask/tell: not finished)");

    private final String description;

    StopReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
