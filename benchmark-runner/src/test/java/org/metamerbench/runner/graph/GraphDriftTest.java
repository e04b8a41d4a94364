package org.metamerbench.runner.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The deviations of a graph metamer from its reference, on graphs whose values are worked out by hand. */
class GraphDriftTest {
    static float[] adjacency(int n, int[][] edges) {
        float[] a = new float[n * n];
        for (int[] e : edges) {
            a[e[0] * n + e[1]] = 1;
            a[e[1] * n + e[0]] = 1;
        }
        return a;
    }

    @Test
    void aPathAgainstATriangle() {
        float[] path = adjacency(3, new int[][] {{0, 1}, {1, 2}});
        float[] triangle = adjacency(3, new int[][] {{0, 1}, {1, 2}, {0, 2}});
        float[] x = {1, 0, 1, 0, 0, 0};
        float[] y = {1, 1, 0, 0, 0, 0};
        GraphDrift d = GraphDrift.of(x, path, y, triangle, 3, true);
        assertEquals(0.5, d.featureCosine(), 1e-12);
        assertEquals(2.0 / 6, d.hamming(), 1e-12);
        assertEquals(2.0 / 3, d.edgeJaccard(), 1e-12);
        // normalised Laplacian spectra: the path {0, 1, 2}, the triangle {0, 1.5, 1.5}
        assertEquals(Math.sqrt(0.5), d.spectralDistance(), 1e-9);
        // WL labels, two iterations from uniform: k(P, T) = 9 + 3 + 0, k(P, P) = 9 + 5 + 5, k(T, T) = 9 + 9 + 9
        assertEquals(12 / Math.sqrt(19 * 27), d.wlSimilarity(), 1e-12);
    }

    @Test
    void aGraphIsAtNoDistanceFromItselfAndAnIsomorphicCopyOnlyMovesItsEdges() {
        Random rnd = new Random(4);
        int n = 12;
        float[] a = new float[n * n];
        for (int k = 0; k < 20; k++) {
            int i = rnd.nextInt(n);
            int j = rnd.nextInt(n);
            if (i != j) {
                a[i * n + j] = 1;
                a[j * n + i] = 1;
            }
        }
        float[] x = new float[n * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextFloat();
        }
        GraphDrift same = GraphDrift.of(x, a, x.clone(), a.clone(), n, false);
        assertEquals(1, same.featureCosine(), 1e-12);
        assertTrue(Double.isNaN(same.hamming()), "Hamming is for binary features only");
        assertEquals(1, same.edgeJaccard());
        assertEquals(1, same.wlSimilarity(), 1e-12);
        assertEquals(0, same.spectralDistance(), 1e-9);

        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = (i + 5) % n;
        }
        float[] b = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                b[perm[i] * n + perm[j]] = a[i * n + j];
            }
        }
        GraphDrift moved = GraphDrift.of(x, a, x, b, n, false);
        assertTrue(moved.edgeJaccard() < 1, "the same shape on other nodes shares fewer edges");
        assertEquals(1, moved.wlSimilarity(), 1e-12, "WL does not see node order");
        assertEquals(0, moved.spectralDistance(), 1e-6, "nor does the spectrum");
    }

    @Test
    void edgelessGraphsAndShapesThatDoNotMatch() {
        float[] none = new float[4];
        GraphDrift d = GraphDrift.of(new float[] {1, 0}, none, new float[] {1, 0}, none, 2, true);
        assertEquals(1, d.edgeJaccard());
        assertEquals(0, d.spectralDistance(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> GraphDrift.of(new float[2], none, new float[3], none, 2,
                true));
        assertThrows(IllegalArgumentException.class, () -> GraphDrift.of(new float[2], none, new float[2],
                new float[9], 2, true));
    }
}
