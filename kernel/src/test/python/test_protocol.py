"""The kernel against the Jupyter messaging spec (5.3/5.4), driven by jupyter_client: every reply's fields and
types, busy/idle around every request, history, malformed requests, and Run All's abort without a race."""
import unittest

from harness import KERNELS, Kernel, KernelPerClass

TIMEOUT = 60
RACE_REPEATS = 50

# Required content fields per reply type, from the spec's text (docs/messaging.rst of jupyter_client).
ERROR_FIELDS = {"status": str, "ename": str, "evalue": str, "traceback": list}
OK_FIELDS = {
    "execute_reply": {"status": str, "execution_count": int, "user_expressions": dict},
    "inspect_reply": {"status": str, "found": bool, "data": dict, "metadata": dict},
    "complete_reply": {"status": str, "matches": list, "cursor_start": int, "cursor_end": int, "metadata": dict},
    "history_reply": {"status": str, "history": list},
    "is_complete_reply": {"status": str},
    "comm_info_reply": {"status": str, "comms": dict},
    "kernel_info_reply": {"status": str, "protocol_version": str, "implementation": str,
                          "implementation_version": str, "language_info": dict, "banner": str},
    "shutdown_reply": {"status": str, "restart": bool},
    "interrupt_reply": {"status": str},
}
LANGUAGE_INFO_FIELDS = {"name": str, "version": str, "mimetype": str, "file_extension": str}
IS_COMPLETE_STATUSES = {"complete", "incomplete", "invalid", "unknown"}


def check_fields(test, content, fields, where):
    for name, kind in fields.items():
        test.assertIn(name, content, f"{where}: no '{name}' in {content}")
        test.assertIsInstance(content[name], kind, f"{where}: '{name}' is not a {kind.__name__}: {content}")
        if kind is int:
            test.assertNotIsInstance(content[name], bool, f"{where}: '{name}' is a bool")


def check_reply(test, reply, request):
    """A reply as the spec has it: its type, parent, header version, and the content of its status."""
    reply_type = request["header"]["msg_type"].replace("_request", "_reply")
    test.assertEqual(reply_type, reply["header"]["msg_type"])
    test.assertEqual(request["header"]["msg_id"], reply["parent_header"]["msg_id"])
    test.assertTrue(reply["header"]["version"].startswith("5."), reply["header"])
    content = reply["content"]
    status = content.get("status")
    if reply_type == "is_complete_reply" and status != "error":
        test.assertIn(status, IS_COMPLETE_STATUSES, content)
        test.assertEqual(status == "incomplete", "indent" in content, f"indent only when incomplete: {content}")
        if "indent" in content:
            test.assertIsInstance(content["indent"], str)
        return content
    if status == "error":
        check_fields(test, content, ERROR_FIELDS, reply_type)
        test.assertTrue(all(isinstance(line, str) for line in content["traceback"]), content)
    elif status == "aborted":
        test.assertEqual("execute_reply", reply_type, "only queued execute requests are aborted")
    else:
        test.assertEqual("ok", status, content)
        check_fields(test, content, OK_FIELDS[reply_type], reply_type)
    if reply_type == "execute_reply":
        check_fields(test, content, {"execution_count": int}, "execute_reply, whatever its status")
    if reply_type == "kernel_info_reply":
        check_fields(test, content["language_info"], LANGUAGE_INFO_FIELDS, "language_info")
        for link in content.get("help_links", []):
            check_fields(test, link, {"text": str, "url": str}, "help_links")
    if reply_type == "history_reply" and status == "ok":
        for entry in content["history"]:
            test.assertEqual(3, len(entry), entry)
            check_fields(test, dict(session=entry[0], line=entry[1]), {"session": int, "line": int}, "history")
    return content


