package org.metamerbench.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** FastICA separates independent non-Gaussian sources mixed by a known matrix, in both whitening paths. */
class FastIcaTest {
    /** Independent sources: Laplace, uniform and a sine of random phase, in turn; unit variance each. */
    static double[][] sources(int n, int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] s = new double[n][k];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < k; i++) {
                s[t][i] = switch (i % 3) {
                    case 0 -> (r.nextBoolean() ? 1 : -1) * -Math.log(1 - r.nextDouble()) / Math.sqrt(2);
                    case 1 -> (r.nextDouble() * 2 - 1) * Math.sqrt(3);
                    default -> Math.sin(2 * Math.PI * r.nextDouble()) * Math.sqrt(2);
                };
            }
        }
        return s;
    }

    /** {@code x = s A' + noise}, with A's column i scaled by {@code scale[i]}. */
    static double[][] mix(double[][] s, int p, double[] scale, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int k = s[0].length;
        double[][] a = new double[p][k];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < k; i++) {
                a[j][i] = (r.nextDouble() * 2 - 1) * scale[i];
            }
        }
        double[][] x = new double[s.length][p];
        for (int t = 0; t < s.length; t++) {
            for (int j = 0; j < p; j++) {
                double v = 3.0 + noise * (r.nextDouble() - 0.5); // an offset, which centring removes
                for (int i = 0; i < k; i++) {
                    v += a[j][i] * s[t][i];
                }
                x[t][j] = v;
            }
        }
        return x;
    }

    static double correlation(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / a.length;
            mb += b[i] / b.length;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** Each source's best |correlation| with a component, one component per source. */
    static void assertSeparated(double[][] s, double[][] x, FastIca ica, double least) {
        int k = s[0].length;
        double[][] scores = new double[k][x.length];
        for (int t = 0; t < x.length; t++) {
            double[] c = ica.transform(x[t]);
            for (int i = 0; i < k; i++) {
                scores[i][t] = c[i];
            }
        }
        boolean[] used = new boolean[k];
        for (int src = 0; src < k; src++) {
            double[] col = new double[x.length];
            for (int t = 0; t < x.length; t++) {
                col[t] = s[t][src];
            }
            int best = -1;
            double r = 0;
            for (int i = 0; i < k; i++) {
                double c = Math.abs(correlation(col, scores[i]));
                if (c > r) {
                    r = c;
                    best = i;
                }
            }
            assertTrue(r >= least, "source " + src + " is found with |r| " + r);
            assertTrue(!used[best], "two sources on one component");
            used[best] = true;
            double var = 0;
            for (double v : scores[best]) {
                var += v * v / x.length;
            }
            assertEquals(1.0, var, 0.05, "a coordinate has unit variance over the samples");
        }
    }

    @Test
    void separatesSourcesWithFewerFeaturesThanSamples() {
        double[][] s = sources(3000, 3, 1);
        double[][] x = mix(s, 6, new double[] {1, 2, 4}, 0.01, 2);
        FastIca ica = FastIca.fit(x, 3, 42);
        assertTrue(ica.converged(), ica.iterations() + " iterations");
        assertSeparated(s, x, ica, 0.99);
        // ranked by the share of the data each explains: the source with the largest mixing first
        assertTrue(ica.explained()[0] >= ica.explained()[1] && ica.explained()[1] >= ica.explained()[2]);
        assertEquals(1.0, ica.explained()[0] + ica.explained()[1] + ica.explained()[2], 0.1,
                "nearly independent columns: the shares nearly add up");
    }

    @Test
    void separatesSourcesWithMoreFeaturesThanSamples() {
        double[][] s = sources(400, 4, 3);
        double[][] x = mix(s, 900, new double[] {1, 1.5, 2, 3}, 0.01, 4);
        FastIca ica = FastIca.fit(x, 4, 42);
        assertTrue(ica.converged());
        assertSeparated(s, x, ica, 0.97);
        FastIca two = ica.top(2);
        assertEquals(2, two.size());
        assertArrayEquals(ica.components()[1], two.components()[1]);
    }

    @Test
    void theSameSeedGivesTheSameComponents() {
        double[][] x = mix(sources(500, 3, 5), 5, new double[] {1, 1, 1}, 0.01, 6);
        assertArrayEquals(FastIca.fit(x, 3, 7).components()[0], FastIca.fit(x, 3, 7).components()[0]);
    }

    @Test
    void moreComponentsThanTheDataSpanAreRefused() {
        double[][] x = mix(sources(300, 2, 8), 5, new double[] {1, 1}, 0.0, 9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FastIca.fit(x, 4, 1));
        assertTrue(e.getMessage().contains("fewer than 4 dimensions"), e.getMessage());
    }
}
