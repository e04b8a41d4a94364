package org.metamerbench.scoring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * How sure a ranking is, from one bootstrap over stimuli and observers shared by every model ({@link Bootstrap}):
 * each model's rank interval (the 2.5th and 97.5th percentiles of its rank over the resamples on which it can be
 * scored, among the models that can be scored on each) and tiers of models
 * that the stimulus set cannot tell apart. Two models differ when a paired comparison over the same resamples
 * (the difference over its bootstrap standard deviation, against the normal distribution) gives a two-sided p
 * below {@link #ALPHA} after Holm's correction for all pairs; going down the ranking, a model
 * joins the current tier unless it differs from the tier's first model, and then starts the next tier.
 */
public final class RankUncertainty {
    /** Family-wise error rate of the paired comparisons. */
    public static final double ALPHA = 0.05;

    /** The rule, as the leaderboard states it. */
    public static final String RULE = String.format(Locale.ROOT, "Rank intervals: the 2.5th to 97.5th percentile of "
            + "each model's rank over the bootstrap resamples of stimuli and observers (the same resamples for every "
            + "model). Tiers: two models differ when the paired bootstrap difference of their headline scores (its mean "
            + "over its bootstrap standard deviation, against the normal distribution) has a two-sided p below %.2f "
            + "after Holm's correction over all pairs; down the ranking, a model joins the current tier unless it "
            + "differs from the tier's first model.", ALPHA);

    /** One model's interval and tier (1 = top). */
    public record Rank(int low, int high, int tier) {
    }

    private RankUncertainty() {
    }

    /**
     * Ranks and tiers of models whose headline scores are {@code scores} (in ranking order, best first) and whose
     * resampled scores are {@code statistics}, all on the same resamples of {@code n} stimuli and {@code observers}.
     */
    public static List<Rank> of(double[] scores, List<ToDoubleFunction<Resample>> statistics, int n,
            List<String> observers, Bootstrap bootstrap) {
        int m = scores.length;
        if (m == 0) {
            return List.of();
        }
        double[][] reps = new double[m][];
        for (int k = 0; k < m; k++) {
            reps[k] = bootstrap.replicate(n, observers, statistics.get(k));
        }
        int samples = bootstrap.samples();
        List<List<Integer>> ranks = new ArrayList<>();
        for (int k = 0; k < m; k++) {
            ranks.add(new ArrayList<>());
        }
        for (int b = 0; b < samples; b++) {
            for (int k = 0; k < m; k++) {
                double v = reps[k][b];
                if (Double.isNaN(v)) {
                    continue; // a resample on which the model cannot be scored (none of its observers drawn)
                }
                int rank = 1;
                for (int j = 0; j < m; j++) {
                    if (j != k && !Double.isNaN(reps[j][b]) && reps[j][b] > v) {
                        rank++;
                    }
                }
                ranks.get(k).add(rank);
            }
        }
        double[][] p = new double[m][m];
        List<int[]> pairs = new ArrayList<>();
        for (int a = 0; a < m; a++) {
            for (int c = a + 1; c < m; c++) {
                p[a][c] = p[c][a] = twoSided(reps[a], reps[c]);
                pairs.add(new int[] {a, c});
            }
        }
        boolean[][] differ = holm(p, pairs);
        List<Rank> out = new ArrayList<>();
        int tier = 1;
        int leader = 0;
        for (int k = 0; k < m; k++) {
            if (k > 0 && differ[leader][k]) {
                tier++;
                leader = k;
            }
            int[] r = ranks.get(k).stream().mapToInt(Integer::intValue).sorted().toArray();
            out.add(r.length == 0 ? new Rank(k + 1, k + 1, tier)
                    : new Rank(r[(int) Math.floor(0.025 * (r.length - 1))], r[(int) Math.ceil(0.975 * (r.length - 1))],
                            tier));
        }
        return out;
    }

    /**
     * Two-sided p of "a and b have equal scores" from their paired bootstrap replicates: the difference of the
     * means over its bootstrap standard deviation, against the normal distribution. (Counting resamples would floor
     * p at 2 / (B + 1), which with 1,000 resamples no longer passes Holm's correction beyond 25 pairs.)
     */
    static double twoSided(double[] a, double[] b) {
        int defined = 0;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) || Double.isNaN(b[i])) {
                continue;
            }
            double d = a[i] - b[i];
            defined++;
            sum += d;
            sumSq += d * d;
        }
        if (defined < 2) {
            return 1;
        }
        double mean = sum / defined;
        double sd = Math.sqrt(Math.max(0, (sumSq - defined * mean * mean) / (defined - 1)));
        if (sd == 0) {
            return mean == 0 ? 1 : 0;
        }
        return erfc(Math.abs(mean) / sd / Math.sqrt(2));
    }

    /** The complementary error function (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7). */
    static double erfc(double x) {
        double t = 1 / (1 + 0.3275911 * x);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        return poly * Math.exp(-x * x);
    }

    private static boolean[][] holm(double[][] p, List<int[]> pairs) {
        int m = p.length;
        boolean[][] differ = new boolean[m][m];
        List<int[]> sorted = new ArrayList<>(pairs);
        sorted.sort(Comparator.comparingDouble(x -> p[x[0]][x[1]]));
        for (int i = 0; i < sorted.size(); i++) {
            int[] x = sorted.get(i);
            if (p[x[0]][x[1]] >= ALPHA / (sorted.size() - i)) {
                break; // Holm: stop at the first comparison that fails its threshold
            }
            differ[x[0]][x[1]] = differ[x[1]][x[0]] = true;
        }
        return differ;
    }
}