class ProtocolBehaviour(KernelPerClass):
    """The tests; mixed into one TestCase per JDK below. One kernel per class."""

    # ---- helpers

    def request(self, msg_type, content, channel="shell", client=None):
        """Sends one request, returns its reply's content after checking the reply and busy ... idle on IOPub."""
        client = client or self.kernel.client
        socket = client.control_channel if channel == "control" else client.shell_channel
        msg = client.session.msg(msg_type, content)
        socket.send(msg)
        receive = client.get_control_msg if channel == "control" else client.get_shell_msg
        reply = self.reply_to(msg["header"]["msg_id"], receive)
        self.assertEqual(["busy", "idle"], self.statuses_of(msg["header"]["msg_id"], client),
                         f"{msg_type}: the kernel says busy, then idle")
        return check_reply(self, reply, msg)

    def reply_to(self, msg_id, receive):
        while True:
            reply = receive(timeout=TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply

    def statuses_of(self, msg_id, client=None):
        """IOPub status messages of one request, read up to its idle."""
        client = client or self.kernel.client
        states = []
        while not states or states[-1] != "idle":
            msg = client.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status":
                states.append(msg["content"]["execution_state"])
        return states

    def execute(self, code, **content):
        return self.request("execute_request", dict(dict(code=code, silent=False, store_history=True,
                                                         user_expressions={}, allow_stdin=False,
                                                         stop_on_error=True), **content))

    def history(self, **content):
        return self.request("history_request", dict(dict(output=False, raw=True), **content))["history"]

    # ---- every reply type against the spec

    def test_kernel_info_reply(self):
        for channel in ("shell", "control"):
            content = self.request("kernel_info_request", {}, channel)
            self.assertEqual("ok", content["status"])
            self.assertEqual("zeroth", content["implementation"])
            self.assertTrue(content["protocol_version"].startswith("5."), content)

    def test_execute_replies(self):
        ok = self.execute("int specValue = 6;", user_expressions={"twice": "specValue * 2"})
        self.assertEqual("12", ok["user_expressions"]["twice"]["data"]["text/plain"])
        count = ok["execution_count"]
        error = self.execute("throw new IllegalStateException(\"spec\");", stop_on_error=False)
        self.assertEqual("IllegalStateException", error["ename"])
        self.assertEqual(count + 1, error["execution_count"])
        silent = self.execute("specValue", silent=True, store_history=False)
        self.assertEqual(count + 1, silent["execution_count"], "a silent request does not count")

    def test_complete_inspect_is_complete_and_comm_info_replies(self):
        completion = self.request("complete_request", {"code": "Math.ma", "cursor_pos": 7})
        self.assertIn("max(", completion["matches"])
        found = self.request("inspect_request", {"code": "Math.max(1, 2)", "cursor_pos": 6, "detail_level": 0})
        self.assertTrue(found["found"])
        nothing = self.request("inspect_request", {"code": "   ", "cursor_pos": 1, "detail_level": 1})
        self.assertFalse(nothing["found"])
        self.assertEqual("complete", self.request("is_complete_request", {"code": "int x = 1;"})["status"])
        self.assertEqual("    ", self.request("is_complete_request", {"code": "if (true) {"})["indent"])
        self.assertEqual({}, self.request("comm_info_request", {})["comms"])
        self.assertEqual({}, self.request("comm_info_request", {"target_name": "none"})["comms"])

    def test_cursor_pos_counts_unicode_code_points(self):
        """Spec 5.2: cursor_pos and cursor_start/end are offsets in code points, not UTF-16 units."""
        code = '"\U0001F600".leng'
        reply = self.request("complete_request", {"code": code, "cursor_pos": len(code)})
        self.assertIn("length()", reply["matches"])
        self.assertEqual((code.index("leng"), len(code)), (reply["cursor_start"], reply["cursor_end"]))
        code = '"\U0001F600".length()'
        reply = self.request("inspect_request", {"code": code, "cursor_pos": code.index("gth"), "detail_level": 0})
        self.assertTrue(reply["found"], reply)
        self.assertIn("length()", reply["data"]["text/plain"])

    def test_interrupt_reply(self):
        self.request("interrupt_request", {}, "control")
        self.assertEqual("2", self.kernel.ok("1 + 1").text())

    def test_input_request(self):
        client = self.kernel.client
        msg_id = client.execute('new java.util.Scanner(System.in).nextLine()', allow_stdin=True)
        asked = client.get_stdin_msg(timeout=TIMEOUT)
        self.assertEqual("input_request", asked["msg_type"])
        self.assertEqual(msg_id, asked["parent_header"]["msg_id"])
        check_fields(self, asked["content"], {"prompt": str, "password": bool}, "input_request")
        client.input("typed")
        self.assertEqual("ok", self.reply_to(msg_id, client.get_shell_msg)["content"]["status"])
        self.statuses_of(msg_id)

    def test_shutdown_reply(self):
        kernel = Kernel(KERNELS[self.java])
        try:
            content = self.request("shutdown_request", {"restart": False}, "control", client=kernel.client)
            self.assertFalse(content["restart"])
        finally:
            kernel.shutdown()

    # ---- history

    def test_history_with_output(self):
        self.kernel.ok("int histBase = 5;")
        self.kernel.ok("histBase * 3")
        entries = self.history(hist_access_type="tail", n=2, output=True)
        self.assertEqual([["int histBase = 5;", None], ["histBase * 3", "15"]], [e[2] for e in entries])
        ranged = self.history(hist_access_type="range", session=0, start=entries[1][1], stop=0, output=True)
        self.assertEqual([[1, entries[1][1], ["histBase * 3", "15"]]], ranged)
        self.assertEqual("histBase * 3", self.history(hist_access_type="range", session=1, start=-1, stop=0)[0][2],
                         "session 1 is this one; a negative start counts back from the end")
        self.assertEqual([], self.history(hist_access_type="range", session=-1, start=1, stop=0),
                         "there is no earlier session")

    def test_history_search(self):
        for code in ("1+2", "1+2*3", "12", "21+2", "1+2", "1-2+0"):
            self.kernel.ok(code)
        search = lambda **kw: [e[2] for e in self.history(hist_access_type="search", pattern="1?2*", **kw)]
        self.assertEqual(["1+2", "1+2*3", "1+2", "1-2+0"], search(n=100))
        self.assertEqual(["1+2*3", "1+2", "1-2+0"], search(n=100, unique=True), "each input once, at its last run")
        self.assertEqual(["1+2", "1-2+0"], search(n=2), "the last n matches")
        with_output = self.history(hist_access_type="search", pattern="1?2\\*3", n=10, output=True)
        self.assertEqual([], with_output, "glob characters only: a backslash is no escape")
        exact = self.history(hist_access_type="search", pattern="1+2[*]3", n=10, output=True)
        self.assertEqual([["1+2*3", "7"]], [e[2] for e in exact], "[...] is a character class, as in SQLite's GLOB")

    # ---- malformed requests get an error reply naming the bad field

    def assert_rejected(self, msg_type, content, field, channel="shell"):
        reply = self.request(msg_type, content, channel)
        self.assertEqual("error", reply["status"], f"{msg_type} {content}: {reply}")
        self.assertIn(f"'{field}'", reply["evalue"], f"the error names the field: {reply}")
        return reply

    def test_malformed_requests_get_an_error_reply(self):
        cases = [
            ("execute_request", {"code": "1", "user_expressions": ["x"]}, "user_expressions"),
            ("execute_request", {"code": "1", "user_expressions": {"a": 1}}, "user_expressions"),
            ("execute_request", {"silent": False}, "code"),
            ("execute_request", {"code": 42}, "code"),
            ("execute_request", {"code": "1", "stop_on_error": "yes"}, "stop_on_error"),
            ("is_complete_request", {"code": None}, "code"),
            ("history_request", {"hist_access_type": "sideways", "output": False, "raw": True}, "hist_access_type"),
            ("history_request", {"output": False, "raw": True}, "hist_access_type"),
            ("history_request", {"hist_access_type": "tail", "n": "ten"}, "n"),
            ("history_request", {"hist_access_type": "search", "pattern": 3, "n": 1}, "pattern"),
            ("complete_request", {"cursor_pos": 1}, "code"),
            ("complete_request", {"code": "Math.ma", "cursor_pos": 8}, "cursor_pos"),
            ("complete_request", {"code": "Math.ma", "cursor_pos": -1}, "cursor_pos"),
            ("complete_request", {"code": "Math.ma"}, "cursor_pos"),
            ("inspect_request", {"code": "Math.max", "cursor_pos": 99, "detail_level": 0}, "cursor_pos"),
            ("inspect_request", {"code": "Math.max", "cursor_pos": 2, "detail_level": 7}, "detail_level"),
            ("comm_info_request", {"target_name": 5}, "target_name"),
        ]
        for msg_type, content, field in cases:
            with self.subTest(msg_type=msg_type, content=content):
                reply = self.assert_rejected(msg_type, content, field)
                if msg_type == "execute_request":
                    self.assertIsInstance(reply["execution_count"], int)
        self.assert_rejected("shutdown_request", {"restart": "no"}, "restart", "control")
        self.assertEqual("3", self.kernel.ok("1 + 2").text(), "the kernel still serves requests")

    def test_a_rejected_execute_request_shows_its_error_on_iopub(self):
        """Front-ends show a cell's IOPub output, not its reply: before, a rejected or failed cell showed nothing."""
        client = self.kernel.client
        msg = client.session.msg("execute_request", {"code": 42})
        client.shell_channel.send(msg)
        errors = []
        while True:
            out = client.get_iopub_msg(timeout=TIMEOUT)
            if out["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
                continue
            if out["msg_type"] == "error":
                errors.append(out["content"])
            if out["msg_type"] == "status" and out["content"]["execution_state"] == "idle":
                break
        self.assertEqual(1, len(errors), "one error output")
        self.assertEqual("BadRequest", errors[0]["ename"])
        self.assertIn("'code'", errors[0]["evalue"])
        self.assertEqual("error", self.reply_to(msg["header"]["msg_id"], client.get_shell_msg)["content"]["status"])

    def test_unknown_message_types_are_not_answered_but_the_kernel_goes_on(self):
        client = self.kernel.client
        unknown = client.session.msg("no_such_request", {"code": "1"})
        client.shell_channel.send(unknown)
        info = client.kernel_info()
        parents = []
        while not parents or parents[-1] != info:
            parents.append(client.get_shell_msg(timeout=TIMEOUT)["parent_header"].get("msg_id"))
        self.assertNotIn(unknown["header"]["msg_id"], parents, "no reply to an unknown type, as in ipykernel")
        self.statuses_of(info)

    # ---- Run All: exactly the requests queued behind a failed cell are aborted

    def test_run_all_aborts_exactly_the_cells_queued_behind_the_error(self):
        """A notebook's Run All sends every cell at once; the failing one ends the run. The cells queued behind it
        are aborted, and the next cell the user sends runs, whether it leaves as soon as the error arrives or after
        the aborted replies. Repeated, so a race between the two cannot hide."""
        client = self.kernel.client
        self.kernel.ok("int ran = 0;")
        failing = 'if (new java.util.Scanner(System.in).nextLine() != null) throw new IllegalStateException("boom");'
        wrong = []
        expected = 0  # what `ran` should be: the cells that ran, counted here
        for i in range(RACE_REPEATS):
            early = i % 2 == 0
            queued = [client.execute(failing, allow_stdin=True),
                      client.execute("ran += 100;"),
                      client.execute("ran += 100;")]
            client.get_stdin_msg(timeout=TIMEOUT)  # the failing cell runs: the two behind it are queued by now
            client.input("fail now")
            replies = {}
            later = None
            while later is None or len(replies) < 4:
                msg = client.get_shell_msg(timeout=TIMEOUT)
                replies[msg["parent_header"]["msg_id"]] = msg["content"]["status"]
                error_arrived = queued[0] in replies
                aborted_arrived = all(q in replies for q in queued)
                if later is None and (error_arrived if early else aborted_arrived):
                    later = client.execute("ran += 1;")
            self.statuses_of(later)
            statuses = [replies[q] for q in queued + [later]]
            expected += 100 * statuses[1:3].count("ok") + (statuses[3] == "ok")
            if statuses != ["error", "aborted", "aborted", "ok"]:
                wrong.append((i, "early" if early else "late", statuses))
        self.assertEqual([], wrong, f"{len(wrong)} of {RACE_REPEATS} repetitions went wrong")
        self.assertEqual(str(expected), self.kernel.ok("ran").text(), "the cells that said ok ran, the others not")
        client.execute('throw new IllegalStateException("boom");', stop_on_error=False)
        after = client.execute("int runsAnyway = 4;", stop_on_error=False)
        self.assertEqual("ok", self.reply_to(after, client.get_shell_msg)["content"]["status"],
                         "without stop_on_error nothing is aborted")
        self.statuses_of(after)


class Jdk17(ProtocolBehaviour, unittest.TestCase):
    java = "17"


class Jdk25(ProtocolBehaviour, unittest.TestCase):
    java = "25"
