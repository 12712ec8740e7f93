"""Executes every notebook under notebooks/ with `jupyter nbconvert --execute`; a cell error fails the test."""
import glob
import os
import subprocess
import sys
import unittest

REPO = os.path.abspath(os.environ.get("ZEROTH_REPO", os.path.join(os.path.dirname(__file__), "../../../..")))
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
                self.assertEqual(0, run.returncode, f"{notebook} failed:\n{run.stderr[-6000:]}")
