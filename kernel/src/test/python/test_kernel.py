"""The Zeroth kernel driven by jupyter_client, once per JDK: protocol, results, errors, interrupts, magics."""
import hashlib
import hmac
import json
import os
import subprocess
import threading
import re
import time
import unittest
import uuid

import zmq

from harness import KERNELS, SCRATCH, Kernel, KernelPerClass



class KernelBehaviour(KernelPerClass):
    """The tests; mixed into one TestCase per JDK below. One kernel per class: cells share its state."""

    def scratch(self, name):
        path = os.path.join(SCRATCH, f"jdk{self.java}-{name}")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return path

    # ---- protocol basics

    def test_kernel_info(self):
        reply = self.kernel.client.kernel_info(reply=True, timeout=60)["content"]
        self.assertEqual("zeroth", reply["implementation"])
        info = reply["language_info"]
        self.assertEqual("java", info["name"])
        self.assertEqual(".jshell", info["file_extension"])
        self.assertEqual("text/x-java-source", info["mimetype"])
        self.assertEqual("text/x-java", info["codemirror_mode"])
        self.assertTrue(info["version"].startswith(str(self.java)), info["version"])
        self.assertTrue(reply["help_links"])

    def test_expression_result_and_streams(self):
        self.assertEqual("2", self.kernel.ok("1+1").text())
        cell = self.kernel.ok('System.out.println("out"); System.err.println("err");')
        self.assertEqual("out\n", cell.stdout())
        self.assertEqual("err\n", cell.stderr())
        self.assertIsNone(cell.result(), "statements show no value")
        self.assertIsNone(self.kernel.ok("int declared = 5;").result(), "declarations show no value")
        self.assertEqual("10", self.kernel.ok("declared * 2").text())

    def test_several_statements_and_methods_in_one_cell(self):
        cell = self.kernel.ok("int twice(int a) {\n    return 2 * a;\n}\nint base = 20;\ntwice(base) + 2")
        self.assertEqual("42", cell.text())

    def test_a_changed_method_is_the_one_earlier_code_calls(self):
        """As in JShell's own engine: editing a helper's body reaches objectives and lambdas built on it before."""
        self.kernel.ok("double helper(INDArray x) { return x.getDouble(0) * x.getDouble(0); }")
        self.kernel.ok("Objective viaHelper = x -> helper(x);")
        self.assertEqual("9.0", self.kernel.ok("viaHelper.value(Nd4j.createFromArray(3.0))").text())
        self.kernel.ok("double helper(INDArray x) { return 2 * x.getDouble(0) * x.getDouble(0); }")
        self.assertEqual("18.0", self.kernel.ok("viaHelper.value(Nd4j.createFromArray(3.0))").text())
        self.kernel.ok("int twiceOf(int a) { return 2 * a; }\njava.util.function.IntUnaryOperator op = a -> twiceOf(a);")
        self.kernel.ok("int twiceOf(int a) { return 3 * a; }")
        self.assertEqual("6", self.kernel.ok("op.applyAsInt(2)").text(), "a method and its user in one cell too")

    def test_output_streams_while_the_cell_runs(self):
        cell = self.kernel.ok('System.out.println("first"); Thread.sleep(1500); System.out.println("second");')
        streams = [(t, m["content"]["text"]) for t, m in cell.messages if m["msg_type"] == "stream"]
        self.assertEqual(["first\n", "second\n"], [text for _, text in streams])
        self.assertGreater(streams[1][0] - streams[0][0], 1.0, "'first' must arrive before the cell ends")

    def test_stdin_input_request(self):
        cell = self.kernel.run('new java.util.Scanner(System.in).nextLine().toUpperCase()', stdin="hello")
        self.assertEqual("ok", cell.status, cell.traceback())
        self.assertEqual("HELLO", cell.text())

    def test_input_typed_for_one_cell_is_not_read_by_the_next(self):
        self.assertEqual("121", self.kernel.run("System.in.read()", stdin="yes").text(), "'y'")
        self.assertEqual("110", self.kernel.run("System.in.read()", stdin="no").text(), "'n', not the 'e' left over")
        self.kernel.run("System.in.read()", stdin="left")
        self.assertEqual("-1", self.kernel.run("System.in.read()", stdin=False).text(), "without stdin: end of input")
        self.assertEqual("-1", self.kernel.run("System.in.read()", stdin="\x04").text(), "Ctrl-D: end of input")

    def test_an_interrupt_while_input_is_asked_ends_the_cell_as_interrupted(self):
        client = self.kernel.client
        msg_id = client.execute("String answer = new java.util.Scanner(System.in).nextLine();", allow_stdin=True)
        self.assertEqual("input_request", client.get_stdin_msg(timeout=60)["msg_type"])
        self.kernel.manager.interrupt_kernel()
        reply = client.get_shell_msg(timeout=60)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = client.get_shell_msg(timeout=60)
        self.assertEqual("Interrupted", reply["content"].get("ename"), reply["content"])
        self.assertEqual("110", self.kernel.run("System.in.read()", stdin="no").text(), "input works after it")

    def test_user_expressions_are_evaluated_after_the_cell(self):
        msg_id = self.kernel.client.execute("int userBase = 20;",
                                            user_expressions={"twice": "userBase * 2", "missing": "noSuchName"})
        reply = self.kernel.client.get_shell_msg(timeout=60)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kernel.client.get_shell_msg(timeout=60)
        values = reply["content"]["user_expressions"]
        self.assertEqual("ok", values["twice"]["status"])
        self.assertEqual("40", values["twice"]["data"]["text/plain"])
        self.assertEqual("error", values["missing"]["status"])
        self.assertIn("cannot find symbol", values["missing"]["evalue"])
        self.assertIn("noSuchName", "\n".join(values["missing"]["traceback"]), "the traceback shows the expression")

    # ---- errors

    # Run All's abort (stop_on_error) is tested in test_protocol.py, repeated so its race cannot hide.

    def test_compile_error_names_the_line_and_marks_it(self):
        cell = self.kernel.run("int fine = 1;\nint broken = fine + missingName;")
        self.assertEqual("error", cell.status)
        self.assertEqual("CompileError", cell.error()["ename"])
        trace = cell.traceback()
        self.assertIn("line 2", trace)
        self.assertIn("missingName", trace)
        self.assertIn("^", trace)

    def test_a_compile_error_after_statements_that_ran_says_they_ran(self):
        cell = self.kernel.run('System.out.println("a");\nint ranFirst = 1;\n\n  double y = Math.sqrt(2)\nSystem.out.println("b");')
        self.assertEqual("CompileError", cell.error()["ename"])
        self.assertEqual("a\n", cell.stdout())
        self.assertIn("the statements before line 4 of cell [", cell.traceback())
        self.assertIn("] ran, and what they defined is kept", cell.traceback())
        self.assertEqual("1", self.kernel.ok("ranFirst").text())
        alone = self.kernel.run("int broken = ;")
        self.assertNotIn("statements before", alone.traceback(), "nothing ran before a first statement")

    def test_compile_error_in_a_chain_marks_the_call_not_the_chain(self):
        """The README's style: one call per line. The error is on the line of the unknown call, marked there (it was
        reported on line 1, under the start of the statement)."""
        cell = self.kernel.run("Run ry = zo.minimize(Problems.sphere(2))\n   .withGaussianDirections(1e-3)\n"
                               "   .adma(1e-2)\n   .steps(10);")
        self.assertEqual("CompileError", cell.error()["ename"])
        trace = re.sub(r"\x1b\[[0-9;]*m", "", cell.traceback())
        self.assertIn("line 3: cannot find symbol", trace)
        code_line = next(i for i, l in enumerate(trace.splitlines()) if l.strip() == ".adma(1e-2)")
        caret = trace.splitlines()[code_line + 1]
        self.assertEqual(caret.index("^"), trace.splitlines()[code_line].index("."), trace)

    def test_runtime_error_trace_starts_at_user_code(self):
        cell = self.kernel.run("int divide(int a) {\n    return 10 / a;\n}\ndivide(0)")
        self.assertEqual("error", cell.status)
        self.assertEqual("ArithmeticException", cell.error()["ename"])
        self.assertEqual("/ by zero", cell.error()["evalue"])
        trace = cell.traceback()
        self.assertIn("divide (cell [", trace)
        self.assertIn("line 2)", trace)
        for internal in ("jdk.internal", "org.zeroth.kernel", "java.lang.reflect", "jdk.jshell"):
            self.assertNotIn(internal, trace)
        # a lambda's frame is named as a lambda (javac calls it lambda$do_it$$0, lambda$viaLambda$1)
        cell = self.kernel.run("int viaLambda(int a) {\n    java.util.function.IntUnaryOperator f = b -> 10 / b;\n"
                               "    return f.applyAsInt(a);\n}\njava.util.function.IntUnaryOperator top = a -> viaLambda(a);"
                               "\ntop.applyAsInt(0)")
        trace = re.sub(r"\x1b\[[0-9;]*m", "", cell.traceback())
        frames = [l.strip() for l in trace.splitlines() if l.strip().startswith("at ")]
        self.assertEqual("at lambda in viaLambda (cell [", frames[0][:30], trace)
        self.assertIn(", line 2)", frames[0])
        self.assertTrue(frames[1].startswith("at viaLambda (cell ["), trace)
        self.assertTrue(frames[2].startswith("at lambda (cell [") and frames[2].endswith(", line 5)"), trace)
        self.assertNotIn("lambda$", trace)

    def test_a_wrapped_failure_is_told_once(self):
        """A run that fails wraps the objective's exception twice (the oracle's failure, the RunFailedException):
        each quotes the message below it, so the trace names the causes without repeating their text."""
        cell = self.kernel.run('zo.minimize(x -> { throw new IllegalStateException("simulator diverged here"); })'
                               '.from(0.0).progress(false).steps(2)')
        self.assertEqual("RunFailedException", cell.error()["ename"])
        trace = re.sub(r"\x1b\[[0-9;]*m", "", cell.traceback())
        self.assertEqual(1, trace.count("simulator diverged here"), trace)  # the run's summary below does not repeat it
        self.assertIn("Caused by: java.lang.IllegalStateException (its message is in the one above)", trace)
        self.assertNotIn("Oracle$Failure", trace, "the DSL's own wrapper is not news")
        self.assertNotIn("at org.zeroth.", trace.replace("at org.zeroth.kernel", ""), "the DSL's frames are folded")
        self.assertIn("frames inside Zeroth", trace)
        self.assertIn("The run so far", trace)

    def test_a_variable_a_redefinition_empties_says_so(self):
        """JShell gives a variable its default again when its class is defined again; the user's results were gone
        without a word (jshell itself says "reset to null")."""
        self.kernel.ok("class Holder { Run run; Holder(Run r) { run = r; } }\n"
                       "Holder held = new Holder(zo.minimize(Problems.sphere(2)).progress(false).steps(3));\n"
                       "var inferred = new Holder(null);\nint untouched = 7;")
        cell = self.kernel.ok("class Holder { Run run; String label = \"x\"; Holder(Run r) { run = r; } }")
        self.assertIn("note: held (Holder) was reset to null because Holder was defined again", cell.stderr())
        self.assertIn("note: inferred can no longer be used because Holder was defined again", cell.stderr())
        self.assertNotIn("untouched", cell.stderr(), "a variable the change does not touch keeps its value")
        self.assertEqual("7", self.kernel.ok("untouched").text())
        # a variable declared again with another type: a lambda made before still reads the old one
        self.kernel.ok("double scale = 2.0;\nObjective scaled = x -> scale * x.getDouble(0);")
        cell = self.kernel.ok("int scale = 10;")
        self.assertIn("note: scale is now int (it was double); code compiled before, such as a lambda made from it,"
                      " still reads the old double scale", cell.stderr())
        self.assertEqual("", self.kernel.ok("int scale = 11;").stderr(), "declared again alike: no note")

    def test_a_null_variable_is_named_as_the_user_wrote_it(self):
        """JShell's wrapper classes stay out of messages; a variable declared again since the code that reads it
        was compiled reads null there, and the note says what to run again (the course's exercises hit this)."""
        cell = self.kernel.run("String plainNull = null;\nplainNull.length()")
        value = cell.error()["evalue"]
        self.assertIn('because "plainNull" is null', value)
        self.assertNotIn("$JShell$", cell.traceback())
        self.assertNotIn("declared again", value, "a variable that is null now is simply null")
        self.kernel.ok("java.util.function.IntSupplier twoPoint = () -> 2;\n"
                       "java.util.function.IntSupplier viaTwoPoint = () -> twoPoint.getAsInt() + 1;")
        self.assertEqual("3", self.kernel.ok("viaTwoPoint.getAsInt()").text())
        self.kernel.ok("int twoPoint = 3;")
        cell = self.kernel.run("viaTwoPoint.getAsInt()")
        value = cell.error()["evalue"]
        self.assertIn('because "twoPoint" is null (twoPoint was declared again, now int twoPoint', value)
        self.assertIn("run again the cell that defines it", value)
        self.assertNotIn("$JShell$", cell.traceback())

    def test_a_failed_cast_names_the_classes_not_their_loaders(self):
        """A ClassCastException said which class loader held each class (JShell's, with its hash): noise to a user.
        An object of a class declared again since read "class Point cannot be cast to class Point": it says why."""
        cell = self.kernel.run('Object text = "x";\nInteger number = (Integer) text;')
        self.assertEqual("ClassCastException", cell.error()["ename"], cell.traceback())
        self.assertEqual("class java.lang.String cannot be cast to class java.lang.Integer", cell.error()["evalue"])
        self.assertNotIn("loader", cell.traceback())
        self.kernel.ok("class Point { }")
        self.kernel.ok("Object made = new Point();")
        self.kernel.ok("class Point { int x; }")
        cell = self.kernel.run("Point p = (Point) made;")
        value = cell.error()["evalue"]
        self.assertTrue(value.startswith("class Point cannot be cast to class Point (Point was declared again after"
                                         " this object was made"), value)
        self.assertNotIn("loader", cell.traceback())
        self.assertNotIn("$JShell$", cell.traceback())

    def test_survives_exception_stack_overflow_oom_and_exit(self):
        self.kernel.ok("String survivor = \"still here\";")
        cases = {
            "throw new IllegalStateException(\"boom\");": "IllegalStateException",
            "int down(int n) { return down(n + 1) + 1; }\ndown(0)": "StackOverflowError",
            "long[] huge = new long[Integer.MAX_VALUE - 16];": "OutOfMemoryError",
            "{ var hog = new java.util.ArrayList<long[]>(); while (true) hog.add(new long[1 << 20]); }": "OutOfMemoryError",
            "System.exit(3);": "SystemExit",
            "Runtime.getRuntime().halt(1);": "SystemExit",
            # exits the cell's code does not make itself: by reflection, and in a library (javac's main exits)
            "Runtime.class.getMethod(\"exit\", int.class).invoke(Runtime.getRuntime(), 4);": "SystemExit",
            "com.sun.tools.javac.Main.main(new String[] {\"-version\"});": "SystemExit",
        }
        for code, ename in cases.items():
            with self.subTest(code=code):
                cell = self.kernel.run(code)
                self.assertEqual("error", cell.status)
                self.assertEqual(ename, cell.error()["ename"], cell.traceback())
                self.assertEqual("still here", self.kernel.ok("survivor").text())
        self.assertIn("times]", self.kernel.run("down(0)").traceback(), "recursion is folded")
        self.assertIn("Runtime.halt(1) was called", self.kernel.run("Runtime.getRuntime().halt(1);").error()["evalue"])
        # another thread's library exit ends that thread, not the kernel
        self.kernel.ok("Thread exiting = new Thread(() -> { try { Runtime.class.getMethod(\"halt\", int.class)"
                       ".invoke(Runtime.getRuntime(), 5); } catch (ReflectiveOperationException e) {"
                       " throw new RuntimeException(e); } }); exiting.start(); exiting.join();")
        self.assertEqual("still here", self.kernel.ok("survivor").text())

    def test_a_run_stopped_for_memory_keeps_its_partial_run_and_the_next_cell_can_free_it(self):
        # The objective fills the heap from its 101st call: the guard stops the cell, the run ends with its first
        # 50 steps (2 calls each), and the cells after it, which start with the heap still full, may free it.
        self.kernel.ok("int calls = 0; var hog = new java.util.ArrayList<double[]>();")
        cell = self.kernel.run(
            "Run filling = zo.minimize(Objective.ofArray(x -> { if (++calls > 100) while (true) hog.add(new double"
            "[10_000_000]); return x[0] * x[0]; })).from(1.0).sgd(0.1).seed(4).progress(false).steps(1000);")
        self.assertEqual("OutOfMemoryError", cell.error()["ename"], cell.traceback())
        self.assertIn("a run it was making ended with what it had", cell.error()["evalue"])
        self.assertEqual("INTERRUPTED 50 100 true", self.kernel.ok(
            "filling.stopReason() + \" \" + filling.steps() + \" \" + filling.evaluations() + \" \""
            " + (zo.lastRun() == filling)").text())
        for attempt in range(3):
            self.assertEqual("kept", self.kernel.ok("var stillThere = hog.size() > 0; \"kept\"").text())
        self.assertEqual("freed", self.kernel.ok("hog = null; System.gc(); \"freed\"").text())
        self.assertEqual("2", self.kernel.ok("1 + 1").text())

    # ---- interrupt

    def interrupt_after(self, seconds):
        sent = {}

        def later():
            time.sleep(seconds)
            sent["at"] = time.monotonic()
            self.kernel.manager.interrupt_kernel()

        threading.Thread(target=later, daemon=True).start()
        return sent

    def test_interrupt_stops_an_endless_loop_and_keeps_state(self):
        self.kernel.ok("int kept = 41;")
        sent = self.interrupt_after(1.0)
        cell = self.kernel.run("while (true) {}", timeout=60)
        ended = time.monotonic()
        self.assertEqual("error", cell.status)
        self.assertEqual("Interrupted", cell.error()["ename"])
        self.assertLess(ended - sent["at"], 5.0, "the loop must stop within about a second")
        self.assertEqual("42", self.kernel.ok("kept + 1").text())

    def test_interrupt_is_cooperative_first(self):
        sent = self.interrupt_after(1.0)
        cell = self.kernel.run(
            "long spins = 0;\nwhile (!Thread.currentThread().isInterrupted()) { spins++; }\n\"not shown\"")
        self.assertIn("at", sent)
        self.assertEqual("error", cell.status, "as in IPython the cell ends at the interrupt")
        self.assertIn("stopped before line 3", re.sub(r"\x1b\[[0-9;]*m", "", cell.traceback()),
                      "code that checks the interrupt flag ends on its own (a forced stop ends inside line 2)")
        self.assertEqual("true", self.kernel.ok("spins > 0").text(), "what it did is kept")
        sent = self.interrupt_after(1.0)
        cell = self.kernel.run("Thread.sleep(60_000);")
        self.assertEqual("InterruptedException", cell.error()["ename"])

    def test_interrupt_with_nothing_running_is_harmless(self):
        self.kernel.manager.interrupt_kernel()
        time.sleep(0.5)
        self.assertEqual("3", self.kernel.ok("1 + 2").text())

    # ---- rich output

    def test_display_data_with_the_dsl_mime_types(self):
        self.kernel.ok(
            'record Shown(String name) implements Displayable {\n'
            '    public MimeBundle toMimeBundle() {\n'
            '        return MimeBundle.text("shown " + name)\n'
            '            .with(MimeBundle.HTML, "<b>" + name + "</b>")\n'
            '            .with(MimeBundle.PLOTLY, "{\\"data\\": [{\\"y\\": [1, 2]}], \\"layout\\": {}}");\n'
            '    }\n'
            '}')
        data = self.kernel.ok('new Shown("run")').result()
        self.assertEqual("shown run", data["text/plain"])
        self.assertEqual("<b>run</b>", data["text/html"])
        self.assertEqual({"data": [{"y": [1, 2]}], "layout": {}}, data["application/vnd.plotly.v1+json"],
                         "JSON mime types travel as JSON objects")
        self.assertEqual(["text/plain", "text/html", "application/vnd.plotly.v1+json"], list(data))

    def test_display_and_update_display(self):
        cell = self.kernel.ok('display("first", "progress");\nupdateDisplay("progress", "second");\ndisplay(7);')
        shown = cell.of_type("display_data")
        updated = cell.of_type("update_display_data")
        self.assertEqual("first", shown[0]["data"]["text/plain"])
        self.assertEqual("progress", shown[0]["transient"]["display_id"])
        self.assertEqual("second", updated[0]["data"]["text/plain"])
        self.assertEqual("progress", updated[0]["transient"]["display_id"])
        self.assertEqual("7", shown[1]["data"]["text/plain"])
        self.assertIsNone(cell.result())

    def test_the_dsl_display_sink_is_installed(self):
        cell = self.kernel.ok(
            'Views.sink().get().display("live", MimeBundle.text("step 1"));\n'
            'Views.sink().get().update("live", MimeBundle.text("step 2"));')
        self.assertEqual("live", cell.of_type("display_data")[0]["transient"]["display_id"])
        self.assertEqual("step 2", cell.of_type("update_display_data")[0]["data"]["text/plain"])

    def test_a_long_dsl_run_shows_live_progress_then_its_result(self):
        # About 2.5 s of 10 ms evaluations: over the 1 s threshold, so the run shows and updates one display.
        cell = self.kernel.ok(
            'Run live = zo.minimize(x -> { try { Thread.sleep(10); } catch (InterruptedException e) {'
            ' Thread.currentThread().interrupt(); } return x.getDouble(0) * x.getDouble(0); })'
            '.from(1.0).withGaussianDirections(1e-3).sgd(0.1).steps(120);\nlive')
        shown = [m for t, m in cell.messages if m["msg_type"] == "display_data"]
        updates = [(t, m) for t, m in cell.messages if m["msg_type"] == "update_display_data"]
        self.assertEqual(1, len(shown), "one live display")
        display_id = shown[0]["content"]["transient"]["display_id"]
        self.assertGreaterEqual(len(updates), 3, "the display is updated while the run goes on")
        self.assertTrue(all(m["content"]["transient"]["display_id"] == display_id for _, m in updates))
        # At most one update per 0.2 s of the run's own time (no wall-clock assertion: under load the run's
        # clock and the throttle's stretch together), plus the first and the closing one.
        seconds = float(self.kernel.ok('live.trace().doubleColumn("seconds").max()').text())
        self.assertLessEqual(len(updates), seconds / 0.2 + 2, f"at most a few updates a second: {len(updates)} in {seconds} s")
        final = updates[-1][1]["content"]["data"]["text/plain"]
        self.assertIn("ran all requested steps", final, "the last update closes the display with the outcome")
        self.assertIn("240 evaluations", final)
        result = cell.result()
        self.assertIn("zo-sgd on f", result["text/plain"], "the run itself is the cell's result")
        self.assertIn("image/svg+xml", result)

    # ---- completion, inspection, is_complete, history

    def complete(self, code, cursor=None):
        cursor = len(code) if cursor is None else cursor
        return self.kernel.client.complete(code, cursor, reply=True, timeout=60)["content"]

    def test_completion(self):
        reply = self.complete("Math.ma")
        self.assertEqual("ok", reply["status"])
        self.assertIn("max(", reply["matches"])
        self.assertEqual((5, 7), (reply["cursor_start"], reply["cursor_end"]))
        self.kernel.ok("int completionTarget = 1;")
        self.assertIn("completionTarget", self.complete("int other = 2;\ncompletionTar")["matches"])
        # Package names come from an index JShell builds in the background (the kernel waits 3 s for it): under
        # load a kernel just started may need longer, so this asks again until the index is there.
        deadline = time.monotonic() + 120
        packages = self.complete("import java.util.concurr")["matches"]
        while not packages and time.monotonic() < deadline:
            packages = self.complete("import java.util.concurr")["matches"]
        self.assertIn("concurrent.", packages)
        self.assertIn("text(", self.complete("MimeBundle.te")["matches"], "DSL classes complete too")
        self.assertIn("length()", self.complete('"abc".leng')["matches"])
        self.assertIn("max(", self.complete('// a comment\n/* and "another" */ Math.ma')["matches"])
        # JShell would complete an empty snippet in these: every type name
        for nothing in ("%classpath /tm", "!ls /tm", "!ls ", "int a = 1; // zo.", "/* zo.", 'String s = "zo.',
                        'char c = \'', 'String t = """\n  zo.'):
            self.assertEqual([], self.complete(nothing)["matches"], nothing)

    def test_inspection(self):
        for code, cursor in (("Math.max(", 9), ("Math.max(1, 2)", 6)):
            reply = self.kernel.client.inspect(code, cursor, reply=True, timeout=60)["content"]
            self.assertEqual("ok", reply["status"])
            self.assertTrue(reply["found"], code)
            self.assertIn("Math.max(int a, int b)", reply["data"]["text/plain"])

    def test_inspection_shows_the_dsl_javadoc(self):
        code = "zo.minimize(Problems.sphere(2)).withGaussianDirections(1e-3)"
        reply = self.kernel.client.inspect(code, code.index("withGaussian") + 4, reply=True, timeout=60)["content"]
        self.assertTrue(reply["found"], reply)
        text = reply["data"]["text/plain"]
        self.assertIn("withGaussianDirections(double", text)  # JDK 25 prints no parameter names here
        self.assertIn("smoothing radius", text, "the DSL's Javadoc, from the sources its jar carries")
        self.assertIn("smoothing radius", reply["data"]["text/html"])
        # after the closing parenthesis of a call: the called method's Javadoc, not only the result's type
        self.kernel.ok("Run inspected = zo.minimize(Problems.sphere(2)).progress(false).steps(2);")
        for call in ("inspected.bestValue()", "zo.minimize(Problems.sphere(2)).withGaussianDirections(1e-3)"):
            reply = self.kernel.client.inspect(call, len(call), reply=True, timeout=60)["content"]
            self.assertTrue(reply["found"], reply)
            self.assertIn("luckiest sample" if "best" in call else "smoothing radius", reply["data"]["text/plain"])
            body = [l for l in reply["data"]["text/plain"].splitlines()[1:] if l.strip()]
            self.assertTrue(all(l.startswith("    ") and not l.startswith("     ") for l in body), body)
        # the JDK's own Javadoc reads as text on every JDK (Temurin 25's JShell hands it over as source)
        jdk = self.kernel.client.inspect("Math.floorMod(7, 3)", 8, reply=True, timeout=60)["content"]
        self.assertTrue(jdk["found"], jdk)
        for raw in ("{@code", "<p>", "</"):
            self.assertNotIn(raw, jdk["data"]["text/plain"])

    def test_is_complete(self):
        def status(code):
            msg_id = self.kernel.client.is_complete(code)
            reply = self.kernel.client.get_shell_msg(timeout=60)
            self.assertEqual(msg_id, reply["parent_header"]["msg_id"])
            return reply["content"]

        self.assertEqual("complete", status("int x = 1;")["status"])
        incomplete = status("for (int i = 0; i < 3; i++) {")
        self.assertEqual("incomplete", incomplete["status"])
        self.assertEqual("    ", incomplete["indent"])
        self.assertEqual("complete", status("%lsmagic")["status"])

    def test_history(self):
        self.kernel.ok("int rememberedInHistory = 3;")
        reply = self.kernel.client.history(hist_access_type="tail", n=50, reply=True, timeout=60)["content"]
        inputs = [entry[2] for entry in reply["history"]]
        self.assertIn("int rememberedInHistory = 3;", inputs)

    # ---- magics

    def test_lsmagic(self):
        out = self.kernel.ok("%lsmagic").stdout()
        for magic in ("%classpath", "%jars", "%maven", "%load", "%lsmagic", "%%time"):
            self.assertIn(magic, out)

    def test_time(self):
        cell = self.kernel.ok("%%time\nThread.sleep(50);\n6 * 7")
        self.assertIn("Wall time:", cell.stdout())
        self.assertEqual("42", cell.text())
        error = self.kernel.run("%%time\nint ok = 1;\nint bad = nope;")
        self.assertIn("line 3", error.traceback(), "lines count from the cell's first line")

    def test_load(self):
        script = self.scratch("script.jsh")
        with open(script, "w") as f:
            f.write("int loadedValue = 5;\nloadedValue * 2\n")
        self.assertEqual("10", self.kernel.ok(f"%load {script}").text())
        self.assertEqual("5", self.kernel.ok("loadedValue").text())
        with open(script, "w") as f:
            f.write("int loadedFirst = 1;\nint loadedBroken = ;\n")
        error = self.kernel.run(f"\n\n%load {script}")
        self.assertIn(f"the statements before line 2 of {os.path.basename(script)} ran", error.traceback())

    def test_classpath_and_jars_with_globs(self):
        src = self.scratch("jarsrc/demo/Greeter.java")
        os.makedirs(os.path.dirname(src), exist_ok=True)
        with open(src, "w") as f:
            f.write("package demo; public class Greeter { public static String hi() { return \"hi from a jar\"; } }")
        classes = self.scratch("jarclasses")
        jars = self.scratch("jars")
        os.makedirs(jars, exist_ok=True)
        subprocess.run(["javac", "--release", "17", "-d", classes, src], check=True)
        subprocess.run(["jar", "cf", os.path.join(jars, "greeter.jar"), "-C", classes, "."], check=True)
        cell = self.kernel.ok(f"%classpath {jars}/*.jar\ndemo.Greeter.hi()")
        self.assertIn("Added 1 entry", cell.stdout())
        self.assertEqual("hi from a jar", cell.text())
        self.assertIn("there already: a jar or class changed since is not loaded again; restart the kernel",
                      self.kernel.ok(f"%jars {jars}/*.jar").stdout())
        self.assertEqual("MagicError", self.kernel.run(f"%jars {jars}/*.nothing").error()["ename"])

    def test_maven(self):
        cell = self.kernel.ok("%maven org.apache.commons:commons-text:1.12.0", timeout=600)
        self.assertIn("Resolved org.apache.commons:commons-text:1.12.0", cell.stdout())
        self.assertNotIn("note:", cell.stdout(), "the kernel has no commons-text of its own")
        text = self.kernel.ok('org.apache.commons.text.WordUtils.capitalizeFully("zeroth order")').text()
        self.assertEqual("Zeroth Order", text)
        # Guava is the kernel's too, in another version: its own comes first, and the cell is told which wins
        guava = self.kernel.ok("%maven com.google.guava:guava:31.1-jre", timeout=600).stdout()
        self.assertRegex(guava, r"note: the kernel has its own guava-[0-9.]+-jre\.jar, which comes first .* so cells"
                                r" use it rather than guava-31\.1-jre\.jar")
        bad = self.kernel.run("%maven org.zeroth:no-such-artifact:0.0.1", timeout=600)
        self.assertEqual("MagicError", bad.error()["ename"])

    def test_unknown_magic(self):
        cell = self.kernel.run("%nosuchmagic 1 2")
        self.assertEqual("MagicError", cell.error()["ename"])
        self.assertNotIn("did you mean", cell.error()["evalue"])
        for typo, meant in (("%mavne org.a:b:1", "%maven"), ("%classpth x.jar", "%classpath"), ("%%bahs\necho", "%%bash")):
            self.assertIn(f"did you mean {meant}?", self.kernel.run(typo).error()["evalue"], typo)
        self.assertIn("did you mean %%time (a cell magic", self.kernel.run("%time 1 + 1").error()["evalue"])

    def test_a_cell_magic_below_the_first_line_is_refused_whole(self):
        cell = self.kernel.run('System.out.println("first");\n%%bash\necho hi')
        self.assertEqual("MagicError", cell.error()["ename"])
        self.assertIn("%%bash is on line 2: a cell magic applies to the whole cell", cell.error()["evalue"])
        self.assertNotIn("first", cell.stdout(), "nothing of the cell ran")
        self.assertEqual(1, cell.traceback().count("MagicError"), "said once")

    # ---- security

    def raw_execute(self, sign):
        """Sends an execute_request straight to the shell socket, signed by `sign(frames) -> bytes`."""
        info = self.kernel.client.get_connection_info()
        marker = self.scratch(f"pwned-{uuid.uuid4().hex}")
        header = {"msg_id": uuid.uuid4().hex, "session": uuid.uuid4().hex, "username": "attacker",
                  "date": "2026-01-01T00:00:00.000000Z", "msg_type": "execute_request", "version": "5.3"}
        content = {"code": f'java.nio.file.Files.writeString(java.nio.file.Path.of("{marker}"), "x");',
                   "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False,
                   "stop_on_error": True}
        frames = [json.dumps(part).encode() for part in (header, {}, {}, content)]
        ctx = zmq.Context.instance()
        sock = ctx.socket(zmq.DEALER)
        sock.linger = 0
        sock.connect(f"tcp://{info['ip']}:{info['shell_port']}")
        sock.send_multipart([b"<IDS|MSG>", sign(frames)] + frames)
        time.sleep(2.0)
        got_reply = sock.poll(100) != 0
        sock.close()
        return marker, got_reply

    def test_mis_signed_and_unsigned_messages_are_not_executed(self):
        key = self.kernel.client.session.key
        self.assertTrue(key, "the test kernel must have a key")
        for label, sign in (("wrong key", lambda frames: self.hmac_hex(b"not-the-key", frames)),
                            ("unsigned", lambda frames: b""),
                            ("tampered", lambda frames: self.hmac_hex(key, frames[:3] + [b"{}"]))):
            with self.subTest(label):
                marker, got_reply = self.raw_execute(sign)
                self.assertFalse(os.path.exists(marker), f"a {label} message was executed")
                self.assertFalse(got_reply, f"a {label} message was answered")
        self.assertEqual("2", self.kernel.ok("1 + 1").text(), "the kernel still serves signed requests")
        marker, got_reply = self.raw_execute(lambda frames: self.hmac_hex(key, frames))
        self.assertTrue(os.path.exists(marker), "a correctly signed raw message is executed (control)")

    @staticmethod
    def hmac_hex(key, frames):
        mac = hmac.new(key, digestmod=hashlib.sha256)
        for frame in frames:
            mac.update(frame)
        return mac.hexdigest().encode()

    def test_sockets_bind_only_to_the_connection_ip(self):
        info = self.kernel.client.get_connection_info()
        self.assertEqual("127.0.0.1", info["ip"])
        ports = {info[k] for k in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")}
        listening = {}
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            with open(table) as f:
                for line in f.readlines()[1:]:
                    local, state = line.split()[1], line.split()[3]
                    address, port = local.rsplit(":", 1)
                    if state == "0A" and int(port, 16) in ports:  # LISTEN
                        listening.setdefault(int(port, 16), set()).add(address)
        self.assertEqual(ports, set(listening))
        for port, addresses in listening.items():
            loopback = {"0100007F", "0000000000000000FFFF00000100007F"}  # 127.0.0.1, also as IPv4-mapped IPv6
            self.assertTrue(addresses <= loopback, f"port {port} listens beyond loopback: {addresses}")


class Jdk17(KernelBehaviour, unittest.TestCase):
    java = "17"


class Jdk25(KernelBehaviour, unittest.TestCase):
    java = "25"


class Restart(unittest.TestCase):
    def test_restart_gives_a_fresh_working_session(self):
        self.assertTrue(KERNELS, "no kernel installed: ZEROTH_TEST_JDKS names no JDK that exists")
        for java, name in sorted(KERNELS.items()):
            with self.subTest(java=java):
                kernel = Kernel(name)
                try:
                    kernel.ok("int beforeRestart = 1;")
                    kernel.restart()
                    self.assertEqual("CompileError", kernel.run("beforeRestart").error()["ename"])
                    self.assertEqual("2", kernel.ok("1 + 1").text())
                finally:
                    kernel.shutdown()
