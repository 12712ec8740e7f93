"""Starts the real Zeroth kernel with jupyter_client and runs cells against it."""
import os
import time
import unittest

from jupyter_client.manager import start_new_kernel

CELL_TIMEOUT = 180

# version=kernelspec name of each installed kernel, and a scratch dir (set by run_tests.py).
KERNELS = dict(item.split("=") for item in os.environ.get("ZEROTH_TEST_KERNELS", "").split(",") if item)
SCRATCH = os.environ.get("ZEROTH_TEST_SCRATCH", "/tmp")
# The checkout under test (set by Maven; else the one this file is in).
REPO = os.path.abspath(os.environ.get("ZEROTH_REPO", os.path.join(os.path.dirname(__file__), "../../../..")))


class Cell:
    """What one execute_request produced: the reply and every IOPub message for it, in order, with arrival times."""

    def __init__(self, reply, messages):
        self.reply = reply
        self.messages = messages

    @property
    def status(self):
        return self.reply["content"]["status"]

    def of_type(self, msg_type):
        return [m["content"] for _, m in self.messages if m["msg_type"] == msg_type]

    def stdout(self):
        return "".join(c["text"] for c in self.of_type("stream") if c["name"] == "stdout")

    def stderr(self):
        return "".join(c["text"] for c in self.of_type("stream") if c["name"] == "stderr")

    def result(self):
        results = self.of_type("execute_result")
        return results[-1]["data"] if results else None

    def text(self):
        data = self.result()
        return data.get("text/plain") if data else None

    def error(self):
        errors = self.of_type("error")
        return errors[-1] if errors else None

    def traceback(self):
        error = self.error()
        return "\n".join(error["traceback"]) if error else ""

    def __repr__(self):
        return f"Cell(status={self.status}, messages={[m for _, m in self.messages]})"


class Kernel:
    def __init__(self, name):
        self.name = name
        self.manager, self.client = start_new_kernel(kernel_name=name, startup_timeout=120)

    def run(self, code, timeout=CELL_TIMEOUT, stdin=None, on_message=None):
        """stdin: the line typed when the cell asks for input; False: the request does not allow input."""
        messages = []

        def hook(msg):
            messages.append((time.monotonic(), msg))
            if on_message:
                on_message(msg)

        kwargs = {}
        if stdin is False:
            kwargs["allow_stdin"] = False
        elif stdin is not None:
            kwargs["allow_stdin"] = True
            kwargs["stdin_hook"] = lambda msg: self.client.input(stdin)
        reply = self.client.execute_interactive(code, output_hook=hook, timeout=timeout, **kwargs)
        return Cell(reply, messages)

    def ok(self, code, **kwargs):
        cell = self.run(code, **kwargs)
        if cell.status != "ok":
            raise AssertionError(f"cell failed: {code!r}\n{cell.traceback()}")
        return cell

    def restart(self):
        self.manager.restart_kernel(now=False)
        self.client.stop_channels()
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=120)

    def shutdown(self):
        try:
            self.client.stop_channels()
        finally:
            self.manager.shutdown_kernel(now=False)


class KernelPerClass:
    """Mixed into one TestCase per JDK (set `java`): one kernel per class, so cells share its state. `preload` is
    run once after start."""
    java = None
    preload = None

    @classmethod
    def setUpClass(cls):
        if cls.java not in KERNELS:
            raise unittest.SkipTest(f"no Java {cls.java} kernel installed")
        cls.kernel = Kernel(KERNELS[cls.java])
        if cls.preload:
            cls.kernel.ok(cls.preload)

    @classmethod
    def tearDownClass(cls):
        cls.kernel.shutdown()
