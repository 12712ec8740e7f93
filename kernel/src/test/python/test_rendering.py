"""Showing a value runs the user's code too (toString(), a renderer), once per JDK: a toString() that never returns
can be interrupted like the cell's code, wherever the kernel shows a value (a cell's result, %vars, user_expressions),
and the kernel keeps answering; a toString() that returns null shows "null", as in JShell."""
import re
import threading
import unittest

from harness import KernelPerClass

# Says "go" when its toString() starts, then never returns.
SLOW = 'class Slow { public String toString() { System.out.println("go"); while (true) { } } }'
WEIRD = "class Weird { public String toString() { return null; } }"


def plain(text):
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


class RenderingBehaviour(KernelPerClass):
    preload = SLOW + "\n" + WEIRD

    def interrupt_at_go(self):
        """An output hook that interrupts the kernel once, when "go" is printed."""
        sent = threading.Event()

        def on_message(msg):
            if msg["msg_type"] == "stream" and "go" in msg["content"]["text"] and not sent.is_set():
                sent.set()
                self.kernel.manager.interrupt_kernel()
        return on_message, sent

    def test_a_value_whose_toString_never_returns_can_be_interrupted(self):
        """Before, the kernel hung in Views.bundle on its shell thread: no interrupt, no kernel_info."""
        on_message, sent = self.interrupt_at_go()
        cell = self.kernel.run("new Slow()", timeout=90, on_message=on_message)
        self.assertTrue(sent.is_set())
        self.assertEqual("error", cell.status, cell)
        self.assertEqual("Interrupted", cell.error()["ename"], cell.traceback())
        self.assertIn("while its value was being shown", plain(cell.traceback()))
        self.assertEqual("2", self.kernel.ok("1 + 1").text(), "the kernel works on")

    def test_vars_with_a_value_whose_toString_never_returns_can_be_interrupted(self):
        self.kernel.ok("Slow slow = new Slow();")
        try:
            on_message, sent = self.interrupt_at_go()
            cell = self.kernel.run("%vars", timeout=90, on_message=on_message)
            self.assertTrue(sent.is_set())
            self.assertEqual("Interrupted", cell.error()["ename"], cell.traceback())
            self.assertIn("while %vars described the variables", plain(cell.traceback()))
        finally:
            self.kernel.ok("slow = null;")
        self.assertIn("slow", self.kernel.ok("%vars").text(), "the next %vars works")

    def test_a_user_expression_whose_toString_never_returns_can_be_interrupted(self):
        on_message, sent = self.interrupt_at_go()
        reply = self.kernel.client.execute_interactive("int quick = 1;", user_expressions={"slow": "new Slow()"},
                                                       output_hook=on_message, timeout=90)
        self.assertTrue(sent.is_set())
        shown = reply["content"]["user_expressions"]["slow"]
        self.assertEqual("error", shown["status"], shown)
        self.assertEqual("Interrupted", shown["ename"])
        self.assertEqual("2", self.kernel.ok("1 + 1").text(), "the kernel works on")

    def test_a_toString_that_returns_null_shows_null(self):
        """Before, the cell showed nothing and its reply was a BadRequest (an NPE in the kernel); display() threw."""
        self.assertEqual("null", self.kernel.ok("new Weird()").text())
        displayed = self.kernel.ok("display(new Weird());").of_type("display_data")
        self.assertEqual("null", displayed[-1]["data"]["text/plain"])
        self.kernel.ok("Weird weird = new Weird();")
        self.assertRegex(self.kernel.ok("%vars").text(), r"weird\s+Weird\s+null")

    def test_a_long_list_shows_its_head_and_size(self):
        """Before, 5 million numbers came as 44 MB of text after 9 s; arrays were cut after 100 elements already."""
        text = self.kernel.ok("java.util.stream.IntStream.range(0, 5_000_000).boxed().toList()").text()
        self.assertTrue(text.startswith("[0, 1, 2, ") and text.endswith(", 99, … 4999900 more] (size 5000000)"),
                        text[:200] + " … " + text[-200:])

    def test_whos_shows_the_type_users_know(self):
        """Before, List.of(1, 2) showed as a List12, a JDK-internal class."""
        self.kernel.ok("List<Integer> pair = List.of(1, 2);")
        self.assertRegex(self.kernel.ok("%whos").text(), r"pair\s+List<Integer>\s+List of 2: \[1, 2\]")


class Jdk17(RenderingBehaviour, unittest.TestCase):
    java = "17"


class Jdk25(RenderingBehaviour, unittest.TestCase):
    java = "25"
