package org.zeroth.estimate;

/** How function differences are taken along a direction u with smoothing radius h. */
public enum Scheme {
    /** (f(x + h u) − f(x)) / h: one shared f(x) and one query per direction. */
    FORWARD("forward"),
    /** (f(x + h u) − f(x − h u)) / 2h: two queries per direction, bias O(h²). */
    CENTRAL("central"),
    /** f(x + h u) / h: one query per direction; unbiased for ∇f_h but its variance grows like 1/h². */
    SINGLE_POINT("single-point");

    private final String label;

    Scheme(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
