package org.zeroth.kernel;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import org.zeroth.view.Views;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Javadoc of the DSL for inspection. JShell looks for Javadoc only in the JDK's src.zip, so the DSL's jar carries
 * its sources under {@value #ROOT} (off javac's source lookup); they are parsed once, with javac's tree API, into
 * a map from a member's signature, as JShell prints it, to its comment.
 */
final class SourceDocs {
    static final String ROOT = "zeroth-sources";

    private static final class Dsl {
        static final SourceDocs DOCS = load(codeSource(Views.class));
    }

    private final Map<String, String> comments;

    private SourceDocs(Map<String, String> comments) {
        this.comments = comments;
    }

    /** The DSL's documentation, parsed on first use (the kernel warms it in the background). */
    static SourceDocs dsl() {
        return Dsl.DOCS;
    }

    int size() {
        return comments.size();
    }

    /**
     * The comment of the member or type JShell describes as {@code signature}, e.g.
     * {@code "org.zeroth.optimize.Minimizer Zo.minimize(Objective f)"} or {@code "org.zeroth.Zo"}, as plain text.
     */
    Optional<String> javadoc(String signature) {
        return Optional.ofNullable(comments.get(key(signature))).map(SourceDocs::plain);
    }

    // ---- keys: Class.member(ParamType,...) with simple type names, no generics; a type's key is its name

    static String key(String signature) {
        String s = withoutGenerics(signature).strip();
        int open = s.indexOf('(');
        if (open < 0) {
            return s.substring(s.lastIndexOf('.') + 1); // a type: its simple name
        }
        String head = s.substring(0, open).strip();
        boolean method = head.contains(" "); // a method's header starts with its return type, a constructor's not
        List<String> names = new ArrayList<>(List.of(head.substring(head.lastIndexOf(' ') + 1).split("\\.")));
        String name = method ? "." + names.remove(names.size() - 1) : "";
        while (names.size() > 1 && Character.isLowerCase(names.get(0).charAt(0))) {
            names.remove(0); // the package, when JShell qualifies the receiver (it does for generic classes)
        }
        String member = String.join(".", names) + name;
        int close = s.indexOf(')', open);
        List<String> types = new ArrayList<>();
        for (String parameter : s.substring(open + 1, close).split(",")) {
            String p = parameter.strip();
            if (!p.isEmpty()) {
                int space = p.lastIndexOf(' ');
                types.add(simpleType(space < 0 ? p : p.substring(0, space)));
            }
        }
        return member + "(" + String.join(",", types) + ")";
    }

    static String simpleType(String type) {
        String t = type.replace("...", "[]").replace(" ", "");
        int array = t.indexOf('[');
        String base = array < 0 ? t : t.substring(0, array);
        return base.substring(base.lastIndexOf('.') + 1) + (array < 0 ? "" : t.substring(array));
    }

    static String withoutGenerics(String s) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (char c : s.toCharArray()) {
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    // ---- comments as plain text

    private static final Pattern CODE = Pattern.compile("\\{@(?:code|literal|value)\\s+([^}]*)}");
    /** {@link Type#member(Params, …) label}: the reference (its parameter list may hold spaces), then a label. */
    private static final Pattern LINK = Pattern.compile("\\{@link(?:plain)?\\s+([^}\\s(]+(?:\\([^)]*\\))?)\\s*([^}]*)}");

    static String plain(String comment) {
        // javac leaves each continuation line's space after the '*'; code keeps its brackets through the tag removal
        String text = CODE.matcher(comment.replace("\n ", "\n")).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1).replace('<', OPEN).replace('>', CLOSE)));
        text = LINK.matcher(text).replaceAll(m -> Matcher.quoteReplacement(!m.group(2).isBlank() ? m.group(2).strip()
                : m.group(1).startsWith("#") ? m.group(1).substring(1) : m.group(1).replace('#', '.')));
        text = text.replaceAll("(?i)\\s*<p>\\s*", "\n\n")
                .replaceAll("(?i)\\s*<li>\\s*", "\n- ")
                .replaceAll("<[^>]+>", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                .replace(OPEN, '<').replace(CLOSE, '>');
        return text.replaceAll("\n{3,}", "\n\n").strip();
    }

    /** Whether a Javadoc is still in its source form (JShell on newer JDKs hands the JDK's over raw). */
    static boolean raw(String javadoc) {
        return javadoc.contains("{@") || javadoc.contains("<p>") || javadoc.contains("</");
    }

    private static final char OPEN = '\u0001';
    private static final char CLOSE = '\u0002';

    // ---- loading

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            return null;
        }
    }

    static SourceDocs load(Path codeSource) {
        if (codeSource == null) {
            return new SourceDocs(Map.of());
        }
        try {
            if (Files.isDirectory(codeSource)) {
                return parse(codeSource.resolve(ROOT));
            }
            try (FileSystem jar = FileSystems.newFileSystem(codeSource)) {
                return parse(jar.getPath(ROOT));
            }
        } catch (IOException | RuntimeException e) {
            KernelLog.warn("DSL sources not read (inspection shows signatures only): " + e);
            return new SourceDocs(Map.of());
        }
    }

    private static SourceDocs parse(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return new SourceDocs(Map.of());
        }
        List<JavaFileObject> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).map(SourceDocs::source).collect(Collectors.toList());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        JavacTask task = (JavacTask) javac.getTask(null, null, diagnostic -> { }, List.of("-proc:none"), null, files);
        Trees trees = Trees.instance(task);
        Map<String, String> comments = new HashMap<>();
        for (CompilationUnitTree unit : task.parse()) {
            new TreePathScanner<Void, Void>() {
                private final Deque<String> classes = new ArrayDeque<>();

                @Override
                public Void visitClass(ClassTree tree, Void unused) {
                    String name = classes.isEmpty() ? tree.getSimpleName().toString()
                            : classes.peek() + "." + tree.getSimpleName();
                    record(tree.getSimpleName().toString());
                    classes.push(name);
                    try {
                        return super.visitClass(tree, unused);
                    } finally {
                        classes.pop();
                    }
                }

                @Override
                public Void visitMethod(MethodTree tree, Void unused) {
                    String name = tree.getName().contentEquals("<init>") ? classes.peek()
                            : classes.peek() + "." + tree.getName();
                    String types = tree.getParameters().stream()
                            .map(p -> simpleType(withoutGenerics(p.getType().toString())))
                            .collect(Collectors.joining(","));
                    record(name + "(" + types + ")");
                    return null; // nothing documented inside a method body
                }

                private void record(String key) {
                    String comment = trees.getDocComment(getCurrentPath());
                    if (comment != null && !comment.isBlank()) {
                        comments.putIfAbsent(key, comment);
                    }
                }
            }.scan(unit, null);
        }
        return new SourceDocs(comments);
    }

    private static JavaFileObject source(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            text = "";
        }
        String content = text;
        return new SimpleJavaFileObject(URI.create("string:///" + file.toString().replace('\\', '/')),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return content;
            }
        };
    }
}
