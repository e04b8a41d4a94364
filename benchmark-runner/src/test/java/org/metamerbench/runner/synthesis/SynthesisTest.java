package org.metamerbench.runner.synthesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Modality;
import org.metamerbench.api.Tensor;
import org.metamerbench.api.ValueRange;
import org.metamerbench.datasets.StimulusSetLoader;
import org.metamerbench.zoo.ZooProvider;

class SynthesisTest {

    @Test
    void aForkedJobReadsTheConfigItsParentWroteExactly() throws java.io.IOException {
        for (SynthesisConfig c : java.util.List.of(SynthesisConfig.published(8, 3000, Modality.AUDIO),
                new SynthesisConfig(3, 7, 0.1 + 0.2, false, 1.0 / 3, 0.05, 5, false,
                        org.metamerbench.api.harness.StopRule.FIXED))) {
            assertEquals(c, SynthesisConfig.fromJson(c.toJson()), "every component, doubles bit for bit");
        }
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) SynthesisConfig.published(1, 1, Modality.IMAGE)
                .toJson();
        json.remove("initSd");
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> SynthesisConfig.fromJson(json));
        assertTrue(e.getMessage().contains("initSd"), e.getMessage());
    }

    @Test
    void theStepSizeHalvesAfterEachScheduleStage() {
        SynthesisConfig c = SynthesisConfig.published(8, 3000, Modality.IMAGE);
        assertEquals(24000, c.totalSteps());
        assertEquals(1.0, c.stepSize(0));
        assertEquals(1.0, c.stepSize(2999));
        assertEquals(0.5, c.stepSize(3000));
        assertEquals(1.0 / 128, c.stepSize(23999));
    }

    @Test
    void initialNoiseIsSeededGaussianAroundHalfClampedToRange() {
        SynthesisConfig c = SynthesisConfig.published(1, 1, Modality.IMAGE);
        float[] a = MetamerSynthesizer.initialNoise(11, 100_000, c, new ValueRange(0, 1));
        assertArrayEquals(a, MetamerSynthesizer.initialNoise(11, 100_000, c, new ValueRange(0, 1)));
        double mean = 0;
        double var = 0;
        for (float v : a) {
            mean += v;
        }
        mean /= a.length;
        for (float v : a) {
            var += (v - mean) * (v - mean);
        }
        var /= a.length;
        assertEquals(0.5, mean, 1e-3);
        assertEquals(0.05, Math.sqrt(var), 1e-3);
    }

    @Test
    void synthesisAtAnEarlyStageLowersTheLossByAtLeastNinetyPercent() throws Exception {
        Tensor refs = StimulusSetLoader.loadBuiltin(StimulusSetLoader.DEFAULT_STIMULUS_SET).batch(new int[] {0, 10, 20, 30});
        try (DifferentiableModel m = (DifferentiableModel) new ZooProvider().open("cnn-s1")) {
            SynthesisConfig cfg = SynthesisConfig.published(4, 25, Modality.IMAGE);
            MetamerSynthesizer.Batch b = MetamerSynthesizer.synthesize(m, "conv1_relu", refs,
                    new long[] {1, 2, 3, 4}, cfg, null);
            for (MetamerSynthesizer.Metamer met : b.metamers()) {
                double first = met.curveLoss()[0];
                assertEquals(0, met.curveSteps()[0]);
                assertEquals(100, met.steps());
                assertTrue(met.finalLoss() <= 0.1 * first,
                        "loss " + first + " -> " + met.finalLoss() + " is not a 90% reduction");
                for (float v : met.image()) {
                    assertTrue(v >= 0 && v <= 1, "metamer pixels stay in the value range");
                }
            }
        }
    }

    @Test
    void batchingDoesNotChangeAMetamer() throws Exception {
        Tensor refs = StimulusSetLoader.loadBuiltin(StimulusSetLoader.DEFAULT_STIMULUS_SET).batch(new int[] {5, 6});
        try (DifferentiableModel m = (DifferentiableModel) new ZooProvider().open("mlp")) {
            SynthesisConfig cfg = SynthesisConfig.published(2, 5, Modality.IMAGE);
            MetamerSynthesizer.Batch both = MetamerSynthesizer.synthesize(m, "fc2_relu", refs, new long[] {7, 8}, cfg, null);
            MetamerSynthesizer.Batch alone = MetamerSynthesizer.synthesize(m, "fc2_relu",
                    Tensor.stack(java.util.List.of(refs.sample(1))), new long[] {8}, cfg, null);
            float[] a = both.metamers().get(1).image();
            float[] b = alone.metamers().get(0).image();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-4, "pixel " + i);
            }
        }
    }

    @Test
    void theUpstreamIsTheLossGradientTimesTheReferenceNormAndStaysFiniteAtTheReference() {
        float[] ref = {0.5f, -1.0f, 2.0f, 0.0f, 0.25f, 3.0f};
        float[] act = {0.7f, -0.4f, 1.5f, 0.3f, 0.25f, 2.0f};
        double[] refNorm = {Math.sqrt(0.25 + 1 + 4 + 0 + 0.0625 + 9)};
        double[] loss = new double[1];
        float[] u = MetamerSynthesizer.upstream(Tensor.of(new int[] {1, 6}, act), ref, refNorm, loss).toFloatArray();
        for (int k = 0; k < act.length; k++) {
            double h = 1e-3;
            double[] lp = new double[1];
            double[] lm = new double[1];
            float[] ap = act.clone();
            float[] am = act.clone();
            ap[k] += (float) h;
            am[k] -= (float) h;
            MetamerSynthesizer.upstream(Tensor.of(new int[] {1, 6}, ap), ref, refNorm, lp);
            MetamerSynthesizer.upstream(Tensor.of(new int[] {1, 6}, am), ref, refNorm, lm);
            double fd = (lp[0] - lm[0]) / (2 * h) * refNorm[0];
            assertEquals(fd, u[k], 1e-3, "element " + k);
        }
        // A metamer within float precision of its reference: a unit upstream, never an overflow.
        float[] near = ref.clone();
        near[2] = Math.nextUp(near[2]);
        float[] un = MetamerSynthesizer.upstream(Tensor.of(new int[] {1, 6}, near), ref, refNorm, loss).toFloatArray();
        assertEquals(1.0f, un[2], 1e-6f);
        assertTrue(loss[0] > 0 && loss[0] < 1e-6);
    }
}
