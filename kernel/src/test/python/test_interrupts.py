"""Interrupting DSL runs in the real kernel, once per JDK: every method, progress on and off, a Java-loop and an
ND4J objective, interrupts at random (seeded) times. Each must end in an ok reply whose Run says "interrupted", the
progress display in its final line, and the kernel must go on working. Also: a blocking objective, a failed run's
display and zo.lastRun()."""
import random
import re
import threading
import time
import unittest

from harness import KERNELS, Kernel, KernelPerClass


# A run that lost its interrupt stops here (TIME_LIMIT) and fails the trial instead of hanging the suite.
SAFETY = ".timeLimit(java.time.Duration.ofSeconds(40))"
START = "from(new double[5])"

# Every method, as a cell expression over the objective {f} with progress option {p}.
METHODS = {
    "zo.minimize": "zo.minimize({f})." + START + ".adam(1e-3){p}" + SAFETY + ".steps(100_000_000)",
    "ranking": "zo.minimizeByRanking(org.zeroth.estimate.RankingOracle.of({f}, 5))." + START + "{p}" + SAFETY
               + ".steps(100_000_000)",
    "cbo": "zo.cbo({f}).particles(8).spread(1)." + START + "{p}" + SAFETY + ".steps(100_000_000)",
    "cmaes": "zo.cmaes({f})." + START + "{p}" + SAFETY + ".run()",
    "nelderMead": "zo.nelderMead({f})." + START + ".tolerance(0, 1e-300){p}" + SAFETY + ".run()",
    "powell": "zo.powell({f})." + START + ".tolerance(1e-15, 1e-300){p}" + SAFETY + ".run()",
    "bobyqa": "zo.bobyqa({f})." + START + ".within(-5, 5).trustRegion(1, 1e-300){p}" + SAFETY + ".run()",
    "randomSearch": "zo.randomSearch({f})." + START + ".within(-5, 5){p}" + SAFETY + ".steps(100_000_000)",
    "inPlace": "zo.minimize({f}).from(Nd4j.createFromArray(new float[5])).withGaussianDirections(1e-2).central()"
               ".inPlace(){p}" + SAFETY + ".steps(100_000_000)",
}

# Noisy, and at least 4 ms an evaluation (a busy wait: a floor whatever the machine's speed), so that no method
# can converge before its interrupt: the quickest, BOBYQA and Powell, need 650+ evaluations (≥ 2.6 s) to converge
# on these, and every interrupt is sent at most 1.8 s after the run's first evaluation.
OBJECTIVES = """
void atLeast4ms(long start) {
    while (System.nanoTime() - start < 4_000_000) { }
}
Objective announced(Objective f) { // says "go" at the first evaluation: the run has started
    boolean[] said = {false};
    return x -> {
        if (!said[0]) {
            said[0] = true;
            System.out.println("go");
        }
        return f.value(x);
    };
}
Objective javaLoop = Objective.ofArray(x -> {
    long start = System.nanoTime();
    double s = 0;
    for (int r = 0; r < 2000; r++) for (int i = 0; i < x.length; i++) s += (x[i] - 1) * (x[i] - 1);
    atLeast4ms(start);
    return s / 2000 + 0.2 * Math.random();
});
INDArray heavyA = Nd4j.rand(new int[]{48, 48});
INDArray heavyB = Nd4j.zeros(48, 48);
INDArray heavyC = Nd4j.zeros(48, 48);
Objective nd4j = x -> {
    long start = System.nanoTime();
    heavyA.mmul(heavyA, heavyB);
    heavyB.mmul(heavyA, heavyC);
    double s = 0;
    for (int i = 0; i < x.length(); i++) s += (x.getDouble(i) - 1) * (x.getDouble(i) - 1);
    atLeast4ms(start);
    return s + 0.2 * Math.random() * (heavyC.getDouble(0) > -1 ? 1 : 0);
};
"""


