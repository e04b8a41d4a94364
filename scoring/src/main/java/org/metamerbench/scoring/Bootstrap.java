package org.metamerbench.scoring;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * A bootstrap over stimuli and observers together: each resample draws the run's stimuli with replacement and,
 * independently, the panel's observers with replacement, and is given to the statistic as multiplicities
 * ({@link Resample}). The draws depend only on the seed, the number of stimuli and the observers' list, so every
 * stage, model and run compared on the same stimuli and panel sees the same resamples (paired comparisons).
 * Resampling observers makes the uncertainty cover which models happen to be in the panel, not only which
 * stimuli are in the set.
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

    public int samples() {
        return samples;
    }

    /**
     * The statistic on every resample of {@code n} stimuli and of {@code observers} (empty: stimuli only); NaN
     * where it is undefined on a resample.
     */
    public double[] replicate(int n, List<String> observers, ToDoubleFunction<Resample> statistic) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] out = new double[samples];
        int m = observers.size();
        for (int b = 0; b < samples; b++) {
            int[] w = new int[n];
            for (int k = 0; k < n; k++) {
                w[rnd.nextInt(n)]++;
            }
            Map<String, Integer> v = null;
            if (m > 0) {
                v = new HashMap<>();
                for (int k = 0; k < m; k++) {
                    v.merge(observers.get(rnd.nextInt(m)), 1, Integer::sum);
                }
            }
            out[b] = statistic.applyAsDouble(new Resample(w, v));
        }
        return out;
    }

    /** Standard deviation of the defined replicates; NaN with fewer than two. */
    public double standardError(int n, List<String> observers, ToDoubleFunction<Resample> statistic) {
        if (samples < 2 || n == 0) {
            return Double.NaN;
        }
        return standardDeviation(replicate(n, observers, statistic));
    }

    /** Standard deviation of the defined values; NaN with fewer than two. */
    public static double standardDeviation(double[] r) {
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
