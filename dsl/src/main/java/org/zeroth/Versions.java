package org.zeroth;

/** The versions a run records, so that it can be re-run with the same software. */
final class Versions {
    private Versions() {
    }

    static String describe() {
        String zeroth = Versions.class.getPackage().getImplementationVersion();
        String nd4j = org.nd4j.linalg.factory.Nd4j.class.getPackage().getImplementationVersion();
        return "zeroth " + (zeroth == null ? "dev" : zeroth) + ", nd4j " + (nd4j == null ? "?" : nd4j)
                + ", java " + Runtime.version();
    }
}
