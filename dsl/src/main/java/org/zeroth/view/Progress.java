package org.zeroth.view;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import org.zeroth.Interrupts;
import org.zeroth.Run;
import org.zeroth.RunObserver;

/**
 * Live progress of long runs. Nothing shows for a run shorter than {@link #SHOW_AFTER_SECONDS}; after that:
 * <ul>
 *   <li>in a notebook (a {@link DisplaySink} is installed): one display, updated in place at most
 *       {@code 1/UPDATE_EVERY_SECONDS} times a second with the step, evaluations, best value, elapsed and estimated
 *       time left and a small curve of the best value. When the run ends the display is replaced by a one-line
 *       "done" note — not by the run itself, which the cell shows as its result: so the result appears once.</li>
 *   <li>on an interactive terminal ({@code System.console() != null}): a progress bar on stderr.</li>
 *   <li>anywhere else (a script whose output is redirected, a test): nothing.</li>
 * </ul>
 * A step costs one comparison of the elapsed seconds the recorder already measured, except for the few steps
 * that sample the curve or refresh the display.
 */
public final class Progress {
    /** Runs shorter than this show no progress. */
    public static final double SHOW_AFTER_SECONDS = 1.0;
    /** The least time between two refreshes of a display or bar. */
    public static final double UPDATE_EVERY_SECONDS = 0.25;

    private Progress() {
    }

    /** The observer that shows progress where the run is watched, if anywhere. */
    public static Optional<RunObserver> observer() {
        return observer(Views.sink().orElse(null), interactive(), System.err);
    }

    /**
     * A terminal a person watches: a console that is a terminal (Java 22+ has a console even when redirected), and
     * standard error — where the bar goes — not redirected to a file or pipe.
     */
    static boolean interactive() {
        Console console = System.console();
        if (console == null || !stderrOnTerminal()) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // before Java 22 a console exists only on a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** Whether standard error is a terminal device (Linux's /proc tells; elsewhere the console is taken at its word). */
    static boolean stderrOnTerminal() {
        Path stderr = Path.of("/proc/self/fd/2");
        try {
            String device = Files.readSymbolicLink(stderr).toString();
            return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return !Files.exists(stderr);
        }
    }

    /** The observer for a front-end: a live display when {@code sink} is given, else a bar when interactive. */
    static Optional<RunObserver> observer(DisplaySink sink, boolean interactive, PrintStream terminal) {
        if (sink != null) {
            return Optional.of(new LiveDisplay(sink));
        }
        if (interactive) {
            return Optional.of(new TerminalBar(terminal, 0));
        }
        return Optional.empty();
    }

    /** What a display says about a run in progress, e.g. "step 1200/2000 (60%) · 9600 evaluations · …". */
    static String status(RunObserver.Progress p) {
        StringBuilder s = new StringBuilder(p.config().method()).append(" on ").append(p.config().get("objective"))
                .append(": step ").append(p.step());
        if (p.totalSteps() > 0) {
            s.append('/').append(p.totalSteps());
        }
        double done = fractionDone(p);
        if (done > 0) {
            s.append(String.format(Locale.ROOT, " (%.0f%%)", 100 * done));
        }
        s.append(" · ").append(p.evaluations()).append(" evaluations · best f(x) ").append(Numbers.format(p.best()))
                .append(" · ").append(duration(p.seconds())).append(" elapsed");
        if (done > 0) {
            s.append(" · about ").append(duration(secondsLeft(p))).append(" left");
        }
        return s.toString();
    }

    /** The time left at the run's pace so far, by {@link #fractionDone}; NaN before anything is done. */
    static double secondsLeft(RunObserver.Progress p) {
        double done = fractionDone(p);
        return done > 0 ? p.seconds() * (1 - done) / done : Double.NaN;
    }

    /** The larger of the shares of steps and of evaluations used, when known; 0 otherwise. */
    static double fractionDone(RunObserver.Progress p) {
        double steps = p.totalSteps() > 0 ? (double) p.step() / p.totalSteps() : 0;
        double evaluations = p.maxEvaluations() > 0 ? (double) p.evaluations() / p.maxEvaluations() : 0;
        return Math.min(1, Math.max(steps, evaluations));
    }

    static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        return s < 3600 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60)
                : String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    static String doneLine(Run run, double seconds) {
        return String.format(Locale.ROOT, "%s on %s: %s after %s · %d steps · %d evaluations · best f(x) %s",
                run.method(), run.config().get("objective"), run.stopReason().description(), duration(seconds),
                run.steps(), run.evaluations(), Numbers.format(run.bestValue()));
    }

