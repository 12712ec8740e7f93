package org.zeroth.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class CellPlanTest {
    @Test
    void lineMagicsSplitCodeAndKeepLineNumbers() {
        List<CellPlan.Step> steps = CellPlan.of("int a = 1;\n%classpath \"lib dir/*.jar\" x.jar\nint b = 2;\nb");
        assertEquals(3, steps.size());
        assertEquals(new CellPlan.Code("int a = 1;\n", 1), steps.get(0));
        assertEquals(new CellPlan.LineMagic("classpath", List.of("lib dir/*.jar", "x.jar")), steps.get(1));
        assertEquals(new CellPlan.Code("int b = 2;\nb\n", 3), steps.get(2));
    }

    @Test
    void cellMagicTakesTheRestOfTheCell() {
        List<CellPlan.Step> steps = CellPlan.of("\n%%time\nThread.sleep(5);\n%notALineMagicHere");
        assertEquals(List.of(new CellPlan.CellMagic("time", List.of(), "Thread.sleep(5);\n%notALineMagicHere")), steps);
    }

    @Test
    void moduloAndPercentInStringsAreJava() {
        List<CellPlan.Step> steps = CellPlan.of("int r = 7\n  % 3;\nString s = \"%d\";");
        assertEquals(1, steps.size());
        assertInstanceOf(CellPlan.Code.class, steps.get(0));
    }

    @Test
    void argumentsHonourQuotesAndEscapes() {
        assertEquals(List.of("a b", "c\"d", "e"), CellPlan.split(" \"a b\"  c\\\"d e "));
        assertEquals(List.of(""), CellPlan.split("\"\""));
    }

    @Test
    void bangLinesAreShellCommandsAtAStatementsStart() {
        List<CellPlan.Step> steps = CellPlan.of("int a = 1;\n!echo \"a  b\" | wc -c\na");
        assertEquals(List.of(new CellPlan.Code("int a = 1;\n", 1),
                new CellPlan.LineMagic(CellPlan.SHELL, List.of("echo \"a  b\" | wc -c")),
                new CellPlan.Code("a\n", 3)), steps);
        assertEquals(CellPlan.LineMagic.class, CellPlan.of("!ls").get(0).getClass());
    }

    @Test
    void bangInsideJavaStaysJava() {
        for (String cell : List.of("boolean b = true\n    &&\n!false;", "if (x) {\n!done();\n}",
                "String s = \"{\";\nboolean t = s.isEmpty()\n!= true;", "!(a && b)", "!!a")) {
            List<CellPlan.Step> steps = CellPlan.of(cell);
            assertEquals(1, steps.size(), cell);
            assertInstanceOf(CellPlan.Code.class, steps.get(0), cell);
        }
    }

    @Test
    void timeitGetsItsJavaRaw() {
        assertEquals(List.of(new CellPlan.LineMagic("timeit", List.of("-n 2 \"a b\".split(\" \")"))),
                CellPlan.of("%timeit -n 2 \"a b\".split(\" \")"));
    }
}
