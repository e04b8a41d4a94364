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
 * <p>Pairs are ordered (the first image is the "reference" for the asymmetric SNR) and distinct; all
 * {@code n(n-1)} of them are used, so no seed enters. The pool's activations are asked for in blocks
 * ({@link NullBlocks}) so that a large stage's distribution is computed within a stated memory bound.
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
     * Computes the distribution from the pool's activations at one stage ({@code [n, ...]}), in one block.
     */
    public static NullDistribution compute(Tensor poolActivations) {
        if (poolActivations.batchSize() < 2) {
            throw new IllegalArgumentException("a null pool needs at least 2 images, got " + poolActivations.batchSize());
        }
        return compute(PoolRows.of(poolActivations),
                NullBlocks.plan(poolActivations.batchSize(), poolActivations.sampleSize(), Long.MAX_VALUE));
    }

    /** Computes the distribution from the pool's activations, asked for in the blocks {@code blocks} plans. */
    public static NullDistribution compute(PoolRows pool, NullBlocks blocks) {
        NullGrams g = NullGrams.compute(pool, blocks);
        int n = g.n;
        long count = (long) n * (n - 1);
        long live = 0;
        for (boolean z : g.zero) {
            live += z ? 0 : 1;
        }
        long zeros = count - live * (live - 1); // ordered pairs with an all-zero image
        Map<Statistic, double[]> q = new LinkedHashMap<>();
        for (Statistic s : Statistic.values()) {
            q.put(s, quantilesOf(values(g, s, (int) count)));
        }
        return new NullDistribution(n, Math.toIntExact(blocks.units()), count, zeros, q);
    }

    /**
     * The distribution over disjoint pairs ({@link NullPairs#DISJOINT}): {@code shuffled} holds the pool's
     * activations in the shuffled order ({@link NullPairs#order}), and its rows {@code 2k} and {@code 2k + 1} are
     * pair {@code k} (an odd last image is left out). The rows are asked for {@code rowsPerBlock} (made even) at a
     * time. The statistics are {@link Similarity#compare}'s, the acceptance test's own.
     */
    public static NullDistribution computeDisjoint(PoolRows shuffled, int rowsPerBlock) {
        int n = shuffled.size();
        if (n < 2) {
            throw new IllegalArgumentException("a null pool needs at least 2 images, got " + n);
        }
        int pairs = n / 2;
        int step = Math.max(2, rowsPerBlock - rowsPerBlock % 2);
        Map<Statistic, float[]> v = new LinkedHashMap<>();
        for (Statistic s : Statistic.values()) {
            v.put(s, new float[pairs]);
        }
        long zeros = 0;
        int units = 0;
        for (int from = 0; from < 2 * pairs; from += step) {
            Tensor rows = shuffled.rows(from, Math.min(2 * pairs, from + step));
            units = rows.sampleSize();
            for (int i = 0; i + 1 < rows.batchSize(); i += 2) {
                float[] a = rows.sample(i).toFloatArray();
                float[] b = rows.sample(i + 1).toFloatArray();
                Similarity.Scores sc = Similarity.compare(a, b);
                int k = (from + i) / 2;
                zeros += Similarity.allZero(a) || Similarity.allZero(b) ? 1 : 0;
                v.get(Statistic.SPEARMAN)[k] = (float) sc.spearman();
                v.get(Statistic.PEARSON)[k] = (float) sc.pearson();
                v.get(Statistic.SNR_DB)[k] = (float) sc.snrDb();
            }
        }
        Map<Statistic, double[]> q = new LinkedHashMap<>();
        for (Statistic s : Statistic.values()) {
            q.put(s, quantilesOf(v.get(s)));
        }
        return new NullDistribution(n, units, pairs, zeros, q);
    }

    /** One statistic of every ordered pair of distinct images; 0 on all three for a pair with an all-zero one. */
    private static float[] values(NullGrams g, Statistic s, int count) {
        int n = g.n;
        float[] v = new float[count];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                if (!(g.zero[i] || g.zero[j])) { // with an all-zero image, 0 on all three (the published rule)
                    boolean undefined = g.constant[i] || g.constant[j];
                    v[k] = switch (s) {
                        case SPEARMAN -> undefined ? 0f : (float) g.at(NullGrams.Form.RANKS, i, j);
                        case PEARSON -> undefined ? 0f : (float) g.at(NullGrams.Form.STANDARDISED, i, j);
                        case SNR_DB -> snrDb(g.at(NullGrams.Form.PLAIN, i, i), g.at(NullGrams.Form.PLAIN, j, j),
                                g.at(NullGrams.Form.PLAIN, i, j));
                    };
                }
                k++;
            }
        }
        return v;
    }

    private static float snrDb(double signal, double other, double cross) {
        double noise = signal + other - 2 * cross;
        return noise > 0 ? (float) (10 * Math.log10(Math.sqrt(signal) / Math.sqrt(noise))) : Float.POSITIVE_INFINITY;
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
}
