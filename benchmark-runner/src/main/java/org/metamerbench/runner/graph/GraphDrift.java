package org.metamerbench.runner.graph;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How far a graph metamer drifted from its reference (the seed work reports such deviations; its exact formulas are
 * not public, so these are stated here):
 * <ul>
 * <li>feature cosine: the cosine of the two neighbourhoods' feature matrices, flattened (1 = same direction);</li>
 * <li>Hamming: the share of feature entries that differ (binary features only; NaN otherwise);</li>
 * <li>edge Jaccard: shared edges over edges in either (1 when both have none);</li>
 * <li>WL similarity: the Weisfeiler-Lehman subtree kernel (Shervashidze et al. 2011) with {@value #WL_ITERATIONS}
 *     iterations from uniform initial labels, normalised to {@code k(G, G') / sqrt(k(G, G) k(G', G'))}: a structure
 *     measure blind to node order and features;</li>
 * <li>spectral distance: the L2 distance between the sorted eigenvalues of the two symmetric normalised Laplacians
 *     {@code I - D^-1/2 A D^-1/2} (an isolated node's row is 0).</li>
 * </ul>
 */
public record GraphDrift(double featureCosine, double hamming, double edgeJaccard, double wlSimilarity,
        double spectralDistance) {

    public static final int WL_ITERATIONS = 2;

    /** The drift of the metamer {@code (x', a')} from the reference {@code (x, a)}, both of {@code n} nodes. */
    public static GraphDrift of(float[] x, float[] a, float[] xMetamer, float[] aMetamer, int n, boolean binary) {
        if (x.length != xMetamer.length || a.length != n * n || aMetamer.length != n * n) {
            throw new IllegalArgumentException("a metamer and its reference must have the same shape");
        }
        return new GraphDrift(cosine(x, xMetamer), binary ? hamming(x, xMetamer) : Double.NaN, jaccard(a, aMetamer, n),
                wl(a, aMetamer, n), spectral(a, aMetamer, n));
    }

    static double cosine(float[] u, float[] v) {
        double dot = 0;
        double uu = 0;
        double vv = 0;
        for (int i = 0; i < u.length; i++) {
            dot += (double) u[i] * v[i];
            uu += (double) u[i] * u[i];
            vv += (double) v[i] * v[i];
        }
        return uu > 0 && vv > 0 ? dot / Math.sqrt(uu * vv) : Double.NaN;
    }

    static double hamming(float[] u, float[] v) {
        int diff = 0;
        for (int i = 0; i < u.length; i++) {
            diff += u[i] != v[i] ? 1 : 0;
        }
        return (double) diff / u.length;
    }

    static double jaccard(float[] a, float[] b, int n) {
        int both = 0;
        int either = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                boolean ea = a[i * n + j] != 0;
                boolean eb = b[i * n + j] != 0;
                both += ea && eb ? 1 : 0;
                either += ea || eb ? 1 : 0;
            }
        }
        return either == 0 ? 1.0 : (double) both / either;
    }

    /** The normalised WL subtree kernel of two graphs, their labels compressed with one shared dictionary. */
    static double wl(float[] a, float[] b, int n) {
        int[][] na = neighbours(a, n);
        int[][] nb = neighbours(b, n);
        int[] la = new int[n];
        int[] lb = new int[n];
        Map<Integer, Integer> ca = new HashMap<>();
        Map<Integer, Integer> cb = new HashMap<>();
        count(la, 0, ca);
        count(lb, 0, cb);
        for (int it = 1; it <= WL_ITERATIONS; it++) {
            Map<List<Integer>, Integer> dictionary = new HashMap<>();
            la = relabel(la, na, dictionary);
            lb = relabel(lb, nb, dictionary);
            count(la, it, ca);
            count(lb, it, cb);
        }
        double kab = dot(ca, cb);
        return kab / Math.sqrt(dot(ca, ca) * dot(cb, cb));
    }

    private static int[][] neighbours(float[] a, int n) {
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            int d = 0;
            for (int j = 0; j < n; j++) {
                d += a[i * n + j] != 0 ? 1 : 0;
            }
            out[i] = new int[d];
            d = 0;
            for (int j = 0; j < n; j++) {
                if (a[i * n + j] != 0) {
                    out[i][d++] = j;
                }
            }
        }
        return out;
    }

    private static int[] relabel(int[] labels, int[][] nbrs, Map<List<Integer>, Integer> dictionary) {
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            int[] ms = new int[nbrs[i].length];
            for (int k = 0; k < ms.length; k++) {
                ms[k] = labels[nbrs[i][k]];
            }
            Arrays.sort(ms);
            Integer[] key = new Integer[ms.length + 1];
            key[0] = labels[i];
            for (int k = 0; k < ms.length; k++) {
                key[k + 1] = ms[k];
            }
            out[i] = dictionary.computeIfAbsent(List.of(key), k -> dictionary.size());
        }
        return out;
    }

    /** Counts labels of iteration {@code it} (keys kept apart per iteration). */
    private static void count(int[] labels, int it, Map<Integer, Integer> counts) {
        for (int l : labels) {
            counts.merge(it * 1_000_003 + l, 1, Integer::sum);
        }
    }

    private static double dot(Map<Integer, Integer> u, Map<Integer, Integer> v) {
        double s = 0;
        for (Map.Entry<Integer, Integer> e : u.entrySet()) {
            Integer w = v.get(e.getKey());
            if (w != null) {
                s += (double) e.getValue() * w;
            }
        }
        return s;
    }

    static double spectral(float[] a, float[] b, int n) {
        double[] ea = SymmetricEigen.values(laplacian(a, n));
        double[] eb = SymmetricEigen.values(laplacian(b, n));
        Arrays.sort(ea);
        Arrays.sort(eb);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (ea[i] - eb[i]) * (ea[i] - eb[i]);
        }
        return Math.sqrt(s);
    }

    /** {@code I - D^-1/2 A D^-1/2}, with an isolated node's row and column 0. */
    static double[][] laplacian(float[] a, int n) {
        double[] inv = new double[n];
        for (int i = 0; i < n; i++) {
            double d = 0;
            for (int j = 0; j < n; j++) {
                d += a[i * n + j];
            }
            inv[i] = d > 0 ? 1 / Math.sqrt(d) : 0;
        }
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                l[i][j] = (i == j && inv[i] > 0 ? 1 : 0) - inv[i] * a[i * n + j] * inv[j];
            }
        }
        return l;
    }
}
