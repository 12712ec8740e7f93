package org.zeroth.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** The kernel's own class path, as the compiler needs to see it: a thin jar's manifest names its libraries. */
final class KernelClasspath {
    private KernelClasspath() {
    }

    static List<String> entries() {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                addWithManifest(Path.of(entry).toAbsolutePath().normalize(), entries);
            }
        }
        return new ArrayList<>(entries);
    }

    /** A thin jar names its libraries in its manifest's Class-Path: javac must see those too. */
    private static void addWithManifest(Path entry, Set<String> entries) {
        if (!entries.add(entry.toString()) || !entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String cp = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (cp == null) {
                return;
            }
            Path base = entry.getParent();
            for (String item : cp.trim().split("\\s+")) {
                if (!item.isEmpty()) {
                    addWithManifest(base.resolve(item).normalize(), entries);
                }
            }
        } catch (IOException e) {
            KernelLog.warn("cannot read the manifest of " + entry.getFileName(), e);
        }
    }
}