class InterruptBehaviour(KernelPerClass):
    """The tests; mixed into one TestCase per JDK below. One kernel per class."""
    preload = OBJECTIVES

    def interrupted_run(self, code, delay):
        """Runs `code`, whose objective says 'go' when the run starts; interrupts `delay` seconds after that line
        arrives. The cell, and whether the interrupt was sent before the cell ended."""
        started = threading.Event()
        done = threading.Event()
        sent = {}

        def on_message(msg):
            if msg["msg_type"] == "stream" and "go" in msg["content"]["text"]:
                started.set()

        def later():
            if started.wait(60) and not done.wait(delay):
                sent["at"] = time.monotonic()
                self.kernel.manager.interrupt_kernel()

        threading.Thread(target=later, daemon=True).start()
        cell = self.kernel.run(code, timeout=120, on_message=on_message)
        done.set()
        return cell, "at" in sent

    def check_trials(self, objective, seed, trials_per_case):
        rng = random.Random(seed)
        cases = [(m, p) for m in METHODS for p in (True, False)]
        counts = {"interrupts": 0, "kept": 0, "ended first": 0}
        lost, ended_first = [], []
        for method, progress in cases:
            for _ in range(trials_per_case):
                # The progress display appears after 1 s: interrupt around then to land in it, earlier without it.
                delay = rng.uniform(0.8, 1.8) if progress else rng.uniform(0.0, 0.7)
                code = METHODS[method].format(f=f"announced({objective})", p="" if progress else ".progress(false)")
                cell, interrupted = self.interrupted_run(code, delay)
                if not interrupted:
                    counts["ended first"] += 1
                    ended_first.append((method, (cell.text() or cell.traceback())[:120]))
                    continue
                counts["interrupts"] += 1
                text = cell.text() or ""
                progress_lines = [c["data"]["text/plain"] for c in cell.of_type("display_data")
                                  + cell.of_type("update_display_data")
                                  if c.get("transient", {}).get("display_id", "").startswith("zeroth-progress")]
                # The display's last state is the "done" line (no time left in it), saying why the run ended.
                final = not progress_lines or "elapsed" not in progress_lines[-1]
                if cell.status == "ok" and "(interrupted)" in text and final and (
                        not progress_lines or "interrupted after" in progress_lines[-1]):
                    counts["kept"] += 1
                elif cell.status == "ok" and "(converged)" in text and final:
                    counts["ended first"] += 1  # converged as the interrupt was sent: nothing to keep
                    ended_first.append((method, text[:120]))
                else:
                    lost.append((method, progress, round(delay, 3), cell.status, text[:200] or cell.traceback()[:300],
                                 progress_lines[-1:] if progress_lines else None))
        print(f"\n[interrupts] jdk{self.java} {objective}: {counts['interrupts']} interrupts, {counts['kept']} kept"
              f" the run, {counts['ended first']} runs ended before their interrupt {ended_first}", flush=True)
        self.assertEqual([], lost, "interrupted runs that were lost or left the progress display open")
        self.assertEqual(len(cases) * trials_per_case, counts["kept"], "every run must still be going when"
                         " interrupted (the objective's floor makes it so): a run that ends first tests nothing")
        self.assertEqual("2", self.kernel.ok("1 + 1").text(), "the kernel keeps working")

    def test_interrupts_with_a_java_loop_objective(self):
        self.check_trials("javaLoop", seed=1000 + int(self.java), trials_per_case=1)

    def test_interrupts_with_an_nd4j_objective(self):
        self.check_trials("nd4j", seed=2000 + int(self.java), trials_per_case=1)

    def test_interrupting_a_long_zo_minimize_cell_returns_its_run(self):
        self.kernel.ok("int keptAcross = 41;")
        cell, interrupted = self.interrupted_run(
            "zo.minimize(announced(Problems.rosenbrock(50))).from(new double[50]).adam(1e-4)" + SAFETY
            + ".steps(100_000_000)", 0.5)
        self.assertTrue(interrupted)
        self.assertEqual("ok", cell.status, cell.traceback())
        self.assertRegex(cell.text(), r"\d+ steps \(interrupted\)")
        self.assertEqual("INTERRUPTED", self.kernel.ok("zo.lastRun().stopReason()").text())
        self.assertEqual("42", self.kernel.ok("keptAcross + 1").text(), "the kernel keeps its state")
        self.assertEqual("STEPS", self.kernel.ok(
            "zo.minimize(Problems.sphere(3)).steps(10).stopReason()").text(), "the next run is not interrupted")

    def test_an_interrupt_ends_the_cell_not_only_its_running_statement(self):
        """As in IPython: the statements after the interrupted one do not run; the interrupted run is kept. Five
        times, at different moments of the run, with a magic after the statements too."""
        rng = random.Random(3000 + int(self.java))
        for trial in range(5):
            code = ("Run first = zo.minimize(announced(javaLoop))." + START + ".adam(1e-3).progress(false)" + SAFETY
                    + ".steps(100_000_000);\n"
                    "System.out.println(\"second statement ran\");\n"
                    "%lsmagic")
            cell, interrupted = self.interrupted_run(code, rng.uniform(0.0, 0.6))
            self.assertTrue(interrupted, f"trial {trial}")
            self.assertEqual("error", cell.status, f"trial {trial}: {cell.stdout()}")
            self.assertEqual("Interrupted", cell.error()["ename"], cell.traceback())
            self.assertIn("stopped before line 2", re.sub(r"\x1b\[[0-9;]*m", "", cell.traceback()))
            self.assertNotIn("second statement ran", cell.stdout())
            self.assertEqual("INTERRUPTED", self.kernel.ok("first.stopReason()").text(), "the run is kept")
        self.assertIn("second statement ran", self.kernel.ok('System.out.println("second statement ran");').stdout(),
                      "the next cell runs whole")

    def test_an_interrupt_ends_a_loop_of_runs_at_the_run_it_cut(self):
        """A loop of runs ends at the interrupt, as a Python loop does: the interrupted run is kept in the list and in
        zo.lastRun(), and no run after it is made (before, the loop went on making runs of 0 steps). Three times."""
        rng = random.Random(4000 + int(self.java))
        for trial in range(3):
            code = ("List<Run> made = new ArrayList<>();\n"
                    "for (int i = 0; i < 400; i++) made.add(zo.minimize(i == 1 ? announced(javaLoop) : javaLoop)."
                    + START + ".adam(1e-3).progress(false)" + SAFETY + ".steps(i == 0 ? 3 : 100_000_000));")
            cell, interrupted = self.interrupted_run(code, rng.uniform(0.0, 0.6))
            self.assertTrue(interrupted, f"trial {trial}")
            self.assertEqual("Interrupted", cell.error()["ename"], cell.traceback())
            self.assertIn("did not start", cell.error()["evalue"])
            self.assertEqual("2 STEPS INTERRUPTED true", self.kernel.ok(
                'made.size() + " " + made.get(0).stopReason() + " " + made.get(1).stopReason() + " "'
                ' + (zo.lastRun() == made.get(1))').text(), f"trial {trial}")

    def test_an_interrupt_as_the_kernel_starts_ends_the_first_cell(self):
        """A cell sent as the kernel starts waits for its Java session (seconds); interrupted once it has started
        (its execute_input), it ends, before its first line or in its endless loop if the session was ready. Before,
        an interrupt while the session started was dropped and this cell never ended."""
        kernel = Kernel(KERNELS[self.java])
        try:
            def on_message(msg):
                if msg["msg_type"] == "execute_input":
                    kernel.manager.interrupt_kernel()

            cell = kernel.run('System.out.println("first line ran");\nwhile (true) Thread.onSpinWait();',
                              timeout=60, on_message=on_message)
            self.assertEqual("error", cell.status, cell.stdout())
            self.assertEqual("Interrupted", cell.error()["ename"], cell.traceback())
            print(f"\n[interrupts] jdk{self.java}: the first cell was interrupted "
                  + ("in its loop" if "first line ran" in cell.stdout() else "before its first line"), flush=True)
            self.assertEqual("2", kernel.ok("1 + 1").text(), "the kernel works on")
        finally:
            kernel.shutdown()

    def test_an_interrupted_declaration_says_so(self):
        """A run assigned to a variable shows no value: without a progress display the interrupt was silent."""
        code = ("Run declared = zo.minimize(announced(javaLoop))." + START + ".adam(1e-3).progress(false)" + SAFETY
                + ".steps(100_000_000);")
        cell, interrupted = self.interrupted_run(code, 0.3)
        self.assertTrue(interrupted)
        self.assertEqual("error", cell.status, cell.stdout())
        self.assertEqual("Interrupted", cell.error()["ename"], cell.traceback())
        self.assertIn("in its last statement", cell.error()["evalue"])
        self.assertEqual("INTERRUPTED", self.kernel.ok("declared.stopReason()").text(), "the run is kept")

    def test_an_interrupt_in_a_blocking_objective_is_an_interrupt(self):
        blocking = ("zo.minimize(announced(x -> { try { Thread.sleep(5); } catch (InterruptedException e) {"
                    " throw new RuntimeException(e); } return x.norm2Number().doubleValue(); }))"
                    ".from(new double[3]).progress(false)" + SAFETY + ".steps(100_000_000)")
        cell, interrupted = self.interrupted_run(blocking, 0.3)
        self.assertTrue(interrupted)
        self.assertEqual("ok", cell.status, cell.traceback())
        self.assertIn("(interrupted)", cell.text())
        self.assertNotIn("failure", cell.text())

    def test_a_failed_run_shows_the_run_so_far_and_stays_reachable(self):
        cell = self.kernel.run("Run failing = zo.minimize(x -> { if (x.getDouble(0) > 0.05) throw new"
                               " IllegalStateException(\"boom\"); return -x.getDouble(0); })"
                               ".from(new double[1]).sgd(1e-2).steps(1000);")
        self.assertEqual("error", cell.status)
        self.assertEqual("RunFailedException", cell.error()["ename"])
        traceback = re.sub(r"\x1b\[[0-9;]*m", "", cell.traceback())
        self.assertIn("The run so far", traceback)
        self.assertRegex(traceback, r"after \d+ evaluations, \d+ steps \(failed\)")
        self.assertEqual("FAILED", self.kernel.ok("zo.lastRun().stopReason()").text())
        self.assertIn("boom", self.kernel.ok("zo.lastRun().failure()").text())

    def test_an_interrupted_check_or_estimate_is_an_interrupt(self):
        """An exercise check or zo.estimate, interrupted (here by the cell itself, at a set moment), ends the cell as
        an interrupt, with no verdict (the check used to blame a right solution) and no Oracle$Stop; a failing
        objective in zo.estimate is an EstimateFailedException, not Oracle$Failure."""
        check = self.kernel.run(
            "Exercises.zoSgdStep((f, x, h, lr, u) -> {\n"
            "    Thread.currentThread().interrupt(); // lands before the check's reference run\n"
            "    double slope = (f.value(new double[] {x[0] + h * u[0], x[1] + h * u[1], x[2] + h * u[2]})"
            " - f.value(x)) / h;\n"
            "    return new double[] {x[0] - lr * slope * u[0], x[1] - lr * slope * u[1], x[2] - lr * slope * u[2]};\n"
            "})")
        self.assertEqual("Interrupted", check.error()["ename"], check.traceback())
        self.assertIn("the ZO-SGD step check was interrupted, so it gives no verdict", check.error()["evalue"])
        estimate = self.kernel.run(
            "int[] calls = {0};\n"
            "zo.estimate(x -> { if (++calls[0] == 7) org.zeroth.Interrupts.interrupt(Thread.currentThread());"
            " return 0.0; }, new double[3]).withGaussianDirections(1e-3).trials(1000)")
        self.assertEqual("Interrupted", estimate.error()["ename"], estimate.traceback())
        self.assertIn("zo.estimate was interrupted in trial 4 of 1000", estimate.error()["evalue"])
        failing = self.kernel.run("zo.estimate(x -> Double.NaN, new double[3]).withGaussianDirections(1e-3).trials(10)")
        self.assertEqual("EstimateFailedException", failing.error()["ename"], failing.traceback())
        self.assertIn("the objective returned NaN at evaluation 1", failing.error()["evalue"])
        self.assertEqual("STEPS", self.kernel.ok("zo.minimize(Problems.sphere(3)).steps(10).stopReason()").text(),
                         "the next cell is not interrupted")


class Jdk17(InterruptBehaviour, unittest.TestCase):
    java = "17"


class Jdk25(InterruptBehaviour, unittest.TestCase):
    java = "25"
