package org.zeroth.kernel;

import java.util.List;

/** What the front-end shows for a failed cell: Jupyter's ename, evalue and traceback lines. */
record CellError(String name, String value, List<String> traceback) {
    static final String RED = "\u001b[0;31m";
    static final String BOLD_RED = "\u001b[1;31m";
    static final String RESET = "\u001b[0m";
}
