package org.zeroth.view;

/** A value that knows how to show itself in a notebook. */
public interface Displayable {
    MimeBundle toMimeBundle();
}
