package org.zeroth.population;

import java.util.Arrays;
import org.zeroth.Bounds;

/** Where a method samples when it needs a box: the run's within() bounds, else the objective's finite domain. */
final class SearchBox {
    private SearchBox() {
    }

    /** within() (already of dimension d), else the objective's domain ({@code RunBuilder.domain()}) if finite, else null. */
    static Bounds of(Bounds within, Bounds domain, int d) {
        if (within != null) {
            return within;
        }
        if (domain != null && isFinite(domain)) {
            return domain.forDimension(d);
        }
        return null;
    }

    static boolean isFinite(Bounds box) {
        return Arrays.stream(box.lower()).allMatch(Double::isFinite)
                && Arrays.stream(box.upper()).allMatch(Double::isFinite);
    }
}
