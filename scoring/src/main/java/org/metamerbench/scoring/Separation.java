package org.metamerbench.scoring;

/**
 * How well a score tells models apart: the spread of the models' scores against their standard
 * errors. {@code ratio} is the standard deviation of the scores over the root mean square of their
 * SEs (about 1 when the differences are what noise alone would give); {@code separatedPairs} counts
 * the pairs of models whose scores differ by more than twice the SE of the difference
 * ({@code 2 sqrt(se_a^2 + se_b^2)}).
 */
public record Separation(int models, double ratio, int separatedPairs, int pairs) {

    public static Separation of(double[] scores, double[] ses) {
        int n = scores.length;
        if (n < 2) {
            return new Separation(n, Double.NaN, 0, 0);
        }
        double mean = 0;
        for (double s : scores) {
            mean += s;
        }
        mean /= n;
        double var = 0;
        double se2 = 0;
        for (int i = 0; i < n; i++) {
            var += (scores[i] - mean) * (scores[i] - mean);
            se2 += ses[i] * ses[i];
        }
        double sd = Math.sqrt(var / (n - 1));
        double rms = Math.sqrt(se2 / n);
        int separated = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (Math.abs(scores[i] - scores[j]) > 2 * Math.sqrt(ses[i] * ses[i] + ses[j] * ses[j])) {
                    separated++;
                }
            }
        }
        return new Separation(n, rms > 0 ? sd / rms : Double.NaN, separated, n * (n - 1) / 2);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%d models: spread %.1f x their SE, %d of %d pairs apart by more "
                + "than 2 SE", models, ratio, separatedPairs, pairs);
    }
}
