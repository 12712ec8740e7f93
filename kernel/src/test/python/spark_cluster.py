"""A real Spark standalone cluster on loopback for the kernel tests: a Master and two Workers, each its own JVM,
started from the jars the kernel build put in kernel/target/lib-spark and lib (no Spark installation needed).
Everything binds to and advertises 127.0.0.1; web UIs take free ports. stop() ends every JVM it started, the
executors included (each daemon leads its own process group, and a Worker's executors are in it)."""
import glob
import os
import re
import shutil
import signal
import subprocess
import time

# What Spark 4's launcher gives its JVMs on Java 17+ (org.apache.spark.launcher.JavaModuleOptions).
MODULE_OPTIONS = ("-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED "
                  "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED "
                  "--add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED "
                  "--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED "
                  "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED "
                  "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED "
                  "-Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true").split()

START_TIMEOUT = 300  # seconds for a daemon to say it is up (a loaded 2-core machine needs ~40 s)


class Cluster:
    def __init__(self, java_home, kernel_target, work, workers=2):
        self.java = os.path.join(java_home, "bin/java")
        self.work = work
        self.processes = []
        shutil.rmtree(work, ignore_errors=True)
        # SPARK_HOME/jars: where a Worker's executors find Spark, as in a Spark installation: without Zeroth's own
        # jars (executors find those through the spark.executor.extraClassPath that %spark sets) and without
        # slf4j-nop, so that the daemons log (their logs say when they are up).
        jars = os.path.join(work, "home/jars")
        os.makedirs(jars)
        for jar in glob.glob(os.path.join(kernel_target, "lib-spark/*.jar")) + glob.glob(
                os.path.join(kernel_target, "lib/*.jar")):
            if not os.path.basename(jar).startswith(("slf4j-nop", "zeroth-")):
                os.symlink(jar, os.path.join(jars, os.path.basename(jar)))
        self.env = dict(os.environ, SPARK_HOME=os.path.join(work, "home"), SPARK_LOCAL_IP="127.0.0.1",
                        SPARK_LOCAL_HOSTNAME="127.0.0.1", SPARK_SCALA_VERSION="2.13", JAVA_HOME=java_home)
        self.classpath = os.path.join(jars, "*")
        try:
            master = self.daemon("master", "org.apache.spark.deploy.master.Master",
                                 "--host", "127.0.0.1", "--port", "0", "--webui-port", "0")
            self.url = self.wait_for(master, r"Starting Spark master at (spark://[0-9.]+:\d+)").group(1)
            for i in range(workers):
                worker_dir = os.path.join(work, f"worker{i}")
                os.makedirs(worker_dir)
                self.daemon(f"worker{i}", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                                "--port", "0", "--webui-port", "0", "--cores", "1", "--memory", "1g",
                                "--work-dir", worker_dir, self.url)
            for process, log in self.processes[1:]:
                self.wait_for((process, log), r"Successfully registered with master")
        except BaseException:
            self.stop()
            raise

    def daemon(self, name, main, *args):
        log = os.path.join(self.work, f"{name}.log")
        with open(log, "w") as out:
            process = subprocess.Popen([self.java, "-Xmx256m", *MODULE_OPTIONS, "-cp", self.classpath, main, *args],
                                       stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       env=self.env, start_new_session=True)
        self.processes.append((process, log))
        return process, log

    def wait_for(self, daemon, pattern):
        process, log = daemon
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            with open(log, errors="replace") as f:
                match = re.search(pattern, f.read())
            if match:
                return match
            if self.exited(process):  # not reaped: stop() still owns its process group
                raise RuntimeError(f"{log}: the JVM ended before '{pattern}':\n{self.tail(log)}")
            time.sleep(0.2)
        raise RuntimeError(f"{log}: no '{pattern}' after {START_TIMEOUT} s:\n{self.tail(log)}")

    @staticmethod
    def tail(log):
        with open(log, errors="replace") as f:
            return "".join(f.readlines()[-30:])

    def stop(self):
        """Ends the daemons and their executors: TERM to each process group, KILL to what is left after 20 s.
        A leader is reaped only after its group got the KILL: until then its pid (the group's id) stays ours."""
        for process, _ in reversed(self.processes):
            self.signal(process, signal.SIGTERM)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not all(self.exited(p) for p, _ in self.processes):
            time.sleep(0.1)
        for process, _ in self.processes:
            self.signal(process, signal.SIGKILL)  # the group: executors a Worker left behind too
            process.wait()
        self.processes = []

    @staticmethod
    def exited(process):
        return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None

    @staticmethod
    def signal(process, sig):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
