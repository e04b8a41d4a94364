package org.metamerbench.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.metamerbench.api.Capability;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.Tensor;

/**
 * Dimensions fitted from a model's Gram matrices and a trial's image made from them, on a model whose gradient is
 * known: a linear map from 16 pixels to a [5 channels, 4 positions] stage. The chosen coordinate moves by the shift
 * asked for and the other chosen ones stay.
 */
class ShiftGeneratorTest {
    /** {@code stage = W x} as [5, 4]; its vector-Jacobian product is {@code W' u}. */
    static final class Linear implements DifferentiableModel {
        final float[][] w = new float[20][16];

        Linear(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            for (float[] row : w) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = (float) (r.nextDouble() * 2 - 1);
                }
            }
        }

        @Override
        public ModelCard card() {
            return ModelCard.builder("linear").version("1").inputShape(1, 4, 4).valueRange(0f, 1f)
                    .classLabels(List.of("a", "b")).stage("input", false, 1, 4, 4).stage("lin", false, 5, 4)
                    .stage("final", false, 2).capability(Capability.INPUT_GRADIENT).build();
        }

        float[] forward(float[] x, int n) {
            float[] out = new float[n * 20];
            for (int s = 0; s < n; s++) {
                for (int i = 0; i < 20; i++) {
                    double v = 0;
                    for (int j = 0; j < 16; j++) {
                        v += w[i][j] * x[s * 16 + j];
                    }
                    out[s * 20 + i] = (float) v;
                }
            }
            return out;
        }

        @Override
        public Map<String, Tensor> activations(Tensor batch, List<String> stages) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            int n = batch.batchSize();
            for (String s : stages) {
                float[] a = forward(batch.toFloatArray(), n);
                out.put(s, s.equals("lin") ? Tensor.wrap(new int[] {n, 5, 4}, a)
                        : Tensor.wrap(new int[] {n, 2}, new float[n * 2]));
            }
            return out;
        }

        @Override
        public StageGradient vjp(Tensor input, String stage, Upstream upstream, boolean fakeRelu) {
            Tensor act = Tensor.wrap(new int[] {1, 5, 4}, forward(input.toFloatArray(), 1));
            float[] u = upstream.of(act).toFloatArray();
            float[] g = new float[16];
            for (int i = 0; i < 20; i++) {
                for (int j = 0; j < 16; j++) {
                    g[j] += w[i][j] * u[i];
                }
            }
            return new StageGradient(act, Tensor.wrap(input.shape(), g));
        }

        @Override
        public void close() {
        }
    }

    static Tensor images(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * 16];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.pow(r.nextDouble(), 2); // skewed, as pixel values are
        }
        return Tensor.wrap(new int[] {n, 1, 4, 4}, v);
    }

    @Test
    void theChosenCoordinateMovesByTheShiftAskedForAndTheOthersStay() {
        Linear m = new Linear(1);
        StageDimensions d = StageDimensions.fit(m, "lin", images(400, 2), 42);
        assertEquals(StageDimensions.KEPT, d.ica().size());
        assertTrue(d.fitted() <= StageDimensions.COMPONENTS);
        Tensor ref = Tensor.wrap(new int[] {1, 1, 4, 4}, java.util.Arrays.copyOf(images(1, 3).toFloatArray(), 16));
        for (int sign : new int[] {1, -1}) {
            ShiftGenerator.Shift s = ShiftGenerator.generate(m, d, ref, 0, sign, 0.5, 200, 0.01, 0f, 1f);
            assertEquals(0.5, s.reached(), 0.1, "the moved coordinate, sign " + sign);
            assertEquals(s.before()[1], s.after()[1], 0.1, "a held coordinate");
            assertEquals(s.before()[2], s.after()[2], 0.1, "a held coordinate");
            for (float p : s.image()) {
                assertTrue(p >= 0f && p <= 1f, "pixels within the range");
            }
        }
    }
}
