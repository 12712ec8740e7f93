package org.zeroth;

import java.nio.file.Path;

/**
 * A result's plot, as {@code run.plot()} returns it: it shows itself in a notebook and saves to a file. The
 * drawing lives in {@code org.zeroth.view} ({@code Figure} implements this), so computing code needs no rendering.
 */
public interface Chart {
    /** Writes the plot to {@code path} by its extension: .html (self-contained), .svg, .png or .json. */
    Path save(Path path);

    default Path save(String path) {
        return save(Path.of(path));
    }
}
