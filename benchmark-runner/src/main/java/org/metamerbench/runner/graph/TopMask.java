package org.metamerbench.runner.graph;

/**
 * The binary mask of the {@code k} largest of some values (ties taken in index order), found in linear expected time
 * by selection rather than a sort: the forward half of a straight-through top-k estimator, which keeps a count (of
 * ones in the features, of edges) fixed while the values behind it are optimised.
 */
final class TopMask {
    private TopMask() {
    }

    /** 1 at the {@code k} largest of {@code v[from..to)}, 0 elsewhere in that range, written into {@code out}. */
    static void of(float[] v, int from, int to, int k, float[] out) {
        int n = to - from;
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("top " + k + " of " + n + " values");
        }
        if (k == 0 || k == n) {
            java.util.Arrays.fill(out, from, to, k == 0 ? 0f : 1f);
            return;
        }
        float[] copy = java.util.Arrays.copyOfRange(v, from, to);
        float t = select(copy, n - k); // the k-th largest: the (n - k)-th smallest
        int above = 0;
        for (int i = from; i < to; i++) {
            if (v[i] > t) {
                above++;
            }
        }
        int ties = k - above;
        for (int i = from; i < to; i++) {
            if (v[i] > t) {
                out[i] = 1f;
            } else if (v[i] == t && ties > 0) {
                out[i] = 1f;
                ties--;
            } else {
                out[i] = 0f;
            }
        }
    }

    /** The value of rank {@code r} (0-based, ascending) of {@code a}, which is reordered (Hoare's selection). */
    static float select(float[] a, int r) {
        int lo = 0;
        int hi = a.length - 1;
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(a.length);
        while (lo < hi) {
            float pivot = a[lo + rnd.nextInt(hi - lo + 1)];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float s = a[i];
                    a[i] = a[j];
                    a[j] = s;
                    i++;
                    j--;
                }
            }
            if (r <= j) {
                hi = j;
            } else if (r >= i) {
                lo = i;
            } else {
                return a[r];
            }
        }
        return a[r];
    }
}
