package org.metamerbench.runner.acceptance;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.metamerbench.api.Tensor;

/**
 * The null distribution of one model stage: Spearman rho, Pearson r and SNR between the activations
 * of random pairs of natural images from the null pool. A metamer is accepted at a stage only if
 * each of its statistics reaches the null maximum (the published rule), or a stated quantile when
 * the run asks for one.
 *
 * <p>Pairs are ordered (the first image is the "reference" for the asymmetric SNR) and distinct. All
 * {@code n(n-1)} ordered pairs of the pool are used when that is at most {@code maxPairs}; otherwise
 * {@code maxPairs} pairs are drawn uniformly, with replacement, from a seeded generator.
 *
 * @param quantiles per statistic, the value at each of {@link #QUANTILES}
 */
public record NullDistribution(int poolSize, int units, long pairs, long zeroPairs,
        Map<Statistic, double[]> quantiles) {

    /** The quantiles kept: 0.5, 0.99, 0.999, 0.9999 and 1 (the maximum). */
    public static final double[] QUANTILES = {0.5, 0.99, 0.999, 0.9999, 1.0};

    /** The three acceptance statistics. */
    public enum Statistic {
        SPEARMAN, PEARSON, SNR_DB
    }

    /** The value at {@code q}, one of {@link #QUANTILES}. */
    public double quantile(Statistic s, double q) {
        for (int k = 0; k < QUANTILES.length; k++) {
            if (QUANTILES[k] == q) {
                return quantiles.get(s)[k];
            }
        }
        throw new IllegalArgumentException("null quantile " + q + " is not kept; kept: " + Arrays.toString(QUANTILES));
    }

    public double max(Statistic s) {
        return quantile(s, 1.0);
    }

    /**
     * Computes the distribution from the pool's activations at one stage ({@code [n, ...]}).
     */
    public static NullDistribution compute(Tensor poolActivations) {
        int n = poolActivations.batchSize();
        int d = poolActivations.sampleSize();
        if (n < 2) {
            throw new IllegalArgumentException("a null pool needs at least 2 images, got " + n);
        }
        org.metamerbench.runner.ModelOutputs.requireFinite(poolActivations, "the null pool's activation");
        float[] raw = poolActivations.toFloatArray();
        boolean[] zero = new boolean[n];
        boolean[] constant = new boolean[n];
        float[] row = new float[d];
        double[] buffer = new double[n * d];
        // Plain inner products (for the SNR), then correlations of values and of average ranks.
        for (int i = 0; i < n; i++) {
            System.arraycopy(raw, i * d, row, 0, d);
            zero[i] = Similarity.allZero(row);
            for (int k = 0; k < d; k++) {
                buffer[i * d + k] = row[k];
            }
        }
        double[] gPlain = GramMatrix.of(buffer, n, d);
        for (int i = 0; i < n; i++) {
            constant[i] = !standardise(buffer, i * d, d);
        }
        double[] gPearson = GramMatrix.of(buffer, n, d);
        for (int i = 0; i < n; i++) {
            System.arraycopy(raw, i * d, row, 0, d);
            System.arraycopy(Similarity.averageRanks(row), 0, buffer, i * d, d);
            standardise(buffer, i * d, d);
        }
        double[] gSpearman = GramMatrix.of(buffer, n, d);

        long count = (long) n * (n - 1);
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a null pool of " + n + " images has too many pairs: " + count);
        }
        float[][] values = new float[Statistic.values().length][(int) count];
        int k = 0;
        long zeros = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                if (zero[i] || zero[j]) {
                    zeros++; // the published rule: 0 on all three statistics
                } else {
                    boolean undefined = constant[i] || constant[j];
                    values[0][k] = undefined ? 0f : (float) gSpearman[i * n + j];
                    values[1][k] = undefined ? 0f : (float) gPearson[i * n + j];
                    double signal = gPlain[i * n + i];
                    double noise = signal + gPlain[j * n + j] - 2 * gPlain[i * n + j];
                    values[2][k] = noise > 0 ? (float) (10 * Math.log10(Math.sqrt(signal) / Math.sqrt(noise)))
                            : Float.POSITIVE_INFINITY;
                }
                k++;
            }
        }
        Map<Statistic, double[]> q = new LinkedHashMap<>();
        for (Statistic s : Statistic.values()) {
            q.put(s, quantilesOf(values[s.ordinal()]));
        }
        return new NullDistribution(n, d, count, zeros, q);
    }

    private static double[] quantilesOf(float[] v) {
        Arrays.sort(v);
        double[] out = new double[QUANTILES.length];
        for (int k = 0; k < QUANTILES.length; k++) {
            int idx = (int) Math.ceil(QUANTILES[k] * v.length) - 1;
            out[k] = v[Math.max(0, Math.min(v.length - 1, idx))];
        }
        return out;
    }

    /** Replaces {@code v[off..off+d)} by {@code (v - mean) / ||v - mean||}; false (all zeros) when constant. */
    private static boolean standardise(double[] v, int off, int d) {
        double mean = 0;
        for (int k = 0; k < d; k++) {
            mean += v[off + k];
        }
        mean /= d;
        double ss = 0;
        for (int k = 0; k < d; k++) {
            double c = v[off + k] - mean;
            ss += c * c;
        }
        if (ss == 0) {
            Arrays.fill(v, off, off + d, 0);
            return false;
        }
        double inv = 1 / Math.sqrt(ss);
        for (int k = 0; k < d; k++) {
            v[off + k] = (v[off + k] - mean) * inv;
        }
        return true;
    }
}
