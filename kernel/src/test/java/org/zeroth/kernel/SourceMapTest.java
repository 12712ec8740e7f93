package org.zeroth.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SourceMapTest {
    @Test
    void linesAndColumnsCountFromTheOrigin() {
        SourceMap cell = new SourceMap("cell [4]", "int a = 1;\nint b = oops;\n", 3);
        int at = cell.text().indexOf("oops");
        assertEquals(4, cell.lineOf(at));
        assertEquals("int b = oops;", cell.lineText(at));
        assertEquals(8, cell.column(at));
        assertEquals(4, cell.sub(11, "int b = oops;").firstLine());
    }
}
