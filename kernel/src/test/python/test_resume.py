"""Issue 13: a run checkpointed in one kernel resumes after a kernel restart, bit for bit (no state survives the
restart but the file)."""
import os
import unittest

from harness import SCRATCH, KernelPerClass

DEFINE = """
Objective bowl = x -> { double[] v = x.toDoubleVector(); return (v[0] - 0.3) * (v[0] - 0.3) + 2 * v[1] * v[1] + 3 * (v[2] + 0.1) * (v[2] + 0.1); };
String describe(Run r) { return r.evaluations() + " " + r.bestValue() + " " + java.util.Arrays.toString(r.finalPoint().toDoubleVector())
    + " " + java.util.Arrays.toString(r.trace().numberColumn("value").asDoubleArray()); }
"""


class Resume(KernelPerClass):

    def test_a_run_resumes_after_a_kernel_restart(self):
        file = os.path.join(SCRATCH, f"resume-{self.java}.ckpt")
        self.kernel.ok(DEFINE)
        whole = self.kernel.ok("describe(zo.cmaes(bowl).from(0.5, -0.5, 0.4).sigma(0.3).seed(5).maxEvaluations(80)"
                               ".steps(Long.MAX_VALUE))").text()
        self.kernel.ok(f"""
var o = zo.cmaes(Objective.external(3)).from(0.5, -0.5, 0.4).sigma(0.3).seed(5).maxEvaluations(80).start();
for (int i = 0; i < 33; i++) {{ Candidate c = o.ask(); o.tell(c, bowl.value(c.point())); }}
o.save(java.nio.file.Path.of("{file}"));
""")
        self.kernel.restart()
        self.assertEqual("error", self.kernel.run("o").status, "the restart forgot everything")
        self.kernel.ok(DEFINE)
        resumed = self.kernel.ok(f"""
var again = Zo.resume(java.nio.file.Path.of("{file}"));
int told = 0;
while (!again.isDone()) {{ for (Candidate c : again.ask(10)) {{ again.tell(c, bowl.value(c.point())); told++; }} }}
told + " " + describe(again.run())""").text().strip('"')
        told, rest = resumed.split(" ", 1)
        self.assertEqual(whole.strip('"'), rest, "the resumed run is the uninterrupted one")
        self.assertEqual(80 - 33, int(told), "only the values after the checkpoint are asked again")


class Jdk17(Resume, unittest.TestCase):
    java = "17"


class Jdk25(Resume, unittest.TestCase):
    java = "25"
