package org.metamerbench.runner.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.metamerbench.api.Capability;
import org.metamerbench.api.DifferentiableGraphModel;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.GraphInput;
import org.metamerbench.api.Modality;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.Tensor;

/**
 * The metamer dimension of a model whose null space is known by construction: {@code a = (A + I) X W} with {@code W}
 * of rank r and known singular values. At node 0 the Jacobian by the features is {@code row_0(A + I)} (x) {@code
 * W^T}: its rank is r and its singular values are {@code ||row_0(A + I)||} times W's, so the dimension is {@code
 * nodes * features - r} and the log-volume {@code r log ||row_0(A + I)|| + sum log s_i}.
 */
class MetamerDimensionTest {
    static final int F = 4;
    static final int H = 3;

    /** The linear model with {@code W = U diag(s) V^T}, U and V random orthonormal. */
    static DifferentiableGraphModel linear(double[] s, long seed) {
        double[][] u = orthonormal(F, H, new Random(seed));
        double[][] v = orthonormal(H, H, new Random(seed + 1));
        float[] w = new float[F * H];
        for (int i = 0; i < F; i++) {
            for (int j = 0; j < H; j++) {
                double x = 0;
                for (int k = 0; k < H; k++) {
                    x += u[i][k] * s[k] * v[j][k];
                }
                w[i * H + j] = (float) x;
            }
        }
        ModelCard card = ModelCard.builder("linear").version("1").modality(Modality.GRAPH).inputShape(F).hops(1)
                .classLabels(List.of("a", "b", "c")).stage("input", false, F).stage("final", false, H)
                .capability(Capability.INPUT_GRADIENT).build();
        return new DifferentiableGraphModel() {
            @Override
            public ModelCard card() {
                return card;
            }

            float[] forward(GraphInput g) {
                int n = g.nodes();
                float[] xw = new float[n * H];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < H; j++) {
                        for (int f = 0; f < F; f++) {
                            xw[i * H + j] += g.features().get(i * F + f) * w[f * H + j];
                        }
                    }
                }
                float[] out = new float[n * H];
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < n; k++) {
                        float a = (i == k ? 1f : 0f) + g.adjacency().get(i * n + k);
                        for (int j = 0; j < H; j++) {
                            out[i * H + j] += a * xw[k * H + j];
                        }
                    }
                }
                return out;
            }

            @Override
            public Map<String, Tensor> activations(GraphInput g, List<String> stages) {
                Map<String, Tensor> out = new java.util.LinkedHashMap<>();
                for (String st : stages) {
                    out.put(st, st.equals("input") ? g.features() : Tensor.wrap(new int[] {g.nodes(), H}, forward(g)));
                }
                return out;
            }

            @Override
            public GraphGradient vjp(GraphInput g, String stage, DifferentiableModel.Upstream upstream) {
                int n = g.nodes();
                if (stage.equals("input")) {
                    return new GraphGradient(g.features(), upstream.of(g.features()), Tensor.zeros(n, n));
                }
                Tensor act = Tensor.wrap(new int[] {n, H}, forward(g));
                Tensor up = upstream.of(act);
                float[] gx = new float[n * F];
                float[] ga = new float[n * n];
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < n; k++) {
                        float a = (i == k ? 1f : 0f) + g.adjacency().get(i * n + k);
                        for (int j = 0; j < H; j++) {
                            float uij = up.get(i * H + j);
                            for (int f = 0; f < F; f++) {
                                gx[k * F + f] += uij * a * w[f * H + j];
                                if (i != k) {
                                    ga[i * n + k] += uij * g.features().get(k * F + f) * w[f * H + j];
                                }
                            }
                        }
                    }
                }
                return new GraphGradient(act, Tensor.wrap(new int[] {n, F}, gx), Tensor.wrap(new int[] {n, n}, ga));
            }

            @Override
            public void close() {
            }
        };
    }

    static double[][] orthonormal(int rows, int cols, Random rnd) {
        double[][] q = new double[rows][cols];
        for (int c = 0; c < cols; c++) {
            double[] v = new double[rows];
            for (int r = 0; r < rows; r++) {
                v[r] = rnd.nextGaussian();
            }
            for (int p = 0; p < c; p++) {
                double d = 0;
                for (int r = 0; r < rows; r++) {
                    d += v[r] * q[r][p];
                }
                for (int r = 0; r < rows; r++) {
                    v[r] -= d * q[r][p];
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int r = 0; r < rows; r++) {
                q[r][c] = v[r] / norm;
            }
        }
        return q;
    }

    static GraphInput star(int n) {
        Random rnd = new Random(3);
        float[] x = new float[n * F];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextFloat();
        }
        float[] a = new float[n * n];
        for (int k = 1; k < n; k++) { // node 0 joined to every other node: row_0(A + I) is all ones
            a[k] = 1;
            a[k * n] = 1;
        }
        return new GraphInput(Tensor.wrap(new int[] {n, F}, x), Tensor.wrap(new int[] {n, n}, a));
    }

    @Test
    void theRankAndTheLogVolumeOfAConstructedModelAreTheirKnownValues() {
        int n = 5;
        for (double[] s : new double[][] {{3.0, 0.5, 0}, {2.0, 0, 0}, {1.5, 0.7, 0.2}}) {
            int r = (int) java.util.Arrays.stream(s).filter(x -> x > 0).count();
            MetamerDimension.Result res = MetamerDimension.of(linear(s, 11), star(n), "final", false);
            assertEquals(n * F, res.inputDimensions());
            assertEquals(r, res.rank(), java.util.Arrays.toString(res.singularValues()));
            assertEquals(n * F - r, res.dimension());
            double rowNorm = Math.sqrt(n); // the centre's row of A + I: n ones
            double expected = 0;
            for (int i = 0; i < r; i++) {
                expected += Math.log(rowNorm * s[i]);
                assertEquals(rowNorm * s[i], res.singularValues()[i], 1e-5 * rowNorm * s[0]);
            }
            assertEquals(expected, res.logVolume(), 1e-4);
            assertTrue(res.tolerance() > 0 && res.tolerance() < 1e-4);
        }
    }

    @Test
    void countingTheEdgesAddsTheirDimensionsAndNoMoreRankThanTheStageHas() {
        int n = 5;
        MetamerDimension.Result res = MetamerDimension.of(linear(new double[] {1.5, 0.7, 0.2}, 11), star(n), "final",
                true);
        assertEquals(n * F + n * (n - 1) / 2, res.inputDimensions());
        assertEquals(H, res.rank(), "a stage of 3 units sees at most 3 directions");
    }

    @Test
    void theConstructedModelsGradientsAreRight() {
        org.metamerbench.api.ModelProvider provider = new org.metamerbench.api.ModelProvider() {
            @Override
            public String name() {
                return "constructed";
            }

            @Override
            public List<ModelCard> models() {
                return List.of(linear(new double[] {1, 1, 1}, 1).card());
            }

            @Override
            public org.metamerbench.api.Model open(String id) {
                throw new org.metamerbench.api.ModelException("graph only");
            }

            @Override
            public org.metamerbench.api.GraphModel openGraph(String id) {
                return linear(new double[] {1.5, 0.7, 0.2}, 11);
            }
        };
        org.metamerbench.api.conformance.ProviderConformance.forProvider(provider).assertConforms();
    }

    @Test
    void jacobiEigenvaluesOfAKnownMatrix() {
        double[] e = SymmetricEigen.values(new double[][] {{2, 1, 0}, {1, 2, 0}, {0, 0, 5}});
        java.util.Arrays.sort(e);
        assertEquals(1, e[0], 1e-12);
        assertEquals(3, e[1], 1e-12);
        assertEquals(5, e[2], 1e-12);
    }
}
