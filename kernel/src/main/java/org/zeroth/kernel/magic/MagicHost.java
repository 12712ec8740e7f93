package org.zeroth.kernel.magic;

import java.nio.file.Path;
import java.util.Set;

/** What magics may do to the session they run in. */
public interface MagicHost {
    /** Makes a jar or class directory available to the cells that follow. Returns false if it was there already. */
    boolean addToClasspath(Path entry);

    /**
     * Runs Java source as if it were a cell; returns the value to show (null for none).
     * A compile or runtime error is thrown as {@link CellFailedException}.
     */
    Object run(String source, String origin);

    Set<String> lineMagicNames();

    Set<String> cellMagicNames();
}
