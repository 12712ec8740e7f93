package org.zeroth.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeroth.Zo.zo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeroth.Config;
import org.zeroth.Objective;
import org.zeroth.Run;
import org.zeroth.RunObserver;
import org.zeroth.problems.Problems;

class ProgressTest {

    /** What a notebook front-end receives. */
    static final class RecordingSink implements DisplaySink {
        record Call(String kind, String id, MimeBundle bundle, long nanos) {
        }

        final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void display(String displayId, MimeBundle bundle) {
            calls.add(new Call("display", displayId, bundle, System.nanoTime()));
        }

        @Override
        public void update(String displayId, MimeBundle bundle) {
            calls.add(new Call("update", displayId, bundle, System.nanoTime()));
        }
    }

    @AfterEach
    void removeSink() {
        Views.installSink(null);
    }

    /** 20 ms an evaluation: runs long enough for progress to show. */
    private static final Objective SLOW = x -> {
        sleep(20);
        return x.norm2Number().doubleValue();
    };

    private static final Config CONFIG = Config.of("method", "zo-sgd", "objective", "sphere(5)");

    private static RunObserver.Progress at(long step, double seconds) {
        return new RunObserver.Progress(CONFIG, step, 1000, 2 * step, 0, 1.0 / step, 1.0 / step, seconds);
    }

    private static Run quickRun() {
        return zo.minimize(Problems.sphere(5)).withGaussianDirections(1e-3).progress(false).steps(20);
    }

    @Test
    void notebookDisplayAppearsAfterASecondAndUpdatesAFewTimesASecond() {
        RecordingSink sink = new RecordingSink();
        RunObserver observer = Progress.observer(sink, false, System.err).orElseThrow();
        List<Double> shownAt = new ArrayList<>();
        for (int step = 1; step <= 300; step++) {
            double seconds = step * 0.01; // a step every 10 ms for 3 s
            int before = sink.calls.size();
            observer.stepped(at(step, seconds));
            if (sink.calls.size() > before) {
                shownAt.add(seconds);
            }
        }
        assertTrue(shownAt.get(0) >= Progress.SHOW_AFTER_SECONDS, "nothing before a second: " + shownAt);
        for (int i = 1; i < shownAt.size(); i++) {
            assertTrue(shownAt.get(i) - shownAt.get(i - 1) >= Progress.UPDATE_EVERY_SECONDS - 1e-9, shownAt.toString());
        }
        // 2 s of showing at one refresh per 0.25 s: the first display and 8 updates (floating-point steps: ± 1)
        assertTrue(shownAt.size() >= 8 && shownAt.size() <= 10, shownAt.toString());
        assertEquals("display", sink.calls.get(0).kind());
        assertEquals(1, sink.calls.stream().map(RecordingSink.Call::id).distinct().count(), "one display id");
        String text = sink.calls.get(sink.calls.size() - 1).bundle().get(MimeBundle.TEXT);
        long step = Math.round(shownAt.get(shownAt.size() - 1) * 100);
        double left = step * 0.01 * (1000 - step) / step; // elapsed × (share left / share done)
        assertTrue(text.contains("step " + step + "/1000 (" + Math.round(step / 10.0) + "%)")
                && text.contains(2 * step + " evaluations") && text.contains("best f(x) " + Numbers.format(1.0 / step))
                && text.contains(String.format(java.util.Locale.ROOT, "about %.1f s left", left)), text);
        String html = sink.calls.get(sink.calls.size() - 1).bundle().get(MimeBundle.HTML);
        assertTrue(html.contains("<polyline"), "a small live curve");

        observer.finished(quickRun());
        RecordingSink.Call last = sink.calls.get(sink.calls.size() - 1);
        assertEquals("update", last.kind());
        assertTrue(last.bundle().get(MimeBundle.TEXT).contains("ran all requested steps"), "replaced by a done line");
        assertFalse(last.bundle().has(MimeBundle.PLOTLY), "the result itself is the cell's, shown once");
    }

