package org.zeroth.kernel.magic;

import org.zeroth.kernel.exec.SnippetClasses;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** What magics may do to the session they run in. */
public interface MagicHost {
    /** Makes a jar or class directory available to the cells that follow. Returns false if it was there already. */
    boolean addToClasspath(Path entry);

    /** Adds many entries at once (the code index is rebuilt once); returns how many were new. */
    int addAllToClasspath(List<Path> entries);

    /** The cells' compiled classes, to serve to JVMs other than the kernel's (Spark executors). */
    SnippetClasses snippetClasses();

    /**
     * Runs Java source as if it were a cell; returns the value to show (null for none).
     * A compile or runtime error is thrown as {@link CellFailedException}.
     */
    Object run(String source, String origin);

    /**
     * Runs {@code work} as a cell's code runs, so that an interrupt stops it: for work that calls the user's code,
     * such as a value's toString(). {@code when} says what it does ("while %vars described the variables"). A stop
     * or failure is thrown as {@link CellFailedException}.
     */
    <T> T inCell(Callable<T> work, String when);

    /** The session's variables, oldest first (JShell's temporary {@code $1}-style values are not kept). */
    List<Variable> variables();

    /** A variable of the session; {@code value} is null while it cannot be used (it needs something undefined). */
    record Variable(String name, String type, Object value, boolean defined) { }

    Set<String> lineMagicNames();

    Set<String> cellMagicNames();
}
