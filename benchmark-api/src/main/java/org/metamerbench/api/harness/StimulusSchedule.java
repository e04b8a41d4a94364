package org.metamerbench.api.harness;

import java.util.Arrays;
import java.util.function.Function;
import org.metamerbench.api.Tensor;

/**
 * Where each stimulus of a batch stands in the published schedule under a {@link StopRule}: its schedule stage,
 * its steps, and whether it has ended. The one implementation of the rule, for the engines' loop and the harness's
 * alike. A loop asks it the step size of every stimulus still running ({@link #active}), takes one step of all of
 * them, and tells it the losses measured before that step ({@link #stepped}); the stimuli that ended leave the batch
 * ({@link #kept}), so their steps are not computed.
 */
public final class StimulusSchedule {
    private final SynthesisLoop loop;
    private final int n;
    private final int[] stage;
    private final int[] inStage;
    private final int[] steps;
    private final String[] stopped;
    private final double[] best;
    private final double[] bestAtCheck;
    private int[] active;
    private int[] previous;
    private int[] kept;

    public StimulusSchedule(SynthesisLoop loop) {
        this.loop = loop;
        this.n = loop.start().batchSize();
        this.stage = new int[n];
        this.inStage = new int[n];
        this.steps = new int[n];
        this.stopped = new String[n];
        this.best = new double[n];
        this.bestAtCheck = new double[n];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        Arrays.fill(bestAtCheck, Double.NaN);
        this.active = new int[n];
        Arrays.setAll(active, i -> i);
        this.kept = active.clone();
    }

    /** The stimuli still running, as indices into the batch, in order: the rows of the loop's current batch. */
    public int[] active() {
        return active.clone();
    }

    public boolean done() {
        return active.length == 0;
    }

    /** The step size of each stimulus still running, in the order of {@link #active}. */
    public float[] stepSizes() {
        float[] out = new float[active.length];
        for (int p = 0; p < active.length; p++) {
            out[p] = (float) (loop.initialStep() / (1L << stage[active[p]]));
        }
        return out;
    }

    /**
     * Records one step of every stimulus still running. {@code lossBefore[p]} is the loss of row {@code p} (of
     * {@link #active}) measured before the step; {@code iterates} gives the rows named (positions in the current
     * batch) as they are after the step, for the acceptance check at a plateau. Returns true when some stimulus
     * ended: the loop then keeps only the rows {@link #kept} names and saves the others' iterates first.
     */
    public boolean stepped(float[] lossBefore, Function<int[], Tensor> iterates) {
        if (lossBefore.length != active.length) {
            throw new IllegalArgumentException(lossBefore.length + " losses for " + active.length + " stimuli");
        }
        StopRule rule = loop.stopRule();
        int[] plateaued = new int[active.length];
        int plateaus = 0;
        boolean[] ends = new boolean[active.length];
        for (int p = 0; p < active.length; p++) {
            int i = active[p];
            double l = lossBefore[p];
            if (Double.isNaN(bestAtCheck[i])) {
                bestAtCheck[i] = l;
            }
            best[i] = Math.min(best[i], l);
            steps[i]++;
            inStage[i]++;
            boolean checkpoint = rule.adaptive() && inStage[i] % rule.window() == 0;
            if (checkpoint && bestAtCheck[i] - best[i] <= rule.threshold() * bestAtCheck[i]) {
                plateaued[plateaus++] = p;
                continue;
            }
            if (checkpoint) {
                bestAtCheck[i] = best[i];
            }
            if (inStage[i] == loop.iterationsPerStage()) {
                endStage(i, p, ends);
            }
        }
        if (plateaus > 0) {
            int[] rows = Arrays.copyOf(plateaued, plateaus);
            boolean[] accepted = new boolean[plateaus];
            if (loop.check() != null) {
                int[] ids = new int[plateaus];
                for (int k = 0; k < plateaus; k++) {
                    ids[k] = active[rows[k]];
                }
                accepted = loop.check().accepted(ids, iterates.apply(rows));
                if (accepted.length != plateaus) {
                    throw new IllegalStateException("the acceptance check answered " + accepted.length + " of "
                            + plateaus + " stimuli");
                }
            }
            for (int k = 0; k < plateaus; k++) {
                int i = active[rows[k]];
                if (accepted[k]) {
                    ends[rows[k]] = true;
                    stopped[i] = StopRule.ACCEPTED;
                } else if (stage[i] == loop.stages() - 1 && inStage[i] < loop.iterationsPerStage()) {
                    ends[rows[k]] = true;
                    stopped[i] = StopRule.PLATEAU;
                } else {
                    endStage(i, rows[k], ends);
                }
            }
        }
        int keep = 0;
        int[] keptRows = new int[active.length];
        for (int p = 0; p < active.length; p++) {
            if (!ends[p]) {
                keptRows[keep++] = p;
            }
        }
        boolean changed = keep < active.length;
        kept = Arrays.copyOf(keptRows, keep);
        previous = active;
        if (changed) {
            int[] next = new int[keep];
            for (int k = 0; k < keep; k++) {
                next[k] = active[kept[k]];
            }
            active = next;
        }
        return changed;
    }

    /** Stimulus {@code i} (row {@code p}) goes on to the next schedule stage, or ends after the last. */
    private void endStage(int i, int p, boolean[] ends) {
        if (stage[i] == loop.stages() - 1) {
            ends[p] = true;
            stopped[i] = StopRule.BUDGET;
        } else {
            nextStage(i);
        }
    }

    private void nextStage(int i) {
        stage[i]++;
        inStage[i] = 0;
        best[i] = Double.POSITIVE_INFINITY;
        bestAtCheck[i] = Double.NaN;
    }

    /**
     * After {@link #stepped} returned true: the rows of the batch before it (positions) that still run, in order.
     * The other rows' stimuli have ended with their iterate as it is after the step.
     */
    public int[] kept() {
        return kept.clone();
    }

    /** After {@link #stepped} returned true: which rows of the batch before it still run. */
    public boolean[] keptMask() {
        boolean[] mask = new boolean[previous.length];
        for (int p : kept) {
            mask[p] = true;
        }
        return mask;
    }

    /**
     * After {@link #stepped} returned true: copies the rows of the stimuli that ended ({@code per} values each, from
     * {@code rows}, the batch before it) to their places in {@code out}, the whole batch in batch order.
     */
    public void copyEnded(float[] rows, float[] out, int per) {
        boolean[] stays = keptMask();
        for (int p = 0; p < previous.length; p++) {
            if (!stays[p]) {
                System.arraycopy(rows, p * per, out, previous[p] * per, per);
            }
        }
    }

    /** The steps stimulus {@code i} took. */
    public int steps(int i) {
        return steps[i];
    }

    /** Why stimulus {@code i} ended ({@link StopRule#BUDGET}, {@link StopRule#ACCEPTED}, {@link StopRule#PLATEAU}). */
    public String stopped(int i) {
        return stopped[i];
    }

    /** The steps of every stimulus, in batch order. */
    public int[] steps() {
        return steps.clone();
    }

    /** Why every stimulus ended, in batch order. */
    public String[] stopped() {
        return stopped.clone();
    }
}
