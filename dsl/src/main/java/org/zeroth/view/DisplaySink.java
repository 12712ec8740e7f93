package org.zeroth.view;

/**
 * Where displays go when something shows itself outside of a cell's result: the Jupyter kernel
 * installs one (display_data / update_display_data), scripts have none.
 */
public interface DisplaySink {
    /** Shows {@code bundle} as a new display that can later be updated under {@code displayId}. */
    void display(String displayId, MimeBundle bundle);

    /** Replaces the display shown under {@code displayId}. */
    void update(String displayId, MimeBundle bundle);
}
