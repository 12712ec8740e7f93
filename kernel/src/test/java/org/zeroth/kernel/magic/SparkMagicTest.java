package org.zeroth.kernel.magic;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** %spark refuses, saying what to do, where Spark cannot run (test JVMs are started without Spark's flag). */
class SparkMagicTest {
    @Test
    void aJvmWithoutTheAddOpensFlagIsToldWhichFlagAndWhereToPutIt() {
        assertFalse(Object.class.getModule().isOpen("sun.nio.ch", SparkMagicTest.class.getModule()),
                "this test needs a JVM started without --add-opens=java.base/sun.nio.ch");
        MagicUsageException e = assertThrows(MagicUsageException.class, SparkMagic::checkJvm);
        assertTrue(e.getMessage().contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), e.getMessage());
        assertTrue(e.getMessage().contains("install/install.sh"), e.getMessage());
    }

    @Test
    void aKernelWithoutSparkJarsIsToldHowToInstallThem() {
        String before = System.getProperty("zeroth.spark.lib");
        System.setProperty("zeroth.spark.lib", "/nonexistent/lib-spark");
        try {
            MagicUsageException e = assertThrows(MagicUsageException.class, SparkMagic::library);
            assertTrue(e.getMessage().contains("install/install.sh --spark"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty("zeroth.spark.lib");
            } else {
                System.setProperty("zeroth.spark.lib", before);
            }
        }
    }
}
