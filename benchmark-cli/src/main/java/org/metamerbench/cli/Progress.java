package org.metamerbench.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * Progress bars with an ETA, on standard error so that tables on standard output stay clean. The line keeps its
 * words whole (the task, the counts, the times and the message: which job is running, "synthesis cnn-adv-l2 x
 * conv1_relu"), and the bar takes what width is left, or is left out on a narrow terminal.
 */
final class Progress {
    private static final int MAX_BAR = 30;
    private static final int MIN_BAR = 5;

    private Progress() {
    }

    static ProgressBar bar(String task, long total) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUpdateIntervalMillis(1000)
                .setRenderer((state, width) -> line(state.getTaskName(), state.getCurrent(), state.getMax(),
                        state.getTotalElapsed(), state.getExtraMessage(), width))
                .setConsumer(new WholeLines(System.err))
                .build();
    }

    /** One line of progress within {@code width} characters where the words allow it. */
    static String line(String task, long currentSteps, long maxSteps, Duration elapsed, String message, int width) {
        long max = Math.max(0, maxSteps);
        long current = Math.min(currentSteps, max == 0 ? currentSteps : max);
        double share = max == 0 ? 0 : (double) current / max;
        String eta = current <= 0 || max == 0 ? "?" : clock(elapsed.multipliedBy(max - current).dividedBy(current));
        String head = String.format(Locale.ROOT, "%s %3d%% ", task, Math.round(100 * share));
        String tail = String.format(Locale.ROOT, " %d/%d (%s / %s)", current, max, clock(elapsed), eta)
                + (message == null || message.isBlank() ? "" : " " + message.strip());
        int room = Math.min(MAX_BAR, width - head.length() - tail.length() - 2);
        if (room < MIN_BAR) {
            return head.strip() + tail; // whole words, no bar: the terminal wraps what does not fit
        }
        int done = (int) Math.round(share * room);
        return head + "[" + "=".repeat(done) + " ".repeat(room - done) + "]" + tail;
    }

    /**
     * Prints each line whole: the library's console consumer cuts a line at the terminal's width (80 where standard
     * error is not a terminal), which cut the job's name; the renderer already fits the line by dropping the bar.
     */
    static final class WholeLines implements ProgressBarConsumer {
        private final PrintStream out;
        private final ConsoleProgressBarConsumer width;
        private int last;

        WholeLines(PrintStream out) {
            this.out = out;
            this.width = new ConsoleProgressBarConsumer(out);
        }

        @Override
        public int getMaxRenderedLength() {
            return width.getMaxRenderedLength();
        }

        @Override
        public void accept(String line) {
            out.print("\r" + line + " ".repeat(Math.max(0, last - line.length())));
            last = line.length();
        }

        @Override
        public void close() {
            out.println();
            out.flush();
        }
    }

    private static String clock(Duration d) {
        long t = Math.max(0, d.getSeconds());
        return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60);
    }
}
