"""The kernel applies Zeroth's ND4J set-up at start-up: the thread policy (NativeThreads), the memory guard
instead of javacpp's per-allocation /proc read (install.sh's options), and a warmed op path."""
import os
import subprocess
import tempfile
import unittest

from harness import REPO, KernelPerClass


# Waits for the kernel's warm-up thread (which applies the policy) instead of racing it; then reads back.
READ_BACK = """
for (Thread t : Thread.getAllStackTraces().keySet()) {
    if (t.getName().equals("zeroth-warmup")) t.join();
}
org.zeroth.tensor.NativeThreads.ndThreads() + "," + org.zeroth.tensor.NativeThreads.blasThreads() + ","
    + (org.zeroth.tensor.MemoryGuard.cap() > 0) + "," + org.bytedeco.javacpp.Pointer.maxPhysicalBytes() + ","
    + System.getenv("GLIBC_TUNABLES")
"""


class NativeSetUp(KernelPerClass):

    def test_thread_policy_and_memory_guard_are_in_force(self):
        nd, blas, guarded, javacpp_cap, tunables = self.kernel.ok(READ_BACK).text().strip('"').split(",")
        self.assertEqual(("1", "1"), (nd, blas), "ND4J and OpenBLAS threads after start-up")
        self.assertEqual("true", guarded, "install.sh sets -Dzeroth.maxPhysicalBytes")
        self.assertEqual("0", javacpp_cap, "javacpp's per-allocation /proc read is off")
        self.assertEqual("glibc.malloc.hugetlb=1", tunables, "malloc asks for huge pages (kernel.json's env)")

    def test_reductions_are_one_call_in_a_cell(self):
        cell = self.kernel.ok("var v = Nd4j.createFromArray(3f, 4f);\n"
                              "org.zeroth.tensor.Tensors.norm(v) + \" \" + org.zeroth.tensor.Tensors.dot(v, v)")
        self.assertEqual('5.0 25.0', cell.text().strip('"'))


def openblas_core(cpuinfo, environment_core=None):
    """What install/openblas-core.sh prints for a /proc/cpuinfo text (no OpenBLAS is loaded)."""
    with tempfile.NamedTemporaryFile("w", suffix=".cpuinfo") as f:
        f.write(cpuinfo)
        f.flush()
        env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
        env["ZEROTH_CPUINFO"] = f.name
        if environment_core:
            env["OPENBLAS_CORETYPE"] = environment_core
        done = subprocess.run([os.path.join(REPO, "install/openblas-core.sh")], env=env, capture_output=True,
                              text=True, check=True)
        return done.stdout.strip()


def cpu(vendor, family, flags):
    return f"processor\t: 0\nvendor_id\t: {vendor}\ncpu family\t: {family}\nmodel\t\t: 2\nflags\t\t: {flags}\n"


class OpenBlasCore(unittest.TestCase):
    """ND4J's OpenBLAS 0.3.19 takes AMD CPUs from family 26 (Zen 5) for a 2007 Barcelona: the kernelspec and the
    bench ask for its AVX2 kernels there, and nowhere else."""

    def test_haswell_kernels_only_where_openblas_misdetects(self):
        zen5 = cpu("AuthenticAMD", 26, "fpu sse2 avx avx2 fma avx512f avx512bw")
        self.assertEqual("Haswell", openblas_core(zen5))
        self.assertEqual("", openblas_core(zen5, "SkylakeX"), "an OPENBLAS_CORETYPE already set wins")
        self.assertEqual("", openblas_core(cpu("AuthenticAMD", 25, "avx avx2 avx512f")), "Zen 3/4: detected")
        self.assertEqual("", openblas_core(cpu("GenuineIntel", 6, "avx avx2 avx512f")), "Intel: detected")
        self.assertEqual("", openblas_core(cpu("AuthenticAMD", 26, "sse2 avx")), "no AVX2: OpenBLAS's choice")


class Jdk17(NativeSetUp, unittest.TestCase):
    java = "17"


class Jdk25(NativeSetUp, unittest.TestCase):
    java = "25"