    @Test
    void shortRunsShowNothing() {
        RecordingSink sink = new RecordingSink();
        RunObserver observer = Progress.observer(sink, false, System.err).orElseThrow();
        for (int step = 1; step <= 90; step++) {
            observer.stepped(at(step, step * 0.01));
        }
        observer.finished(quickRun());
        assertEquals(List.of(), sink.calls);
    }

    @Test
    void noSinkAndNoTerminalMeansNoObserver() {
        assertTrue(Progress.observer(null, false, System.err).isEmpty());
        assertFalse(Progress.interactive(), "tests run without a terminal");
        assertTrue(Progress.observer().isEmpty());
    }

    @Test
    void aTerminalBarNeedsStandardErrorOnTheTerminal() throws Exception {
        // script(1) runs a JVM on a pseudo-terminal; with stderr sent to a file the bar would fill the file
        String java = ProcessHandle.current().info().command().orElseThrow();
        String command = "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' "
                + ProgressProbe.class.getName();
        Path log = Files.createTempFile("stderr", ".log");
        assertTrue(onTerminal(command).contains("interactive=true"), "stdout and stderr on the terminal");
        assertTrue(onTerminal(command + " 2>'" + log + "'").contains("interactive=false"), "stderr in a file");
        assertTrue(onTerminal(command + " 2>&1 | cat").contains("interactive=false"), "output piped");
        Files.delete(log);
    }

