package org.zeroth.kernel.magic;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Which jar of the kernel's own class path shadows one a cell adds: cells' classes load through the kernel's loader
 * first, so a library the kernel already has (Guava, Jackson, ND4J, …) keeps the kernel's version.
 */
final class KernelJars {
    private KernelJars() {
    }

    /** The kernel's jar that holds the classes of {@code jar} too, if it is another (a version the cell won't get). */
    static Optional<String> shadowing(Path jar) {
        if (!jar.toString().endsWith(".jar")) {
            return Optional.empty();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            String someClass = file.stream().map(JarEntry::getName)
                    .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class"))
                    .findFirst().orElse(null);
            URL own = someClass == null ? null : KernelJars.class.getClassLoader().getResource(someClass);
            if (own == null) {
                return Optional.empty();
            }
            String path = own.getPath(); // jar:file:/…/guava-33.0.0-jre.jar!/com/…
            int end = path.indexOf("!/");
            String kernelJar = Path.of(end < 0 ? path : path.substring(0, end)).getFileName().toString();
            return kernelJar.equals(jar.getFileName().toString()) ? Optional.empty() : Optional.of(kernelJar);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not a readable jar: adding it says what goes wrong
        }
    }

    /** The note printed for an added jar that the kernel's own version shadows. */
    static String note(Path jar, String kernelJar) {
        return "note: the kernel has its own " + kernelJar + ", which comes first (the kernel's classes load before a"
                + " cell's), so cells use it rather than " + jar.getFileName();
    }
}
