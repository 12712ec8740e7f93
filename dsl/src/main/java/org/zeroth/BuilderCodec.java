package org.zeroth;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A run builder as bytes (Java serialization) for a checkpoint. Code cannot travel in a file, so the objective and
 * any other function that is not serializable (a lambda given to an option) are written as placeholders: on
 * reading, the objective becomes the one given to {@link Zo#resume(Path, Objective)} (refused when its dimension or
 * name says it is another function), or an {@link Objective#external external} one for ask/tell; any other code (a
 * MAP-Elites descriptor, a custom schedule) makes the resume say to give the builder itself
 * ({@link Zo#resume(Path, RunBuilder)}). What the objective gave the run — its start, its domain — stays in the
 * builder ({@code RunBuilder.Defaults}).
 */
final class BuilderCodec {
    /** Classes a checkpoint may name: Zeroth's, ND4J's and the JDK's (a file never loads other code). */
    private static final List<String> ALLOWED = List.of("org.zeroth.", "org.nd4j.", "java.", "[");

    /**
     * Names that identify no function: an objective's default (every lambda's, the same in every JVM: Zeroth never
     * names one after its generated class) and {@code Objective.external(d)}'s.
     */
    private static final Set<String> UNNAMED = Set.of(((Objective) x -> 0).name(), Objective.external(1).name());

    private BuilderCodec() {
    }

    /** A function the file stands in for: the run's objective (its name, the run's dimension), or other code. */
    record Placeholder(boolean objective, String description, int dimension, String name, int components)
            implements Serializable {
    }

    /** Code in a setting as a user knows it: "a lambda written in Notebook", not a synthetic class's name. */
    static String code(Object obj) {
        String name = obj.getClass().getName();
        if (obj instanceof SerializedLambda l) {
            return "a lambda written in " + l.getCapturingClass().replace('/', '.');
        }
        int lambda = name.indexOf("$$Lambda");
        return lambda > 0 ? "a lambda written in " + name.substring(0, lambda) : name;
    }

    /** The builder of a run in {@code dimension}, as bytes. */
    static byte[] write(RunBuilder<?> builder, int dimension) {
        Objective f = builder.objective();
        SerializedLambda fLambda = serializedLambda(f);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes) {
            {
                enableReplaceObject(true);
            }

            @Override
            protected Object replaceObject(Object obj) {
                // A serializable lambda reaches here already replaced by its SerializedLambda (writeReplace runs first).
                if (obj == f || obj instanceof SerializedLambda l && sameLambda(l, fLambda)) {
                    return new Placeholder(true, f.toString(), dimension, f.name(),
                            f instanceof FiniteSum sum ? sum.n() : 0);
                }
                // Lambdas of Zeroth's own (a schedule, a rule) travel; a user's code does not (it may not exist where
                // the run resumes, and a file must not choose code to run).
                if (!(obj instanceof Serializable)
                        || obj instanceof SerializedLambda l && !l.getCapturingClass().startsWith("org/zeroth/")
                        || obj.getClass().isSynthetic()
                        || obj.getClass().getName().contains("$$Lambda")) {
                    return new Placeholder(false, code(obj), 0, null, 0);
                }
                return obj;
            }
        }) {
            out.writeObject(builder);
        } catch (NotSerializableException e) {
            throw new IllegalStateException("this run cannot be checkpointed: its settings hold a " + e.getMessage()
                    + ", which cannot be written to a file", e);
        } catch (IOException e) {
            throw new IllegalStateException("could not write the run's settings for its checkpoint: " + e, e);
        }
        return bytes.toByteArray();
    }

    /** The builder in {@code bytes} (from {@code file}), its objective {@code f}, or an external one when null. */
    static RunBuilder<?> read(byte[] bytes, Path file, Objective f) {
        return read(bytes, file, f, false);
    }

    /** The builder's settings only, to compare with a builder given for a resume: code it held reads as null. */
    static RunBuilder<?> readSettings(byte[] bytes, Path file, Objective f) {
        return read(bytes, file, f, true);
    }

    private static RunBuilder<?> read(byte[] bytes, Path file, Objective f, boolean withoutCode) {
        List<String> rejected = new ArrayList<>();
        List<String> code = new ArrayList<>();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            {
                enableResolveObject(true);
                setObjectInputFilter(info -> {
                    Class<?> c = info.serialClass();
                    while (c != null && c.isArray()) {
                        c = c.getComponentType();
                    }
                    // f itself passes: the JDK filters what resolveObject puts in the run's place too
                    if (c == null || c.isPrimitive() || allowed(c) || f != null && c == f.getClass()) {
                        return ObjectInputFilter.Status.UNDECIDED;
                    }
                    rejected.add(c.getName());
                    return ObjectInputFilter.Status.REJECTED;
                });
            }

            @Override
            protected Object resolveObject(Object obj) {
                if (obj instanceof Placeholder p) {
                    if (p.objective()) {
                        if (f == null && p.components() > 0) {
                            throw new IllegalArgumentException("the run in " + file + " optimized a finite sum of "
                                    + p.components() + " components, whose evaluations count each component: resume"
                                    + " it with that sum, Zo.resume(file, sum), to count as the run did");
                        }
                        return f != null ? attach(f, p, file) : new Objective.External(p.dimension(), p.name());
                    }
                    code.add(p.description());
                    return null;
                }
                return obj;
            }
        }) {
            RunBuilder<?> builder = (RunBuilder<?>) in.readObject();
            if (!code.isEmpty() && !withoutCode) {
                throw new IllegalArgumentException("the run in " + file + " has options that hold code ("
                        + String.join(", ", code) + "), which a checkpoint cannot hold: resume it with the same builder,"
                        + " Zo.resume(file, builder)");
            }
            return builder;
        } catch (InvalidClassException | ClassNotFoundException e) {
            throw new IllegalArgumentException(file + " holds settings this Zeroth cannot read (" + e.getMessage()
                    + (rejected.isEmpty() ? "" : ", classes outside Zeroth: " + rejected)
                    + "); resume it with the version that wrote it", e);
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException(file + " is corrupted: its settings cannot be read (" + e + ")", e);
        }
    }

    /**
     * f in place of the run's objective p: refused when it cannot be the same function — another dimension, or
     * another name where both have one — else f, named as p when it has no name of its own (the run keeps its label).
     */
    private static Objective attach(Objective f, Placeholder p, Path file) {
        String objective = UNNAMED.contains(p.name()) ? "an unnamed objective (" + p.name() + ")" : p.name();
        String run = "resume: the run in " + file + " optimized " + objective + " in dimension "
                + p.dimension() + ", but the objective given";
        String fix = ": give the objective the run was started with (" + objective + ", in dimension "
                + p.dimension() + ")";
        if (f.dimension() > 0 && f.dimension() != p.dimension()) {
            throw new IllegalArgumentException(run + " (" + f.name() + ") is defined in dimension " + f.dimension()
                    + fix);
        }
        int components = f instanceof FiniteSum sum ? sum.n() : 0;
        if (components != p.components()) {
            throw new IllegalArgumentException(run + (components == 0 ? " is not a finite sum" : " is a finite sum of "
                    + components + " components") + ", so its evaluations would count otherwise than the run's"
                    + (p.components() == 0 ? " (f(x) as one)" : " (" + p.components() + " components)") + fix);
        }
        boolean named = !UNNAMED.contains(f.name());
        if (named && !UNNAMED.contains(p.name()) && !f.name().equals(p.name())) {
            throw new IllegalArgumentException(run + " is " + f.name() + fix + "; if f is that same function under"
                    + " another name, name it so: Objective.of(" + p.dimension() + ", \"" + p.name() + "\", f)");
        }
        return named || UNNAMED.contains(p.name()) ? f : Objective.of(p.dimension(), p.name(), f);
    }

    /** What serialization writes for f when f is a serializable lambda, else null. */
    private static SerializedLambda serializedLambda(Object f) {
        try {
            Method writeReplace = f.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            return writeReplace.invoke(f) instanceof SerializedLambda l ? l : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The same lambda: same implementation and the same captured objects. */
    private static boolean sameLambda(SerializedLambda a, SerializedLambda b) {
        if (b == null || !a.getImplClass().equals(b.getImplClass()) || !a.getImplMethodName().equals(b.getImplMethodName())
                || !a.getImplMethodSignature().equals(b.getImplMethodSignature())
                || a.getCapturedArgCount() != b.getCapturedArgCount()) {
            return false;
        }
        for (int i = 0; i < a.getCapturedArgCount(); i++) {
            if (!java.util.Objects.equals(a.getCapturedArg(i), b.getCapturedArg(i))) { // captured primitives come boxed
                return false;
            }
        }
        return true;
    }

    private static boolean allowed(Class<?> c) {
        return ALLOWED.stream().anyMatch(c.getName()::startsWith);
    }
}