    private static String onTerminal(String command) throws Exception {
        Process p = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void aSlowRunInANotebookShowsLiveProgressThenADoneLine() {
        RecordingSink sink = new RecordingSink();
        Views.installSink(sink);
        // 2 evaluations per step (forward differences, q = 1) of 20 ms: 40 steps take about 1.6 s
        Run run = zo.minimize(SLOW).from(1.0, 1.0).withGaussianDirections(1e-3).seed(3).steps(40);
        List<RecordingSink.Call> calls = List.copyOf(sink.calls);
        assertEquals("display", calls.get(0).kind());
        assertEquals(1, calls.stream().filter(c -> c.kind().equals("display")).count());
        assertEquals(1, calls.stream().map(RecordingSink.Call::id).distinct().count(), "one display id");
        assertTrue(calls.size() >= 3, "a display, updates and the final update: " + calls.size());
        for (int i = 1; i < calls.size() - 1; i++) { // live refreshes are spaced; the final one comes at the end
            // by the run's own clock, which they show ("1.3 s elapsed", to 0.1 s): a wall clock read later in the
            // sink would see a preempted thread's gaps shrink
            double gap = elapsed(calls.get(i)) - elapsed(calls.get(i - 1));
            assertTrue(gap >= Progress.UPDATE_EVERY_SECONDS - 0.1 + 1e-9, "refreshes " + gap + " s apart");
        }
        String done = calls.get(calls.size() - 1).bundle().get(MimeBundle.TEXT);
        assertTrue(done.contains("40 steps") && done.contains(Numbers.format(run.bestValue())), done);
    }

    private static double elapsed(RecordingSink.Call call) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9.]+) s elapsed")
                .matcher(call.bundle().get(MimeBundle.TEXT));
        assertTrue(m.find(), call.bundle().get(MimeBundle.TEXT));
        return Double.parseDouble(m.group(1));
    }

    @Test
    void progressOffShowsNothingEvenInANotebook() {
        RecordingSink sink = new RecordingSink();
        Views.installSink(sink);
        zo.minimize(SLOW).from(1.0, 1.0).withGaussianDirections(1e-3).progress(false).steps(30);
        assertEquals(List.of(), sink.calls);
    }

    @Test
    void terminalBarDrawsOnTheGivenStream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunObserver bar = new Progress.TerminalBar(new PrintStream(out, true, StandardCharsets.UTF_8), 100);
        for (int step = 1; step <= 200; step++) {
            bar.stepped(at(step, step * 0.01));
        }
        Run run = quickRun();
        bar.finished(run);
        String drawn = out.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.contains("zo-sgd") && drawn.contains("20/1000"), drawn);
    }

    /**
     * The bar's time left is the run's pace so far: 200 of 1000 steps in 2 s leave 8 s. progressbar's own estimate
     * counts only the time since the bar appeared (a second into the run), and said 0:00:00.
     */
    @Test
    void theTerminalBarsTimeLeftIsTheRunsPace() throws InterruptedException {
        // Many bars: the library's thread draws the first frame as the bar starts, racing the step it is given.
        Run run = quickRun();
        for (int bars = 0; bars < 100; bars++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RunObserver bar = new Progress.TerminalBar(new PrintStream(out, true, StandardCharsets.UTF_8), 120);
            bar.stepped(new RunObserver.Progress(CONFIG, 200, 1000, 400, 0, 1.0, 1.0, 2.0));
            for (int waited = 0; out.size() == 0; waited++) { // the library's thread draws it
                assertTrue(waited < 60_000, "the bar drew nothing in a minute");
                Thread.sleep(1);
            }
            String frame = out.toString(StandardCharsets.UTF_8);
            assertTrue(frame.contains("200/1000") && frame.contains("0:00:08"), () -> shown(frame));
            bar.finished(run);
        }
    }

    /**
     * The run's end draws the bar's final frame once, and ends its line: progressbar 0.10.1's close drew it twice
     * (a refresh, then a forced one: two lines in a log), or, closed before its first refresh, without the line
     * end. The run ends at step 250, past the last step shown, so no frame drawn during the run is the final one.
     * Once as it comes, once after the bar's first frame is out (the old close then always drew the end twice).
     */
    @Test
    void theTerminalBarDrawsItsFinalFrameOnce() throws InterruptedException {
        Run run = zo.minimize(Problems.sphere(5)).withGaussianDirections(1e-3).seed(1).progress(false).steps(250);
        for (boolean afterFirstFrame : new boolean[] {false, true}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RunObserver bar = new Progress.TerminalBar(new PrintStream(out, true, StandardCharsets.UTF_8), 120);
            for (int step = 1; step <= 200; step++) {
                bar.stepped(new RunObserver.Progress(CONFIG, step, 250, 2 * step, 0, 1.0 / step, 1.0 / step,
                        step * 0.01));
            }
            for (int waited = 0; afterFirstFrame && out.size() == 0; waited++) { // the library's thread draws it
                assertTrue(waited < 6000, "the bar drew nothing in a minute");
                Thread.sleep(10);
            }
            bar.finished(run);
            String drawn = out.toString(StandardCharsets.UTF_8);
            assertTrue(drawn.endsWith("\n") && drawn.indexOf('\n') == drawn.length() - 1,
                    () -> "one line, ended: " + shown(drawn));
            List<String> frames = List.of(drawn.strip().split("\r"));
            String last = frames.get(frames.size() - 1);
            assertTrue(last.contains("250/250") && last.contains(Numbers.format(run.bestValue())), () -> shown(drawn));
            assertEquals(1, frames.stream().filter(f -> f.contains("250/250")).count(), () -> shown(drawn));
        }
    }

    /** Terminal output with its carriage returns visible (a report would draw each frame over the last). */
    private static String shown(String drawn) {
        return drawn.replace("\n", "\\n").replace("\r", "\\r\n");
    }

    @Test
    void liveCurveKeepsItsLatestPointWhenHalving() {
        Progress.Curve curve = new Progress.Curve();
        for (int i = 1; i <= 1000; i++) {
            curve.add(i, 1.0 / i);
        }
        assertTrue(curve.size() <= 256);
        String svg = curve.svg(240, 48);
        Documents.xml(svg);
        assertTrue(svg.contains("238.0,"), "the last point sits at the right edge: " + svg);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
