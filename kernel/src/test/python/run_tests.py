#!/usr/bin/python3
"""Kernel tests: installs the kernelspecs into a private Jupyter dir, drives the real kernel under each JDK with
jupyter_client, executes every notebook, and ends with a 'N passed, N failed, N skipped' line.

Environment (set by Maven, see kernel/pom.xml): ZEROTH_REPO, ZEROTH_TEST_JDKS (java homes, ':'-separated; the
first runs the notebooks), ZEROTH_TEST_WORK (scratch dir). Run one test: run_tests.py test_kernel.Jdk17.test_x
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.environ.get("ZEROTH_REPO", os.path.join(HERE, "../../../..")))
WORK = os.path.abspath(os.environ.get("ZEROTH_TEST_WORK", os.path.join(REPO, "kernel/target/kernel-tests")))


def java_version(home):
    out = subprocess.run([os.path.join(home, "bin/java"), "-XshowSettings:properties", "-version"],
                         capture_output=True, text=True).stderr
    for line in out.splitlines():
        if "java.specification.version" in line:
            return int(line.split("=")[1].strip())
    raise RuntimeError(f"cannot tell the Java version of {home}")


def install_kernelspecs():
    """One kernelspec per JDK, in a fresh Jupyter dir: nothing from the user's own Jupyter set-up is used."""
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    for var, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                     ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")):
        os.environ[var] = os.path.join(WORK, sub)
        os.makedirs(os.environ[var], exist_ok=True)
    prefix = os.path.join(WORK, "prefix")
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share/jupyter")
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    kernels = {}
    homes = [h for h in os.environ.get("ZEROTH_TEST_JDKS", sys.prefix).split(":") if h]
    for i, home in enumerate(homes):
        if not os.path.exists(os.path.join(home, "bin/java")):
            print(f"[kernel tests] no JDK at {home}: its tests are skipped")
            continue
        version = java_version(home)
        name = "zeroth" if i == 0 else f"zeroth-jdk{version}"
        subprocess.run([os.path.join(REPO, "install/install.sh"), "--prefix", prefix, "--name", name,
                        "--java", os.path.join(home, "bin/java"), "--in-place", "--no-build"], check=True)
        kernels[version] = name
    os.environ["ZEROTH_TEST_KERNELS"] = ",".join(f"{v}={n}" for v, n in kernels.items())
    os.environ["ZEROTH_TEST_SCRATCH"] = tempfile.mkdtemp(dir=WORK)


class CountingResult(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passed = 0

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1


def main():
    try:
        import jupyter_client, nbconvert, zmq  # noqa: F401
    except ImportError as e:
        print(f"[kernel tests] {e}: install Debian's python3-jupyter-client python3-nbclient jupyter-nbconvert "
              f"(the tests run with {sys.executable})")
        print("Kernel tests: 0 passed, 1 failed, 0 skipped")
        sys.exit(1)
    install_kernelspecs()
    sys.path.insert(0, HERE)
    loader = unittest.TestLoader()
    suite = loader.loadTestsFromNames(sys.argv[1:]) if len(sys.argv) > 1 else loader.discover(HERE, "test_*.py")
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=2, resultclass=CountingResult)
    result = runner.run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    print(f"\nKernel tests: {result.passed} passed, {failed} failed, {len(result.skipped)} skipped")
    sys.exit(1 if failed or result.testsRun == 0 else 0)


if __name__ == "__main__":
    main()
