"""Tensors.mmul in a cell: right against ND4J's own product, and the kernelspec leaves Zeroth's GEMM policy on
(install.sh writes no ZEROTH_NATIVE_THREADS by default): a large product is cut into blocks on Java threads and
OpenBLAS's count stays at 1."""
import unittest

from harness import KernelPerClass


PRODUCT = """
var a = Nd4j.rand(DataType.FLOAT, 800, 800);
var b = Nd4j.rand(DataType.FLOAT, 800, 800);
var c = org.zeroth.tensor.Tensors.mmul(a, b);
var r = a.mmul(b);
var v = org.zeroth.tensor.Tensors.mmul(a, b.getColumn(7));
double err = Math.max(c.sub(r).norm2Number().doubleValue() / r.norm2Number().doubleValue(),
        v.sub(r.getColumn(7)).norm2Number().doubleValue() / r.getColumn(7).norm2Number().doubleValue());
(err < 1e-5) + "," + org.zeroth.tensor.NativeThreads.blasThreads() + "," + System.getenv("ZEROTH_NATIVE_THREADS")
"""


class Gemm(KernelPerClass):

    def test_mmul_in_a_cell_with_the_default_policy(self):
        self.kernel.ok("import org.nd4j.linalg.api.buffer.DataType;")
        right, blas, choice = self.kernel.ok(PRODUCT).text().strip('"').split(",")
        self.assertEqual("true", right, "Tensors.mmul against ND4J's mmul (relative error < 1e-5)")
        self.assertEqual("1", blas, "OpenBLAS's count after a 5.1e8 product (4 blocks on Java threads)")
        self.assertEqual("null", choice, "the kernelspec leaves ZEROTH_NATIVE_THREADS unset: Zeroth's default applies")


class Jdk17(Gemm, unittest.TestCase):
    java = "17"


class Jdk25(Gemm, unittest.TestCase):
    java = "25"
