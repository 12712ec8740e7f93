package org.zeroth.kernel.magic;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Expands {@code lib/*.jar}, {@code ~/jars/**}{@code /*.jar} and plain paths, relative to the working directory. */
final class Globs {
    private Globs() {
    }

    static List<Path> expand(String pattern) throws IOException {
        String p = pattern.startsWith("~/") ? System.getProperty("user.home") + pattern.substring(1) : pattern;
        if (!p.matches(".*[*?\\[{].*")) {
            Path path = Path.of(p).toAbsolutePath().normalize();
            if (!Files.exists(path)) {
                throw new MagicUsageException("no such file or directory: " + pattern);
            }
            return List.of(path);
        }
        Path absolute = Path.of(p).toAbsolutePath();
        Path base = absolute.getRoot();
        for (Path part : absolute) {
            if (part.toString().matches(".*[*?\\[{].*")) {
                break;
            }
            base = base.resolve(part);
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + absolute);
        int depth = p.contains("**") ? Integer.MAX_VALUE : absolute.getNameCount() - base.getNameCount();
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(base, depth)) {
            return files.filter(matcher::matches).sorted().collect(Collectors.toList());
        }
    }
}
