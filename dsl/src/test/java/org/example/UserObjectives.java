package org.example;

import org.zeroth.Objective;

/** Objectives written outside Zeroth's packages, as a notebook's or an application's lambdas are. */
public final class UserObjectives {
    private UserObjectives() {
    }

    public static Objective shiftedSquares() {
        return x -> {
            double s = 0;
            for (int i = 0; i < x.length(); i++) {
                s += (x.getDouble(i) - 1) * (x.getDouble(i) - 1);
            }
            return s;
        };
    }
}
