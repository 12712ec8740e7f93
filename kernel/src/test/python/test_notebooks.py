"""Executes every notebook under notebooks/ with `jupyter nbconvert --execute`; a cell error fails the test. The
executed quickstart, the notebook users share first, must stay light: under 5 MB with plotly.js embedded once."""
import glob
import os
import subprocess
import sys
import unittest

from harness import REPO

NOTEBOOKS = sorted(p for p in glob.glob(os.path.join(REPO, "notebooks", "**", "*.ipynb"), recursive=True)
                   if ".ipynb_checkpoints" not in p)


class Notebooks(unittest.TestCase):
    def test_there_are_notebooks(self):
        self.assertTrue(NOTEBOOKS, "no notebooks under notebooks/")

    def test_every_notebook_runs(self):
        out = os.path.join(os.environ["ZEROTH_TEST_SCRATCH"], "notebooks")
        for notebook in NOTEBOOKS:
            with self.subTest(notebook=os.path.relpath(notebook, REPO)):
                run = subprocess.run(
                    [sys.executable, "-m", "nbconvert", "--execute", "--to", "notebook",
                     "--ExecutePreprocessor.timeout=900", "--ExecutePreprocessor.kernel_name=zeroth",
                     "--output-dir", os.path.join(out, os.path.relpath(os.path.dirname(notebook), REPO)), notebook],
                    capture_output=True, text=True)
                # stdout too: a JVM that crashes prints its fatal-error banner there, not on stderr
                self.assertEqual(0, run.returncode, f"{notebook} failed:\n{run.stderr[-6000:]}\n"
                                                    f"[stdout]\n{run.stdout[-3000:]}")
                if os.path.basename(notebook) == "01-quickstart.ipynb":
                    self.check_light(os.path.join(out, "notebooks", "01-quickstart.ipynb"))

    def check_light(self, executed):
        """Interactive plots (plotly.js inline, once) in under 5 MB: the README quotes this size."""
        size = os.path.getsize(executed)
        with open(executed, encoding="utf-8") as f:
            text = f.read()
        print(f"\n[notebooks] executed quickstart: {size} bytes")
        self.assertEqual(1, text.count("/* plotly.js "), "plotly.js is embedded exactly once")
        self.assertIn("application/vnd.plotly.v1+json", text, "the plots are interactive")
        self.assertLess(size, 5_000_000, "the executed quickstart must stay under 5 MB")
