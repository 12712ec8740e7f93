package org.zeroth.population;

import java.util.Arrays;
import org.zeroth.Bounds;
import org.zeroth.Objective;
import org.zeroth.problems.Problem;

/** Where a method samples when it needs a box: the run's within() bounds, else a problem's finite domain. */
final class SearchBox {
    private SearchBox() {
    }

    /** within() (already of dimension d), else the problem's domain if finite, else null. */
    static Bounds of(Bounds within, Objective objective, int d) {
        if (within != null) {
            return within;
        }
        if (objective instanceof Problem p && isFinite(p.domain())) {
            return p.domain().forDimension(d);
        }
        return null;
    }

    static boolean isFinite(Bounds box) {
        return Arrays.stream(box.lower()).allMatch(Double::isFinite)
                && Arrays.stream(box.upper()).allMatch(Double::isFinite);
    }
}
