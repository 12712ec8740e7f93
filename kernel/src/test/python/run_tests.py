#!/usr/bin/python3
"""Kernel tests: installs the kernelspecs into a private Jupyter dir, drives the real kernel under each JDK with
jupyter_client, executes every notebook, and ends with a 'N passed, N failed, N skipped' line.

Environment (set by Maven, see kernel/pom.xml): ZEROTH_REPO, ZEROTH_TEST_JDKS (java homes, ':'-separated; the
first runs the notebooks), ZEROTH_TEST_WORK (scratch dir). Run one test: run_tests.py test_kernel.Jdk17.test_x

Nothing skips silently: a listed JDK home that does not exist, a test class keyed to a Java version (JdkNN) with
no kernel for that version, or an installed kernel under which no test ran fails the run, unless
ZEROTH_TEST_ALLOW_MISSING_JDKS=1 says that is intended. The summary says how many tests ran under each JDK.
"""
import collections
import os
import re
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
    missing = []
    homes = [h for h in os.environ.get("ZEROTH_TEST_JDKS", sys.prefix).split(":") if h]
    for i, home in enumerate(homes):
        if not os.path.exists(os.path.join(home, "bin/java")):
            print(f"[kernel tests] no JDK at {home} (listed in ZEROTH_TEST_JDKS)")
            missing.append(f"no JDK at {home}, which ZEROTH_TEST_JDKS lists")
            continue
        version = java_version(home)
        name = "zeroth" if i == 0 else f"zeroth-jdk{version}"
        subprocess.run([os.path.join(REPO, "install/install.sh"), "--prefix", prefix, "--name", name,
                        "--java", os.path.join(home, "bin/java"), "--in-place", "--no-build"], check=True)
        kernels[version] = name
    os.environ["ZEROTH_TEST_KERNELS"] = ",".join(f"{v}={n}" for v, n in kernels.items())
    os.environ["ZEROTH_TEST_SCRATCH"] = tempfile.mkdtemp(dir=WORK)
    return kernels, missing


def java_of(test):
    """The Java version a test is keyed to (its class is JdkNN), or None for tests that are not per JDK."""
    match = re.search(r"\bJdk(\d+)\b", test.id())
    return int(match.group(1)) if match else None


def tests_of(suite):
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            yield from tests_of(test)
        else:
            yield test


class CountingResult(unittest.TextTestResult):
    """Counts outcomes overall and per JDK (a skipped or failed setUpClass counts once for its class)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passed = 0
        self.per_java = collections.defaultdict(collections.Counter)

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1
        self.per_java[java_of(test)]["passed"] += 1

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.per_java[java_of(test)]["failed"] += 1

    def addError(self, test, err):
        super().addError(test, err)
        self.per_java[java_of(test)]["failed"] += 1

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self.per_java[java_of(test)]["failed"] += 1

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.per_java[java_of(test)]["skipped"] += 1


def jdk_problems(kernels, missing, keyed, result, whole_suite):
    """Why the run did not test what it should have on every JDK: an empty list when it did."""
    problems = list(missing)
    for java in sorted(keyed - set(kernels)):
        problems.append(f"tests are keyed to Java {java} (Jdk{java} classes) but no Java {java} kernel is installed:"
                        f" add its home to ZEROTH_TEST_JDKS (Maven: -Dzeroth.test.jdk17=… or -Dzeroth.test.jdk25=…)")
    if whole_suite:
        for java in sorted(kernels):
            counts = result.per_java[java]
            if counts["passed"] + counts["failed"] == 0:
                problems.append(f"no test ran under the Java {java} kernel (installed from ZEROTH_TEST_JDKS):"
                                f" the per-JDK classes are {', '.join(f'Jdk{j}' for j in sorted(keyed)) or 'none'}")
    return problems


def main():
    try:
        import jupyter_client, nbconvert, zmq  # noqa: F401
    except ImportError as e:
        print(f"[kernel tests] {e}: install Debian's python3-jupyter-client python3-nbclient jupyter-nbconvert "
              f"(the tests run with {sys.executable})")
        print("Kernel tests: 0 passed, 1 failed, 0 skipped")
        sys.exit(1)
    kernels, missing = install_kernelspecs()
    sys.path.insert(0, HERE)
    loader = unittest.TestLoader()
    whole_suite = len(sys.argv) <= 1
    suite = loader.discover(HERE, "test_*.py") if whole_suite else loader.loadTestsFromNames(sys.argv[1:])
    keyed = {java_of(t) for t in tests_of(suite)} - {None}
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=2, resultclass=CountingResult)
    result = runner.run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    print()
    for java in sorted(set(kernels) | keyed | set(result.per_java) - {None}):
        c = result.per_java[java]
        print(f"Java {java} ({kernels.get(java, 'no kernel')}): {c['passed'] + c['failed']} ran"
              f" ({c['passed']} passed, {c['failed']} failed), {c['skipped']} skipped")
    c = result.per_java[None]
    print(f"not per JDK: {c['passed'] + c['failed']} ran ({c['passed']} passed, {c['failed']} failed),"
          f" {c['skipped']} skipped")
    problems = jdk_problems(kernels, missing, keyed, result, whole_suite)
    allowed = os.environ.get("ZEROTH_TEST_ALLOW_MISSING_JDKS") == "1"
    for problem in problems:
        print(f"[kernel tests] {'allowed by ZEROTH_TEST_ALLOW_MISSING_JDKS=1: ' if allowed else 'FAILED: '}{problem}")
    if problems and not allowed:
        print("[kernel tests] to run without a JDK on purpose, set ZEROTH_TEST_ALLOW_MISSING_JDKS=1")
        failed += 1
    print(f"Kernel tests: {result.passed} passed, {failed} failed, {len(result.skipped)} skipped")
    sys.exit(1 if failed or result.testsRun == 0 else 0)


if __name__ == "__main__":
    main()
