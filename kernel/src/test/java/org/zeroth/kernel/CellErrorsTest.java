package org.zeroth.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CellErrorsTest {
    private static final String CODE = "\tString s = \"\uD83D\uDE00\"; int b = oops;";

    /** The caret under the error as the line shows: its tabs kept, a character outside the BMP one column. */
    @Test
    void theCaretStandsUnderTheErrorPastTabsAndEmoji() {
        SourceMap cell = new SourceMap("cell [2]", "int a = 1;\n" + CODE, 1);
        int at = cell.text().indexOf("oops");
        List<String> shown = plain(CellErrors.compileError(cell, at, at + 4, "cannot find symbol").traceback());
        assertEquals("    " + CODE, shown.get(shown.size() - 2));
        // after the tab: `String s = "😀"; int b = ` is 24 characters as the line shows them
        assertEquals("    \t" + " ".repeat(24) + "^~~~", shown.get(shown.size() - 1));
    }

    @Test
    void theUnderlineIsAsLongAsTheCharactersItMarks() {
        SourceMap cell = new SourceMap("cell [3]", CODE, 1);
        int at = cell.text().indexOf('"');
        List<String> shown = plain(CellErrors.compileError(cell, at, at + 4, "incompatible types").traceback());
        assertEquals("    \t" + " ".repeat(11) + "^~~", shown.get(shown.size() - 1)); // "😀" is 3 characters
    }

    /** javac's "';' expected" points past the line's last character. */
    @Test
    void anErrorAtTheEndOfALineIsMarkedJustPastIt() {
        SourceMap cell = new SourceMap("cell [4]", "\tint b = 1\nint c = 2;", 1);
        int at = cell.text().indexOf('\n');
        List<String> shown = plain(CellErrors.compileError(cell, at, at, "';' expected").traceback());
        assertEquals("    \t" + " ".repeat(9) + "^", shown.get(shown.size() - 1));
    }

    private static List<String> plain(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll("\u001b\\[[0-9;]*m", "")).toList();
    }
}
