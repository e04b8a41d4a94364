package org.metamerbench.scoring;

import java.util.Arrays;

/** Means and standard errors (correlations are {@link Correlation}'s). */
public final class Stats {
    private Stats() {
    }

    public static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    /** Standard error of the mean: sample SD (n - 1) / sqrt(n); NaN for fewer than 2 values. */
    public static double sem(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1)) / Math.sqrt(v.length);
    }
}
