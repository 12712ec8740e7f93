package org.zeroth.kernel;

import jdk.jshell.MethodSnippet;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code /** … *}{@code /} comments of methods the user wrote in cells, for Shift-Tab: JShell's documentation
 * looks for Javadoc only in the JDK's sources. Kept by {@code name(SimpleType,...)} when the method is defined.
 */
final class UserJavadoc {
    private static final Pattern LEADING_JAVADOC = Pattern.compile("\\s*/\\*\\*(.*?)\\*/", Pattern.DOTALL);

    private final Map<String, String> comments = new ConcurrentHashMap<>();

    void record(MethodSnippet method) {
        String types = Arrays.stream(SourceDocs.withoutGenerics(method.parameterTypes()).split(","))
                .map(String::strip).filter(t -> !t.isEmpty()).map(SourceDocs::simpleType)
                .collect(Collectors.joining(","));
        String key = method.name() + "(" + types + ")";
        Matcher comment = LEADING_JAVADOC.matcher(method.source());
        if (comment.lookingAt()) {
            comments.put(key, SourceDocs.plain(comment.group(1).replaceAll("(?m)^\\s*\\*(?!/) ?", "").strip()));
        } else {
            comments.remove(key); // redefined without a comment
        }
    }

    /** The comment of the method JShell's documentation prints as {@code signature} ("double sq(double x)"). */
    Optional<String> of(String signature) {
        String key = SourceDocs.key(signature);
        return Optional.ofNullable(comments.get(key.startsWith(".") ? key.substring(1) : key));
    }
}
