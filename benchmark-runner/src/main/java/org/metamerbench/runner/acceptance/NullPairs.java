package org.metamerbench.runner.acceptance;

import java.util.Locale;

/**
 * Which pairs of null-pool images the null distribution is made of.
 * <ul>
 *   <li>{@link #ALL}, the default: every ordered pair of distinct images, {@code n(n-1)} pairs, so no seed
 *       enters and the maximum is the largest over the whole pool;</li>
 *   <li>{@link #DISJOINT}: the pool shuffled with the run's seed and cut into {@code n/2} pairs, each image in
 *       one pair, the first of a pair the reference of the asymmetric SNR: the published code's draw (batches
 *       of two from a shuffled training loader, every image used once). The published code draws its images
 *       with the model's training augmentation; the built-in models are trained without augmentation, so
 *       their disjoint null is made of the pool's images as stored.</li>
 * </ul>
 * A disjoint null holds fewer pairs, so its maximum is at most the all-pairs maximum of the same pool (a
 * subset of its pairs): the published draw accepts at least the metamers the default accepts.
 */
public enum NullPairs {
    ALL("all", "all ordered pairs of the pool", "null-2 (all ordered pairs)"),
    DISJOINT("disjoint", "disjoint pairs of the pool shuffled with the run's seed, each image in one pair "
            + "(the published code's draw)", "null-disjoint-1 (disjoint pairs of a seeded shuffle)");

    private final String option;
    private final String description;
    private final String algorithm;

    NullPairs(String option, String description, String algorithm) {
        this.option = option;
        this.description = description;
        this.algorithm = algorithm;
    }

    /** The value of {@code --null-pairs}. */
    public String option() {
        return option;
    }

    /** What run.json says of the pairs. */
    public String description() {
        return description;
    }

    /** The version of the computation, part of a cached distribution's key. */
    public String algorithm() {
        return algorithm;
    }

    /** The shuffled order of a pool of {@code n} images that {@link #DISJOINT} cuts into pairs: a Fisher-Yates shuffle. */
    public static int[] order(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** The pairing named {@code text} ({@code all} or {@code disjoint}); a clear error otherwise. */
    public static NullPairs parse(String text) {
        for (NullPairs p : values()) {
            if (p.option.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("--null-pairs " + text + ": expected all or disjoint");
    }
}
