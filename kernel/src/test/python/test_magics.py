"""Magics and inspection researchers use, and what a new user trips on: %timeit, shell cells, %vars, memory of
re-run cells, readable errors, completion inside a cell, teaching compile errors, preloaded DSL types, Shift-Tab on
the user's own methods. Driven by jupyter_client against the real kernel, once per JDK."""
import glob
import os
import re
import threading
import time
import unittest

from harness import REPO, SCRATCH, KernelPerClass


# IPython's line: "1.23 ms ± 45.6 µs per loop (mean ± std. dev. of 7 runs, 100 loops each)"
TIMEIT_LINE = re.compile(r"^(\S+) (s|ms|µs|ns) ± (\S+) (s|ms|µs|ns) per loop "
                         r"\(mean ± std\. dev\. of (\d+) runs?, ([\d,]+) loops? each\)$")


class MagicsBehaviour(KernelPerClass):
    """The tests; mixed into one TestCase per JDK below. One kernel per class: cells share its state."""

    def value(self, code):
        return self.kernel.ok(code).text()

    def timeit_line(self, cell):
        lines = [line for line in cell.stdout().splitlines() if "per loop" in line]
        self.assertEqual(1, len(lines), cell.stdout())
        match = TIMEIT_LINE.match(lines[0])
        self.assertIsNotNone(match, lines[0])
        return match

    # ---- %timeit

    def test_timeit_runs_the_given_loops_and_runs_in_the_session(self):
        self.kernel.ok("int timedCalls = 0;\nvoid bumpTimed() { timedCalls++; }")
        match = self.timeit_line(self.kernel.ok("%timeit -n 3 -r 2 timedCalls++"))
        self.assertEqual(("2", "3"), (match.group(5), match.group(6)))
        self.assertEqual("6", self.value("timedCalls"), "3 loops in each of 2 runs, no extra call")
        self.timeit_line(self.kernel.ok("%timeit -n 4 -r 5 bumpTimed()"))  # a void call: timed as a statement
        self.assertEqual("26", self.value("timedCalls"))
        match = self.timeit_line(self.kernel.ok('%timeit -n 1 -r 1 "a b".split(" ")'))  # quotes reach Java
        self.assertEqual(("1", "1"), (match.group(5), match.group(6)))
        self.timeit_line(self.kernel.ok("%timeit -n 2 -r 2 Problems.sphere(3).value(Nd4j.ones(3))"))

    def test_timeit_chooses_the_loop_count_as_ipython(self):
        # IPython tries 1, 10, 100, ... loops until one run takes >= 0.2 s. The first 11 calls are free and every
        # later one sleeps 2 ms, so 100 loops take at least 0.2 s: 1 + 10 + 100 calls to choose, then 2 runs of 100.
        self.kernel.ok("int autoCalls = 0;")
        cell = self.kernel.ok("%%timeit -r 2\nif (++autoCalls > 11) {\n    Thread.sleep(2);\n}")
        match = self.timeit_line(cell)
        self.assertEqual(("2", "100"), (match.group(5), match.group(6)))
        self.assertEqual(str(1 + 10 + 100 + 2 * 100), self.value("autoCalls"))

    def test_timeit_cell_magic_options_and_errors(self):
        self.kernel.ok("int cellCalls = 0;")
        self.timeit_line(self.kernel.ok("%%timeit -n 2 -r 2\ncellCalls++;\ncellCalls++;"))
        self.assertEqual("8", self.value("cellCalls"))
        # the last line needs no ';', as in any cell, even after a comment
        self.timeit_line(self.kernel.ok("%%timeit -n 2 -r 2\ncellCalls++;\ncellCalls++ // twice"))
        self.assertEqual("16", self.value("cellCalls"))
        quiet = self.kernel.ok("%timeit -q -n 1 -r 1 cellCalls++")
        self.assertEqual("", quiet.stdout(), "-q prints nothing")
        result = self.kernel.ok("%timeit -o -n 2 -r 3 cellCalls++")
        self.assertRegex(result.text(), TIMEIT_LINE.pattern[1:-1], "-o returns the result")
        bad = self.kernel.run("%timeit -n 0 cellCalls++")
        self.assertEqual("MagicError", bad.error()["ename"])
        self.assertIn("-n takes a whole number", bad.error()["evalue"])
        self.assertEqual("CompileError", self.kernel.run("%timeit noSuchMethod()").error()["ename"])
        unfinished = self.kernel.run("%timeit zo.minimize(")
        self.assertEqual("MagicError", unfinished.error()["ename"])
        self.assertIn("the code to time does not parse", unfinished.error()["evalue"])
        self.assertIn("zo.minimize(", unfinished.error()["evalue"])
        self.assertNotIn("org.zeroth.kernel.magic", unfinished.traceback(), "the user's code, not the wrapper")
        self.kernel.ok("int failingCalls = 0;\nint failing() { failingCalls++; throw new IllegalStateException(\"no\"); }")
        failed = self.kernel.run("%timeit -n 5 failing()")
        self.assertEqual("IllegalStateException", failed.error()["ename"])
        self.assertEqual("1", self.value("failingCalls"), "a failing expression is run once, not retried")

    # ---- shell

    def test_bash_streams_output_while_it_runs(self):
        cell = self.kernel.ok("%%bash\necho first\necho to-stderr >&2\nsleep 1.5\necho second")
        streams = [(t, m["content"]) for t, m in cell.messages if m["msg_type"] == "stream"]
        out = [(t, c["text"]) for t, c in streams if c["name"] == "stdout"]
        self.assertEqual("first\nsecond\n", "".join(text for _, text in out))
        self.assertEqual("to-stderr\n", cell.stderr())
        first = next(t for t, text in out if "first" in text)
        second = next(t for t, text in out if "second" in text)
        self.assertGreater(second - first, 1.0, "'first' must arrive while the command still runs")
        self.assertEqual("from sh\n", self.kernel.ok("%%sh\necho from sh").stdout())

    def test_bang_lines_run_shell_commands_between_java(self):
        cell = self.kernel.ok('int beforeShell = 41;\n!echo "two  spaces" | tr a-z A-Z\nbeforeShell + 1')
        self.assertEqual("TWO  SPACES\n", cell.stdout())
        self.assertEqual("42", cell.text())
        self.assertEqual("false", self.value("boolean notShell = true\n    &&\n!true;\nnotShell"),
                         "a '!' continuing a Java expression stays Java")

    def test_non_zero_exit_status_is_an_error(self):
        cell = self.kernel.run("%%bash\necho partial\nexit 3")
        self.assertEqual("error", cell.status)
        self.assertEqual("ShellExitException", cell.error()["ename"])
        self.assertIn("exited with status 3", cell.error()["evalue"])
        self.assertEqual("partial\n", cell.stdout())
        self.assertEqual("ShellExitException", self.kernel.run("!false").error()["ename"])
        self.assertEqual("1", self.value("1"), "the kernel carries on")

    def test_interrupt_kills_the_shell_command(self):
        pids = os.path.join(SCRATCH, f"jdk{self.java}-shell-pids")
        if os.path.exists(pids):
            os.remove(pids)
        interrupted = threading.Event()

        def on_message(msg):
            if msg["msg_type"] == "stream" and "started" in msg["content"]["text"] and not interrupted.is_set():
                interrupted.set()
                self.kernel.manager.interrupt_kernel()

        cell = self.kernel.run(f"%%bash\nsleep 120 &\necho $! > {pids}\necho $$ >> {pids}\necho started\nwait\n"
                               f"echo not-reached", on_message=on_message, timeout=60)
        self.assertTrue(interrupted.is_set())
        self.assertEqual("error", cell.status)
        self.assertEqual("Interrupted", cell.error()["ename"])
        self.assertNotIn("not-reached", cell.stdout())
        with open(pids) as f:
            children = [int(line) for line in f.read().split()]
        self.assertEqual(2, len(children), "the sleep and the bash running the cell")
        for pid in children:
            self.assertTrue(self.ends(pid), f"process {pid} still runs after the interrupt")
        self.assertEqual("3", self.value("1 + 2"))

    @staticmethod
    def ends(pid, patience=30.0):
        """Whether the process is gone (or a zombie waiting to be reaped) within `patience` seconds."""
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            try:
                with open(f"/proc/{pid}/stat") as f:
                    if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                        return True
            except (FileNotFoundError, ProcessLookupError):  # reaped before or while reading: gone
                return True
            time.sleep(0.1)
        return False

    # ---- %vars / %whos

    def test_vars_and_whos_show_type_and_a_short_value(self):
        self.kernel.ok('int varsCount = 3;\nString varsHtml = "<b>bold</b>";\nINDArray varsArray = Nd4j.zeros(2, 3);\n'
                       'Run varsRun = zo.minimize(Problems.sphere(2)).from(1.0, 1.0).seed(1).steps(5);\n'
                       'Objective varsLambda = x -> x.getDouble(0);')
        for magic in ("%vars", "%whos"):
            with self.subTest(magic):
                data = self.kernel.ok(magic).result()
                html, text = data["text/html"], data["text/plain"]
                rows = dict(re.findall(r"<tr><td[^>]*><code>(\w+)</code></td>(.*?)</tr>", html))
                self.assertIn("<code>int</code></td><td style=\"text-align:left\">3</td>", rows["varsCount"])
                self.assertIn("shape [2, 3], float", rows["varsArray"])
                self.assertIn("<code>Run</code>", rows["varsRun"])
                self.assertRegex(rows["varsRun"], r"zo-sgd on .*: best f\(x\) = .* after 10 evaluations")
                self.assertIn("&lt;b&gt;bold&lt;/b&gt;", rows["varsHtml"], "values are escaped")
                self.assertNotIn("<b>", html)
                self.assertRegex(text, r"varsArray\s+INDArray\s+shape \[2, 3\], float")
                self.assertIn("a lambda (Objective)", rows["varsLambda"], "not its generated class's name")

    # ---- memory

    def test_rerunning_a_cell_that_allocates_200_mb_leaves_the_heap_bounded(self):
        used_after_gc = ("System.gc();\n"
                         "java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20")
        self.kernel.ok("byte[] block = null;")
        before = int(self.value(used_after_gc))
        for i in range(30):  # edited between runs, as users do: a new snippet each time, not JShell's same one
            self.kernel.ok(f"byte[] block = new byte[200_000_000 + {i % 2}];")
        for _ in range(5):
            self.kernel.ok("new byte[200_000_000]")  # an expression's value is shown, then not kept
        after = int(self.value(used_after_gc))
        self.assertLess(after - before, 2 * 200, f"heap used after GC grew from {before} MB to {after} MB")
        self.assertEqual("200000001", self.value("block.length"), "the live variable keeps its value")

    # ---- errors on dark themes

    def test_error_tracebacks_use_no_black_or_background_colours(self):
        cells = ["int fine = 1;\nint broken = fine + missingName;", "throw new IllegalStateException(\"x\");",
                 "%nosuchmagic", "%%bash\nexit 2", "zo.minimize(Problems.sphere(2)).adma(1e-2)"]
        for code in cells:
            with self.subTest(code=code):
                trace = self.kernel.run(code).traceback()
                codes = re.findall(r"\x1b\[([\d;]*)m", trace)
                self.assertTrue(codes, "errors are coloured")
                for sgr in codes:
                    params = [int(p) for p in sgr.split(";") if p]
                    self.assertNotIn(30, params, f"black text: {sgr!r}")
                    self.assertFalse(any(40 <= p <= 47 or 100 <= p <= 107 for p in params), f"background: {sgr!r}")
                    self.assertNotIn("38;5;0", sgr)
                    self.assertNotIn("38;2;0;0;0", sgr)

    # ---- completion

    def complete(self, code, cursor=None):
        cursor = len(code) if cursor is None else cursor
        return self.kernel.client.complete(code, cursor, reply=True, timeout=60)["content"]

    def test_completion_sees_variables_declared_earlier_in_the_cell(self):
        for declaration in ("Run cellRun = zo.minimize(Problems.sphere(2)).adam(1e-2).steps(20);",
                            "var cellRun = zo.minimize(Problems.sphere(2)).adam(1e-2).steps(20);"):
            with self.subTest(declaration):
                code = declaration + "\ncellRun.best"
                started = time.monotonic()
                reply = self.complete(code)
                elapsed = time.monotonic() - started
                self.assertEqual(["bestPoint()", "bestValue()"], sorted(reply["matches"]), f"{elapsed:.3f} s")
                self.assertEqual((len(code) - 4, len(code)), (reply["cursor_start"], reply["cursor_end"]))
                print(f"[completion in the cell: {elapsed * 1000:.0f} ms]")
        self.assertEqual("CompileError", self.kernel.run("cellRun").error()["ename"], "nothing of the cell was run")
        self.assertIn("max(", self.complete("%classpath nowhere\nMath.ma")["matches"], "magic lines are skipped")

    def test_magics_complete(self):
        reply = self.complete("%ma")
        self.assertEqual(["%maven"], reply["matches"])
        self.assertEqual((0, 3), (reply["cursor_start"], reply["cursor_end"]))
        self.assertEqual(["%%time", "%%timeit"], self.complete("%%ti")["matches"])
        reply = self.complete("int x = 1;\n%wh")
        self.assertEqual((["%whos"], 11), (reply["matches"], reply["cursor_start"]))

    # ---- compile errors that teach

    def test_a_misspelt_method_names_the_nearest_ones(self):
        trace = self.kernel.run("zo.minimize(Problems.sphere(2)).adma(1e-2)").traceback()
        self.assertIn("did you mean adam(double) or adam(double, double, double, double)?", trace)
        self.kernel.ok("Run teachingRun = zo.minimize(Problems.sphere(2)).steps(3);")
        self.assertIn("did you mean bestValue()?", self.kernel.run("teachingRun.bestVale()").traceback())
        self.assertNotIn("did you mean", self.kernel.run("teachingRun.somethingElseEntirely()").traceback())
        # a builder's method it does not have, nowhere near one: how a run starts (zo.cmaes has run(), zo.cbo not)
        builder = self.kernel.run("zo.cbo(Problems.sphere(2)).particles(8).run()").traceback()
        self.assertIn("hint: a builder runs with steps(n)", builder)
        self.assertNotIn("a builder runs", self.kernel.run("teachingRun.somethingElseEntirely()").traceback())
        # a builder where a Run is wanted: the terminal it lacks
        for code in ("zo.repeat(4, seed -> zo.minimize(Problems.sphere(3)).sgd(0.05).seed(seed))",
                     "Run unfinished = zo.cbo(Problems.sphere(2)).particles(8);"):
            self.assertIn("hint: a builder is not a Run until it has run: end it with steps(n)",
                          self.kernel.run(code).traceback(), code)
        self.assertNotIn("not a Run until", self.kernel.run("Run wrong = \"text\";").traceback())

    def test_indexing_an_indarray_says_how_to_read_it(self):
        cell = self.kernel.run("zo.minimize(x -> x[0] * x[0]).from(1.0).steps(3)")
        self.assertEqual("CompileError", cell.error()["ename"])
        trace = cell.traceback()
        self.assertIn("x.getDouble(i)", trace)
        self.assertIn("Objective.ofArray", trace)
        self.assertEqual(1, trace.count("Objective.ofArray"), "one hint for the two errors")

    def test_an_objective_lambda_of_another_shape_says_what_an_objective_is(self):
        for code in ("zo.minimize((double[] x) -> x[0] * x[0]).from(1.0).steps(3)",
                     "zo.cbo((x, y) -> x.getDouble(0)).from(1.0).steps(3)"):
            cell = self.kernel.run(code)
            self.assertEqual("CompileError", cell.error()["ename"], code)
            self.assertIn("an objective is a function of one INDArray", cell.traceback(), code)
        other = self.kernel.run("java.util.function.Function<String, Integer> f = (Integer a) -> 1;")
        self.assertNotIn("objective", other.traceback(), "only where zo takes an objective")

    # ---- preloaded types

    def test_every_dsl_type_resolves_without_an_import(self):
        names = set()
        roots = [os.path.join(REPO, "dsl/src/main/java/org/zeroth"), os.path.join(REPO, "datasets/src/main/java/org/zeroth")]
        declaration = re.compile(r"^public\s+(?:(?:abstract|final|sealed|non-sealed|strictfp)\s+)*"
                                 r"(?:class|interface|record|enum|@interface)\s+(\w+)", re.M)
        for root in roots:
            for path in glob.glob(os.path.join(root, "**/*.java"), recursive=True):
                with open(path, encoding="utf-8") as f:
                    match = declaration.search(f.read())
                if match and os.path.basename(os.path.dirname(path)) != "kernel":
                    names.add(match.group(1))
        for expected in ("Schedule", "Objective", "Problems", "Run", "Repeats", "Adam", "GradientEstimator", "Cbo"):
            self.assertIn(expected, names)
        cell = self.kernel.run("java.util.List.of(" + ", ".join(f"{n}.class" for n in sorted(names)) + ").size()")
        self.assertEqual("ok", cell.status, cell.traceback())
        self.assertEqual(str(len(names)), cell.text())
        run = self.kernel.ok("zo.minimize(Problems.sphere(2)).schedule(Schedule.inverseSqrt()).steps(3).evaluations()")
        self.assertEqual("6", run.text())
        shell = self.kernel.run("List.of(1, 2).size() + Map.of(\"a\", 1).size() + Path.of(\"x\").getNameCount()"
                                " + Stream.of(1).count() + new ConcurrentHashMap<String, Integer>().size() + Pattern.compile(\"a\").flags()")
        self.assertEqual("5", shell.text(), "JShell's default imports: " + shell.traceback())
        # what the README's snippets use beside the DSL: features(DataType.DOUBLE), timeLimit(Duration.ofSeconds(…))
        more = self.kernel.run("Duration.ofSeconds(2).getSeconds() + \" \" + DataType.DOUBLE")
        self.assertEqual("2 DOUBLE", more.text(), more.traceback())

    # ---- inspection

    def test_shift_tab_shows_the_comment_of_a_users_method(self):
        self.kernel.ok("/**\n * Squares its argument, as the lecture's\n * first example.\n */\n"
                       "double squareIt(double x) {\n    return x * x;\n}\n"
                       "double undocumented(double x) { return x; }")
        code = "squareIt(3)"
        reply = self.kernel.client.inspect(code, 3, reply=True, timeout=60)["content"]
        self.assertTrue(reply["found"], reply)
        self.assertIn("Squares its argument, as the lecture's", reply["data"]["text/plain"])
        self.assertIn("first example.", reply["data"]["text/html"])
        self.assertNotIn("*", reply["data"]["text/plain"].split("\n", 1)[1])
        other = self.kernel.client.inspect("undocumented(1)", 3, reply=True, timeout=60)["content"]
        self.assertNotIn("Squares", other["data"]["text/plain"])

    # ---- %lsmagic

    def test_lsmagic_lists_and_explains_every_magic(self):
        out = self.kernel.ok("%lsmagic").stdout()
        for magic in ("%timeit", "%vars", "%whos", "%%timeit", "%%bash", "%%sh", "!", "%maven", "%%time"):
            line = next((l for l in out.splitlines() if l.split()[:1] == [magic]), None)
            self.assertIsNotNone(line, f"{magic} in:\n{out}")
            self.assertGreater(len(line.split(None, 1)[1]), 10, f"{magic} is explained")


class Jdk17(MagicsBehaviour, unittest.TestCase):
    java = "17"


class Jdk25(MagicsBehaviour, unittest.TestCase):
    java = "25"