    /** The notebook display: shown once, then updated in place, finally replaced by the "done" line. */
    static final class LiveDisplay implements RunObserver {
        private static final double SAMPLE_EVERY_SECONDS = 0.05;
        private final DisplaySink sink;
        private final Curve curve = new Curve();
        private String displayId;
        private double nextSample;
        private double nextShow = SHOW_AFTER_SECONDS;
        private double lastSeconds;
        private boolean broken;

        LiveDisplay(DisplaySink sink) {
            this.sink = sink;
        }

        @Override
        public void stepped(RunObserver.Progress p) {
            if (p.seconds() < nextSample || broken) {
                return;
            }
            nextSample = p.seconds() + SAMPLE_EVERY_SECONDS;
            lastSeconds = p.seconds();
            curve.add(p.evaluations(), p.best());
            if (p.seconds() < nextShow) {
                return;
            }
            nextShow = p.seconds() + UPDATE_EVERY_SECONDS;
            String text = status(p);
            double done = fractionDone(p);
            String html = "<div class=\"zeroth-progress\" style=\"font-family:monospace\">"
                    + (done > 0 ? "<progress value=\"" + done + "\" max=\"1\" style=\"width:240px\"></progress> " : "")
                    + Html.escape(text) + "<br>" + curve.svg(240, 48) + "</div>";
            show(MimeBundle.text(text).with(MimeBundle.HTML, html));
        }

        @Override
        public void finished(Run run) {
            if (displayId == null || broken) {
                return; // a short run showed nothing and leaves nothing
            }
            String line = doneLine(run, Math.max(lastSeconds, lastRecordedSeconds(run)));
            show(MimeBundle.text(line).with(MimeBundle.HTML,
                    "<div class=\"zeroth-progress\" style=\"font-family:monospace\">" + Html.escape(line) + "</div>"));
        }

        private void show(MimeBundle bundle) {
            try {
                if (displayId == null) {
                    displayId = "zeroth-progress-" + UUID.randomUUID();
                    sink.display(displayId, bundle);
                } else {
                    sink.update(displayId, bundle);
                }
            } catch (RuntimeException e) {
                broken = true; // progress is a courtesy: a failing display must not end the run
            }
        }
    }

    private static double lastRecordedSeconds(Run run) {
        var seconds = run.trace().doubleColumn("seconds");
        return seconds.isEmpty() ? 0 : seconds.get(seconds.size() - 1);
    }

    /** The terminal's progress bar (me.tongfei:progressbar), started once the run has taken a second. */
    static final class TerminalBar implements RunObserver {
        private final PrintStream terminal;
        private final int width;
        private ProgressBar bar;
        private FinalFrameOnce frames;
        private volatile RunObserver.Progress last; // read by the bar's thread for the time left
        private double nextShow = SHOW_AFTER_SECONDS;

        /** {@code width} 0: the terminal's own width. */
        TerminalBar(PrintStream terminal, int width) {
            this.terminal = terminal;
            this.width = width;
        }

        @Override
        public void stepped(RunObserver.Progress p) {
            if (p.seconds() < nextShow) {
                return;
            }
            nextShow = p.seconds() + UPDATE_EVERY_SECONDS;
            last = p;
            if (bar == null) {
                frames = new FinalFrameOnce(width > 0 ? new ConsoleProgressBarConsumer(terminal, width)
                        : new ConsoleProgressBarConsumer(terminal));
                bar = new ProgressBarBuilder()
                        .setTaskName(p.config().method())
                        .setInitialMax(p.totalSteps() > 0 ? p.totalSteps() : -1)
                        .setUnit(" steps", 1)
                        .setUpdateIntervalMillis((int) (1000 * UPDATE_EVERY_SECONDS))
                        // its first frame, drawn by its thread as it starts, shows this step (not 0 for a moment)
                        .startsFrom(p.step(), Duration.ofMillis((long) (1000 * p.seconds())))
                        // the library's own estimate counts only the time since the bar appeared, not the run's
                        .setEtaFunction(state -> timeLeft(last))
                        .setConsumer(frames)
                        .build();
            }
            bar.stepTo(p.step());
            bar.setExtraMessage("best f(x) " + Numbers.format(p.best()));
        }

