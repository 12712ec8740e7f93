package org.zeroth.kernel;

/**
 * Where a piece of source came from ("cell [3]", "file.jsh") and at which line of it it starts, so that compile
 * errors and stack traces speak in the user's lines.
 */
record SourceMap(String origin, String text, int firstLine) {

    /** 1-based line in the origin of {@code offset} (a char index into {@code text}). */
    int lineOf(int offset) {
        int line = firstLine;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The text of the line that holds {@code offset}, and the column of {@code offset} in it. */
    String lineText(int offset) {
        int clamped = Math.max(0, Math.min(offset, text.length()));
        int start = text.lastIndexOf('\n', clamped - 1) + 1;
        int end = text.indexOf('\n', clamped);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    int column(int offset) {
        int clamped = Math.max(0, Math.min(offset, text.length()));
        return clamped - (text.lastIndexOf('\n', clamped - 1) + 1);
    }

    SourceMap sub(int offset, String piece) {
        return new SourceMap(origin, piece, lineOf(offset));
    }
}
