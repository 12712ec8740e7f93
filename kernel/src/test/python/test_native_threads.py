"""The kernel applies Zeroth's ND4J set-up at start-up: the thread policy (NativeThreads), the memory guard
instead of javacpp's per-allocation /proc read, the Vector API module and the heap on huge pages (install.sh's
options), and a warmed op path."""
import unittest

from harness import KernelPerClass


# Waits for the kernel's warm-up thread (which applies the policy) instead of racing it; then reads back.
READ_BACK = """
for (Thread t : Thread.getAllStackTraces().keySet()) {
    if (t.getName().equals("zeroth-warmup")) t.join();
}
org.zeroth.tensor.NativeThreads.ndThreads() + "," + org.zeroth.tensor.NativeThreads.blasThreads() + ","
    + (org.zeroth.tensor.MemoryGuard.cap() > 0) + "," + org.bytedeco.javacpp.Pointer.maxPhysicalBytes() + ","
    + System.getenv("GLIBC_TUNABLES") + "," + ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() + ","
    + java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
        .getVMOption("UseTransparentHugePages").getValue()
"""


# kernel.json's env: huge pages for malloc, one arena, and the thresholds glibc's own would settle at, from the start.
MALLOC = ("glibc.malloc.hugetlb=1:glibc.malloc.arena_max=1:glibc.malloc.mmap_threshold=33554432"
          ":glibc.malloc.trim_threshold=67108864")


def transparent_huge_pages():
    """Whether the system's THP mode lets the JVM put its heap on huge pages (always or madvise)."""
    try:
        with open("/sys/kernel/mm/transparent_hugepage/enabled") as f:
            mode = f.read()
    except OSError:
        return False
    return "[always]" in mode or "[madvise]" in mode


class NativeSetUp(KernelPerClass):

    def test_thread_policy_and_memory_guard_are_in_force(self):
        nd, blas, guarded, javacpp_cap, tunables, vector, heap_thp = \
            self.kernel.ok(READ_BACK).text().strip('"').split(",")
        self.assertEqual(("1", "1"), (nd, blas), "ND4J and OpenBLAS threads after start-up")
        self.assertEqual("true", guarded, "install.sh sets -Dzeroth.maxPhysicalBytes")
        self.assertEqual("0", javacpp_cap, "javacpp's per-allocation /proc read is off")
        self.assertEqual(MALLOC, tunables, "malloc's huge pages, one arena, fixed thresholds (kernel.json's env)")
        self.assertEqual("true", vector, "install.sh adds --add-modules=jdk.incubator.vector (Tensors' float sums)")
        self.assertEqual(str(transparent_huge_pages()).lower(), heap_thp,
                         "the Java heap on huge pages wherever THP is on (install.sh)")

    def test_reductions_are_one_call_in_a_cell(self):
        cell = self.kernel.ok("var v = Nd4j.createFromArray(3f, 4f);\n"
                              "org.zeroth.tensor.Tensors.norm(v) + \" \" + org.zeroth.tensor.Tensors.dot(v, v)")
        self.assertEqual('5.0 25.0', cell.text().strip('"'))


class Jdk17(NativeSetUp, unittest.TestCase):
    java = "17"


class Jdk25(NativeSetUp, unittest.TestCase):
    java = "25"
