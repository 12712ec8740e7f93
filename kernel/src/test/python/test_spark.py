"""%spark and notebook lambdas on a real Spark cluster: a standalone Master and two Workers in their own JVMs on
127.0.0.1 (spark_cluster.py), driven from the real kernel by a real Jupyter client, once per JDK. A lambda written
in a cell runs in executor JVMs that fetch its class from the kernel; its results equal the kernel's own; a cell
lambda that reads a notebook variable, or captures something that cannot be serialized, fails with a message that
says what to do, and the kernel goes on."""
import glob
import os
import re
import socket
import unittest

from harness import REPO, KernelPerClass
from spark_cluster import Cluster

TARGET = os.path.dirname(os.path.abspath(os.environ.get("ZEROTH_KERNEL_JAR",
                                                        os.path.join(REPO, "kernel/target/zeroth-kernel.jar"))))
CLUSTER = None


def setUpModule():
    global CLUSTER
    if not glob.glob(os.path.join(TARGET, "lib-spark/spark-core_*.jar")):
        raise AssertionError(f"no Spark jars in {TARGET}/lib-spark: build the kernel without -DskipSpark")
    first_jdk = [h for h in os.environ.get("ZEROTH_TEST_JDKS", "").split(":") if h][0]
    CLUSTER = Cluster(first_jdk, TARGET, os.path.join(os.environ.get("ZEROTH_TEST_SCRATCH", "/tmp"), "spark"))


def tearDownModule():
    if CLUSTER:
        CLUSTER.stop()


def artifacts(folder):
    """Artifact names of the jars in a folder (name-1.2.3.jar -> name)."""
    return {re.sub(r"-\d[^-]*(-[a-z]+)?\.jar$", "", os.path.basename(j)) for j in glob.glob(os.path.join(folder, "*.jar"))}


# The same function of a point, as a Spark function written in a cell; pid() says where it ran.
OBJECTIVE = """
org.apache.spark.api.java.function.Function<double[], Double> rastrigin = x -> {
    double s = 10 * x.length;
    for (double v : x) s += v * v - 10 * Math.cos(2 * Math.PI * v);
    return s;
};
org.apache.spark.api.java.function.Function<Integer, Long> pid = i -> ProcessHandle.current().pid();
Objective ripple = x -> {
    double s = 0;
    for (int i = 0; i < x.length(); i++) s += x.getDouble(i) * x.getDouble(i) - Math.cos(3 * x.getDouble(i));
    return s;
};
var points = new java.util.ArrayList<double[]>();
var rng = new java.util.Random(7);
for (int i = 0; i < 16; i++) points.add(rng.doubles(5, -3, 3).toArray());
"""


