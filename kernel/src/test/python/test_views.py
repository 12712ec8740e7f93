"""The renderer registry through the real kernel, once per JDK: a user's own types render as HTML or a figure
after `Views.register(...)` in a cell, the most specific registered type wins, builders left without their terminal
say how to run them, and results (run.plot(), a run) still show as before."""
import os
import unittest

from harness import SCRATCH, KernelPerClass



class ViewsBehaviour(KernelPerClass):

    def test_a_users_type_renders_as_html_once_registered(self):
        self.kernel.ok("record Money(double amount) {}")
        before = self.kernel.ok("new Money(3)").result()
        self.assertEqual({"text/plain"}, set(before), "unregistered: its text only")
        self.assertEqual("Money[amount=3.0]", before["text/plain"])
        self.kernel.ok('Views.register(Money.class, m -> MimeBundle.text(m.amount() + " EUR")'
                       '.with(MimeBundle.HTML, "<b class=\\"money\\">" + m.amount() + " €</b>"))')
        shown = self.kernel.ok("new Money(3)").result()
        self.assertEqual('<b class="money">3.0 €</b>', shown["text/html"])
        self.assertEqual("3.0 EUR", shown["text/plain"])
        displayed = self.kernel.ok("display(new Money(4));").of_type("display_data")
        self.assertEqual('<b class="money">4.0 €</b>', displayed[-1]["data"]["text/html"], "display() uses it too")

    def test_a_users_type_renders_as_a_figure_and_the_most_specific_type_wins(self):
        self.kernel.ok("interface Shape { double size(); }\n"
                       "class Square implements Shape { public double size() { return 2; } }\n"
                       "class Tile extends Square {}")
        self.kernel.ok('Views.register(Shape.class, s -> Figure.titled("shape of size " + s.size())'
                       '.line("s", new double[] {0, 1}, new double[] {0, s.size()}))')
        figure = self.kernel.ok("new Tile()").result()
        self.assertIn("<svg", figure["image/svg+xml"], "a static image beside the plot")
        self.assertIn("shape of size 2.0", figure["application/vnd.plotly.v1+json"]["layout"]["title"]["text"])
        self.assertIn("Plotly.newPlot", figure["text/html"])
        self.kernel.ok('Views.register(Square.class, s -> "a square")')
        self.assertEqual("a square", self.kernel.ok("new Tile()").text(), "a superclass beats an interface")
        self.assertEqual({"text/plain"}, set(self.kernel.ok("new Tile()").result()))

    def test_a_bad_renderer_falls_back_to_text_and_says_why(self):
        self.kernel.ok("record Odd(int n) {}")
        self.kernel.ok("Views.register(Odd.class, o -> o.n())")
        cell = self.kernel.ok("new Odd(5)")
        self.assertEqual("Odd[n=5]", cell.text())
        self.assertIn("return a MimeBundle, Figure, View, Table or String", cell.stderr())

    def test_a_builder_without_its_terminal_says_how_to_run_it(self):
        shown = self.kernel.ok("zo.minimize(Problems.sphere(3)).from(new double[3]).adam(1e-2)").result()
        self.assertEqual("zo-adam gaussian h=0.001 q=1 forward lr=0.01 on sphere(3), not run yet: call steps(n) to run",
                         shown["text/plain"])
        self.assertIn("call steps(n) to run", shown["text/html"])
        self.assertIn("call steps(n) or run() to run", self.kernel.ok("zo.cmaes(Problems.sphere(3))").text())

    def test_results_and_their_plots_still_show(self):
        self.kernel.ok("Run viewed = zo.minimize(Problems.sphere(2)).sgd(0.1).progress(false).steps(20);")
        run = self.kernel.ok("viewed").result()
        self.assertEqual({"text/plain", "text/html", "image/svg+xml", "application/vnd.plotly.v1+json"}, set(run))
        self.assertTrue(run["text/plain"].startswith("zo-sgd on sphere(2)"), run["text/plain"])
        plot = self.kernel.ok("viewed.plot()").result()
        self.assertIn("image/svg+xml", plot)
        path = os.path.join(SCRATCH, f"jdk{self.java}-run.svg")
        self.kernel.ok(f'viewed.plot().save("{path}")')
        with open(path, encoding="utf-8") as f:
            self.assertIn("<svg", f.read())
        self.assertIn("zo-sgd on sphere(2)", self.kernel.ok('System.out.println(viewed);').stdout())


class Jdk17(ViewsBehaviour, unittest.TestCase):
    java = "17"


class Jdk25(ViewsBehaviour, unittest.TestCase):
    java = "25"
