package org.metamerbench.api.harness;

import java.util.Locale;

/**
 * When a stimulus's synthesis ends, within the published schedule ({@link SynthesisLoop}). {@link #FIXED} is the
 * published budget: every stimulus takes every step of every schedule stage. {@link #adaptive} stops early, per
 * stimulus, by two rules evaluated every {@code window} steps of a schedule stage:
 * <ol>
 * <li><b>the stage has stopped improving</b>: the best loss reached in the stage has fallen by less than
 * {@code threshold} of itself over the last {@code window} steps (for the first window: against the loss at the
 * stage's first step). The stimulus then moves on to the next schedule stage (the step size halves), or ends if
 * this was the last one ({@value #PLATEAU});</li>
 * <li><b>the metamer is done</b>: at such a plateau the harness judges the current iterate by the run's acceptance
 * rule (the generator's class of the reference kept, every statistic above the null distribution's threshold); an
 * accepted iterate is the metamer ({@value #ACCEPTED}).</li>
 * </ol>
 * A stimulus that reaches the end of the last schedule stage ends there ({@value #BUDGET}), as under the fixed rule.
 * The metamer is always the last iterate, and a stimulus never takes more steps than the fixed budget.
 *
 * @param adaptive  stop early by the two rules above; false is the fixed budget
 * @param window    steps between evaluations of the rule within a schedule stage (at least 2)
 * @param threshold the relative improvement of the stage's best loss over one window below which the stage has
 *                  stopped improving, in [0, 1)
 */
public record StopRule(boolean adaptive, int window, double threshold) {
    /** Why a stimulus ended: every step of the budget taken. */
    public static final String BUDGET = "budget";
    /** Why a stimulus ended: its iterate was accepted at a plateau. */
    public static final String ACCEPTED = "accepted";
    /** Why a stimulus ended: its loss stopped improving in the last schedule stage, not accepted. */
    public static final String PLATEAU = "plateau";

    /** The published budget. */
    public static final StopRule FIXED = new StopRule(false, 0, 0);

    /** The default threshold of the adaptive rule: 0.5% relative improvement of the best loss per window. */
    public static final double DEFAULT_THRESHOLD = 0.005;

    public StopRule {
        if (adaptive && (window < 2 || !(threshold >= 0 && threshold < 1))) {
            throw new IllegalArgumentException("an adaptive stopping rule needs a window of at least 2 steps and a "
                    + "threshold in [0, 1), not window " + window + ", threshold " + threshold);
        }
        if (!adaptive && (window != 0 || threshold != 0)) {
            throw new IllegalArgumentException("the fixed budget has no window or threshold");
        }
    }

    /**
     * The adaptive rule for a schedule of {@code iterationsPerStage} steps per stage: a window of a tenth of a stage
     * (at least 5 steps), the default threshold.
     */
    public static StopRule adaptive(int iterationsPerStage) {
        return new StopRule(true, Math.max(5, iterationsPerStage / 10), DEFAULT_THRESHOLD);
    }

    /** The rule by its name on the command line: {@code fixed} or {@code adaptive}. */
    public static StopRule named(String name, int iterationsPerStage) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "fixed" -> FIXED;
            case "adaptive" -> adaptive(iterationsPerStage);
            default -> throw new IllegalArgumentException("--stopping: '" + name + "' is not a stopping rule "
                    + "(fixed or adaptive)");
        };
    }

    /** {@code fixed} or {@code adaptive}. */
    public String name() {
        return adaptive ? "adaptive" : "fixed";
    }

    /** The rule in words, for run.json and the report. */
    public String describe() {
        if (!adaptive) {
            return "published: every stimulus takes the whole schedule";
        }
        return String.format(Locale.ROOT, "deviation: a schedule stage ends for a stimulus when its best loss in "
                + "the stage improves by less than %s of itself over %d steps; at such a plateau an accepted iterate "
                + "ends synthesis, and a plateau in the last stage ends it too", threshold, window);
    }
}
