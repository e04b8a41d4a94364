package org.metamerbench.reports;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * A bootstrap over stimuli: each resample draws the run's stimuli with replacement and is given to
 * the statistic as multiplicities ({@code w[i]} = times stimulus i was drawn), so that every stage
 * and every run compared on the same stimuli sees the same resample.
 */
public final class Bootstrap {
    private final int samples;
    private final long seed;

    public Bootstrap(int samples, long seed) {
        if (samples < 0) {
            throw new IllegalArgumentException("bootstrap samples must be >= 0, not " + samples);
        }
        this.samples = samples;
        this.seed = seed;
    }

    /** The statistic on every resample of {@code n} stimuli; NaN where it is undefined on a resample. */
    public double[] replicate(int n, ToDoubleFunction<int[]> statistic) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] out = new double[samples];
        int[] w = new int[n];
        for (int b = 0; b < samples; b++) {
            java.util.Arrays.fill(w, 0);
            for (int k = 0; k < n; k++) {
                w[rnd.nextInt(n)]++;
            }
            out[b] = statistic.applyAsDouble(w);
        }
        return out;
    }

    /** Standard deviation of the defined replicates; NaN with fewer than two. */
    public double standardError(int n, ToDoubleFunction<int[]> statistic) {
        if (samples < 2 || n == 0) {
            return Double.NaN;
        }
        double[] r = replicate(n, statistic);
        double sum = 0;
        double sumSq = 0;
        int k = 0;
        for (double v : r) {
            if (!Double.isNaN(v)) {
                sum += v;
                sumSq += v * v;
                k++;
            }
        }
        if (k < 2) {
            return Double.NaN;
        }
        double mean = sum / k;
        return Math.sqrt(Math.max(0, (sumSq - k * mean * mean) / (k - 1)));
    }
}
