"""The quickstart notebook in a real browser: Debian's jupyter-notebook on loopback with a token, headless Debian
Chromium driven by Playwright, all cells run; an interactive Plotly plot and a table must appear with no error
output. The screenshot is kept under the test work dir (kernel/target/kernel-tests/) as a build artifact."""
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import unittest
import urllib.request

from harness import REPO

BROWSER = os.path.join(REPO, "kernel/src/test/browser")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@unittest.skipUnless(os.path.exists(CHROMIUM) and shutil.which("node") and shutil.which("npm"),
                     "needs Debian's chromium, node and npm (.ci/run installs them)")
class Browser(unittest.TestCase):
    def setUp(self):
        if not os.path.isdir(os.path.join(BROWSER, "node_modules", "playwright-core")):
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=BROWSER, check=True)
        self.work = os.path.join(os.environ["ZEROTH_TEST_SCRATCH"], "browser")
        os.makedirs(self.work, exist_ok=True)
        shutil.copy(os.path.join(REPO, "notebooks/01-quickstart.ipynb"), self.work)
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.server = subprocess.Popen(
            [sys.executable, "-m", "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
             f"--NotebookApp.token={self.token}", f"--notebook-dir={self.work}", "--NotebookApp.open_browser=False"]
            + (["--allow-root"] if os.geteuid() == 0 else []),
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.work, "server.log"), "w"))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api?token={self.token}", timeout=2)
                return
            except OSError:
                time.sleep(0.5)
        self.fail("the notebook server did not start; see " + os.path.join(self.work, "server.log"))

    def tearDown(self):
        self.server.terminate()
        self.server.wait(timeout=30)

    def test_quickstart_runs_in_chromium_with_an_interactive_plot_and_a_table(self):
        url = f"http://127.0.0.1:{self.port}/notebooks/01-quickstart.ipynb?token={self.token}"
        screenshot = os.path.join(os.environ.get("ZEROTH_TEST_WORK", self.work), "quickstart-chromium.png")
        run = subprocess.run(["node", "run_notebook.mjs", url, screenshot], cwd=BROWSER,
                             capture_output=True, text=True, timeout=900,
                             env={**os.environ, "CHROMIUM": CHROMIUM})
        self.assertEqual(0, run.returncode, run.stderr[-4000:])
        seen = json.loads(run.stdout.strip().splitlines()[-1])
        print(f"\n[browser] {json.dumps({k: v for k, v in seen.items() if k != 'tableText'})}; screenshot {screenshot}")
        self.assertEqual([], seen["errors"], "no cell shows an error")
        self.assertEqual([], seen["pageErrors"], "no script error on the page")
        self.assertGreaterEqual(seen["interactivePlots"], 1, "plotly drew at least one interactive plot")
        self.assertGreaterEqual(seen["plotlySvgs"], 1)
        self.assertGreaterEqual(seen["tables"], 1, "a table is shown")
        self.assertTrue(any("evaluations" in t for t in seen["tableText"]), seen["tableText"])
        self.assertTrue(os.path.getsize(screenshot) > 10_000)
