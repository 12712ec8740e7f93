package org.zeroth;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The versions a run records, so that it can be re-run with the same software. */
final class Versions {
    private static final String ZEROTH = orElse(Versions.class.getPackage().getImplementationVersion(), "dev");
    private static final String DESCRIPTION = "zeroth " + ZEROTH + ", nd4j " + nd4j() + ", java " + Runtime.version();

    private Versions() {
    }

    /** This library's version ("dev" when run from the build's classes). */
    static String zeroth() {
        return ZEROTH;
    }

    static String describe() {
        return DESCRIPTION;
    }

    /** ND4J's jar has no Implementation-Version in its manifest; Maven's pom.properties in it has the version. */
    static String nd4j() {
        String manifest = org.nd4j.linalg.factory.Nd4j.class.getPackage().getImplementationVersion();
        if (manifest != null) {
            return manifest;
        }
        try (InputStream in = org.nd4j.linalg.factory.Nd4j.class.getResourceAsStream(
                "/META-INF/maven/org.nd4j/nd4j-api/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return orElse(p.getProperty("version"), "unknown");
            }
        } catch (IOException e) {
            // fall through: the version is unknown
        }
        return "unknown";
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
