package org.zeroth;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A run builder as bytes (Java serialization) for a checkpoint. Code cannot travel in a file, so the objective and
 * any other function that is not serializable (a lambda given to an option) are written as placeholders: on
 * reading, the objective becomes the one given to {@link Zo#resume(Path, Objective)}, or an
 * {@link Objective#external external} one for ask/tell; another function becomes a stand-in that says, when
 * called, to resume with the builder itself ({@link Zo#resume(Path, RunBuilder)}).
 */
final class BuilderCodec {
    private static final ObjectInputFilter ONLY_ZEROTH = ObjectInputFilter.Config.createFilter(
            "org.zeroth.**;org.nd4j.**;java.**;maxdepth=64;!*");

    private BuilderCodec() {
    }

    /** A function the file stands in for: the run's objective, or another piece of code. */
    record Placeholder(boolean objective, String description, List<String> interfaces, int dimension, String name)
            implements Serializable {
    }

    static byte[] write(RunBuilder<?> builder) {
        Objective f = builder.objective();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes) {
            {
                enableReplaceObject(true);
            }

            @Override
            protected Object replaceObject(Object obj) {
                if (obj == f) {
                    return new Placeholder(true, f.toString(), List.of(), f.dimension(), f.name());
                }
                if (!(obj instanceof Serializable) || obj.getClass().isSynthetic()
                        || obj.getClass().getName().contains("$$Lambda")) {
                    return new Placeholder(false, obj.getClass().getName(), interfaces(obj.getClass()), 0, null);
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
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            {
                enableResolveObject(true);
                setObjectInputFilter(ONLY_ZEROTH);
            }

            @Override
            protected Object resolveObject(Object obj) {
                if (obj instanceof Placeholder p) {
                    return p.objective() ? f != null ? f : Objective.external(p.dimension(), p.name()) : standIn(p, file);
                }
                return obj;
            }
        }) {
            return (RunBuilder<?>) in.readObject();
        } catch (InvalidClassException | ClassNotFoundException e) {
            throw new IllegalArgumentException(file + " holds settings this Zeroth cannot read (" + e.getMessage()
                    + "); resume it with the version that wrote it", e);
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException(file + " is corrupted: its settings cannot be read (" + e + ")", e);
        }
    }

    private static List<String> interfaces(Class<?> type) {
        Set<String> all = new LinkedHashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().startsWith("org.zeroth.") || i.getName().startsWith("java.util.function.")) {
                    all.add(i.getName());
                }
            }
        }
        return new ArrayList<>(all);
    }

    /** Implements the placeholder's interfaces; any call says how to give the code back. */
    private static Object standIn(Placeholder p, Path file) {
        List<Class<?>> types = new ArrayList<>();
        for (String name : p.interfaces()) {
            try {
                types.add(Class.forName(name, false, BuilderCodec.class.getClassLoader()));
            } catch (ClassNotFoundException e) {
                // an interface this version lacks: the stand-in cannot implement it
            }
        }
        if (types.isEmpty()) {
            return null;
        }
        String message = "the run in " + file + " used code (" + p.description() + ") that a checkpoint cannot hold;"
                + " resume it with the same builder: Zo.resume(file, builder)";
        return Proxy.newProxyInstance(BuilderCodec.class.getClassLoader(), types.toArray(Class<?>[]::new),
                (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> "code from " + file + " (" + p.description() + ")";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new IllegalStateException(message);
                });
    }
}