class SparkBehaviour(KernelPerClass):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Before %spark the kernel has no Spark: its jars are loaded only when a notebook asks.
        cls.before = cls.kernel.run('Class.forName("org.apache.spark.SparkConf")')
        cls.enabled = cls.kernel.ok("%spark")
        cls.kernel.ok(f'''var sc = new JavaSparkContext(new SparkConf().setMaster("{CLUSTER.url}")
            .setAppName("kernel-test-jdk{cls.java}").set("spark.executor.memory", "512m")
            .set("spark.cores.max", "2").set("spark.task.maxFailures", "1")
            .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
            .set("spark.ui.enabled", "false"));''')
        cls.kernel.ok(OBJECTIVE)

    @classmethod
    def tearDownClass(cls):
        try:
            cls.kernel.run("sc.stop();")
        finally:
            super().tearDownClass()

    def value(self, code):
        return self.kernel.ok(code).text()

    def test_spark_is_loaded_only_by_the_magic(self):
        self.assertEqual("error", self.before.status)
        self.assertIn("ClassNotFoundException", self.before.traceback())
        out = self.enabled.stdout()
        self.assertRegex(out, r"Spark enabled: \d+ jars from .*lib-spark \(Spark 4\.")
        self.assertIn("spark.repl.class.outputDir", out)
        self.assertIn("already enabled", self.kernel.ok("%spark").stdout(), "a second %spark changes nothing")

    def test_a_cell_lambda_runs_on_the_cluster_as_in_the_kernel(self):
        remote = self.value("sc.parallelize(points, 4).map(rastrigin).collect()")
        local = self.value("var local = new java.util.ArrayList<Double>();\n"
                           "for (double[] p : points) local.add(rastrigin.call(p));\nlocal")
        self.assertEqual(local, remote, "the executors computed what the kernel computes, bit for bit")
        pids = self.value("new java.util.TreeSet<>(sc.parallelize(java.util.List.of(1, 2, 3, 4), 4).map(pid).collect())"
                          " + \" \" + ProcessHandle.current().pid()")
        executors, kernel = pids.strip('"').rsplit(" ", 1)
        self.assertNotIn(kernel, re.findall(r"\d+", executors), "the lambda ran in other JVMs, not the kernel's")

    def test_classes_defined_after_spark_starts_reach_the_executors(self):
        self.kernel.ok("record Scaled(double factor) implements java.io.Serializable {\n"
                       "    double apply(double v) { return factor * v; }\n}\n"
                       "org.apache.spark.api.java.function.Function<Double, Double> by(Scaled s) "
                       "{ return v -> s.apply(v); }")
        self.assertEqual("[2.5, 5.0, 7.5]", self.value(
            "sc.parallelize(java.util.List.of(1.0, 2.0, 3.0), 3).map(by(new Scaled(2.5))).collect()"))

    def test_a_notebook_variable_read_on_an_executor_fails_with_what_to_do(self):
        self.kernel.ok("double scale = 3.0;")
        cell = self.kernel.run("sc.parallelize(java.util.List.of(1.0, 2.0), 2).map(v -> v * scale).collect()")
        self.assertEqual("error", cell.status)
        self.assertIn("'scale' is a variable of the notebook", cell.traceback())
        self.assertIn("Objective f(double scale)", cell.traceback(), "it says how to pass the value")
        self.assertEqual("6.0", self.value("scale * 2"), "the kernel and its variables are still there")
        self.assertEqual("[3.0, 6.0]", self.value(  # the way it says: the value as a parameter
            "org.apache.spark.api.java.function.Function<Double, Double> times(double s) { return v -> v * s; }\n"
            "sc.parallelize(java.util.List.of(1.0, 2.0), 2).map(times(scale)).collect()"))

    def test_a_zeroth_run_of_a_cell_objective_on_the_cluster_equals_the_local_run(self):
        runs = "zo.cbo(ripple).from(1.0, -2.0, 0.5).particles(12).seed(3)"
        self.kernel.ok(f"var onCluster = {runs}.on(Spark.context(sc)).steps(4);\nvar here = {runs}.steps(4);")
        self.assertEqual(self.value("here.bestValue() + \" \" + here.evaluations() + \" \" + here.bestPoint()"),
                         self.value("onCluster.bestValue() + \" \" + onCluster.evaluations() + \" \" + onCluster.bestPoint()"),
                         "the population evaluated on executors gives the kernel's run, bit for bit")
        self.assertEqual("48", self.value("onCluster.evaluations()"), "12 particles for 4 steps")
        # A ZO step's queries travel as seeds around the step's centre and are rebuilt on the executors.
        zo_runs = "zo.minimize(ripple).from(1.0, -2.0, 0.5).withGaussianDirections(1e-2).queries(3).central().seed(4)"
        self.kernel.ok(f"var zoOnCluster = {zo_runs}.on(Spark.context(sc)).steps(3);\nvar zoHere = {zo_runs}.steps(3);")
        self.assertEqual(self.value("zoHere.bestValue() + \" \" + zoHere.finalPoint()"),
                         self.value("zoOnCluster.bestValue() + \" \" + zoOnCluster.finalPoint()"),
                         "queries rebuilt from their seeds on the executors give the kernel's run, bit for bit")

    def test_an_objective_that_captures_what_cannot_be_serialized_says_so(self):
        cell = self.kernel.run("Objective withThread(Thread t) { return x -> x.getDouble(0) + t.getId(); }\n"
                               "zo.cbo(withThread(new Thread())).from(1.0, 2.0).on(Spark.context(sc)).steps(2)")
        self.assertEqual("error", cell.status)
        self.assertIn("java.lang.Thread, which is not Serializable", cell.traceback())
        self.assertIn("The run so far", cell.traceback(), "the run is kept")
        self.assertEqual("[1, 2]", self.value("sc.parallelize(java.util.List.of(1, 2), 2).collect()"),
                         "the SparkContext still works")

    def test_an_unreachable_master_fails_at_once_and_the_kernel_goes_on(self):
        with socket.socket() as s:  # a port nothing listens on
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        cell = self.kernel.run(f'zo.cbo(ripple).from(1.0).on(Spark.master("spark://127.0.0.1:{port}")).steps(1)')
        self.assertEqual("error", cell.status)
        self.assertIn(f"cannot reach the Spark master at spark://127.0.0.1:{port}", cell.traceback())
        self.assertEqual("2", self.value("1 + 1"))
        # Spark answers at the running driver's own port, but no master does: said in seconds (Spark alone waited 60 s)
        driver = self.value('"spark://127.0.0.1:" + sc.getConf().get("spark.driver.port")')
        cell = self.kernel.run(f'zo.cbo(ripple).from(1.0).on(Spark.master("{driver}")).steps(1)')
        self.assertEqual("error", cell.status)
        self.assertIn(f"what answers at {driver} is not a Spark master (Spark answers there, but as a worker or a"
                      " driver)", cell.traceback())
        self.assertEqual("4", self.value("sc.parallelize(java.util.List.of(1, 3)).reduce(Integer::sum)"),
                         "the running SparkContext still works")


class Jdk17(SparkBehaviour, unittest.TestCase):
    java = "17"


class Jdk25(SparkBehaviour, unittest.TestCase):
    java = "25"


class SparkInstall(unittest.TestCase):
    def test_spark_jars_are_apart_from_the_kernel_and_add_no_second_version(self):
        lib, spark = artifacts(os.path.join(TARGET, "lib")), artifacts(os.path.join(TARGET, "lib-spark"))
        self.assertIn("spark-core_2.13", spark)
        self.assertFalse(any(a.startswith("spark-") for a in lib), "the default kernel has no Spark jar")
        self.assertEqual(set(), lib & spark, "an artifact in both would load the kernel's copy for Spark anyway: "
                                             "exclude it from spark-core in kernel/pom.xml (and pin the newer one)")
