package org.metamerbench.api.harness;

import java.util.random.RandomGenerator;

/**
 * The harness's one seeded shuffle: a Fisher-Yates permutation of {@code 0..n-1}, swapping from the last position
 * down, each {@code j} drawn by {@code rnd.nextInt(i + 1)}. Whatever generator is given ({@code java.util.Random},
 * {@code SplittableRandom}), the same seed gives the same order, which is what stimulus selections record.
 */
public final class Shuffle {
    private Shuffle() {
    }

    public static int[] permutation(int n, RandomGenerator rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