        private static Optional<Duration> timeLeft(RunObserver.Progress p) {
            double left = p == null ? Double.NaN : secondsLeft(p);
            return Double.isNaN(left) ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(1000 * left)));
        }

        @Override
        public void finished(Run run) {
            if (bar != null) {
                frames.ending(); // frames the library draws from here on are held: finish() draws the last once
                bar.stepTo(run.steps());
                bar.setExtraMessage("best f(x) " + Numbers.format(run.bestValue()));
                // close() waits for its final frame, but returns at once on an interrupted thread
                Interrupts.holdingBack(bar::close);
                frames.finish();
            }
        }
    }

    /**
     * The bar's frames to the terminal, its end drawn once: progressbar 0.10.1's close draws the final frame twice
     * (a refresh, then a forced one), and none and no line end when it closes before its first refresh.
     */
    static final class FinalFrameOnce implements ProgressBarConsumer {
        private final ConsoleProgressBarConsumer out;
        private boolean ending;
        private boolean done;
        private String drawn;
        private String held;

        FinalFrameOnce(ConsoleProgressBarConsumer out) {
            this.out = out;
        }

        @Override
        public int getMaxRenderedLength() {
            return out.getMaxRenderedLength();
        }

        @Override
        public synchronized void accept(String frame) {
            if (done) {
                return;
            }
            if (ending) {
                held = frame;
            } else {
                out.accept(frame);
                drawn = frame;
            }
        }

        synchronized void ending() {
            ending = true;
        }

        /** The library's close: its frames are held, and {@link #finish} ends the line. */
        @Override
        public void close() {
        }

        /** Draws the last frame held (unless it is the one on the line already), then ends the line. */
        synchronized void finish() {
            if (!done) {
                done = true;
                if (held != null && !held.equals(drawn)) {
                    out.accept(held);
                }
                out.close();
            }
        }
    }

    /** Best value against evaluations, sampled as the run goes, kept to a few hundred points by halving. */
    static final class Curve {
        private static final int MAX = 256;
        private double[] x = new double[MAX];
        private double[] y = new double[MAX];
        private int n;

        void add(double evaluations, double best) {
            if (!Double.isFinite(best)) {
                return;
            }
            if (n == MAX) {
                for (int i = 0; i < MAX / 2; i++) { // keep every other point, the last one included
                    x[i] = x[2 * i + 1];
                    y[i] = y[2 * i + 1];
                }
                n = MAX / 2;
            }
            x[n] = evaluations;
            y[n] = best;
            n++;
        }

        int size() {
            return n;
        }

        /** A small inline SVG polyline (no axes: the text beside it has the numbers). */
        String svg(int width, int height) {
            StringBuilder s = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                    .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                    .append(height).append("\"><title>best f(x) against evaluations</title>");
            if (n >= 2) {
                double[] ys = Arrays.copyOf(y, n);
                double lo = Arrays.stream(ys).min().orElse(0);
                double hi = Arrays.stream(ys).max().orElse(1);
                boolean log = Plot.spansDecades(lo, hi);
                double bottom = log ? Math.log10(lo) : lo;
                double top = log ? Math.log10(hi) : hi;
                double left = x[0];
                double right = x[n - 1];
                s.append("<polyline fill=\"none\" stroke=\"").append(Plot.color(0))
                        .append("\" stroke-width=\"1.5\" points=\"");
                for (int i = 0; i < n; i++) {
                    double v = log ? Math.log10(ys[i]) : ys[i];
                    double px = right > left ? 2 + (width - 4) * (x[i] - left) / (right - left) : width / 2.0;
                    double py = top > bottom ? height - 2 - (height - 4) * (v - bottom) / (top - bottom) : height / 2.0;
                    s.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                }
                s.append("\"/>");
            }
            return s.append("</svg>").toString();
        }
    }
}
