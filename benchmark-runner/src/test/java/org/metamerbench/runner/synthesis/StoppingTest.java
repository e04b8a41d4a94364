package org.metamerbench.runner.synthesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Modality;
import org.metamerbench.api.Tensor;
import org.metamerbench.api.harness.StopRule;
import org.metamerbench.datasets.StimulusSetLoader;
import org.metamerbench.zoo.ZooProvider;

/**
 * Batch compaction under the adaptive rule, in the engine's loop and the harness's: a stimulus that ends leaves the
 * batch with its iterate as it was judged, the others go on, and each metamer's record (steps, reason, loss curve)
 * is its own.
 */
class StoppingTest {
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void anAcceptedStimulusLeavesTheBatchWithTheIterateThatWasJudged(boolean engine) throws Exception {
        Tensor refs = StimulusSetLoader.loadBuiltin(StimulusSetLoader.DEFAULT_STIMULUS_SET).batch(new int[] {0, 10, 20, 30});
        try (DifferentiableModel m = (DifferentiableModel) new ZooProvider().open("cnn-s1")) {
            SynthesisConfig cfg = SynthesisConfig.published(3, 20, Modality.IMAGE).withEngineLoop(engine)
                    .withStopping(new StopRule(true, 5, 0.01));
            // Odd stimuli are accepted at their first plateau; even ones never. The judged iterates are kept.
            Map<Integer, float[]> judged = new HashMap<>();
            MetamerSynthesizer.Judging odd = (model, stage, ref, units) -> (samples, iterates) -> {
                boolean[] ok = new boolean[samples.length];
                for (int k = 0; k < samples.length; k++) {
                    ok[k] = samples[k] % 2 == 1;
                    judged.put(samples[k], iterates.sample(k).toFloatArray());
                }
                return ok;
            };
            MetamerSynthesizer.Batch b = MetamerSynthesizer.synthesize(m, "fc1_relu", refs, new long[] {1, 2, 3, 4},
                    cfg, odd, null);
            assertEquals(engine ? MetamerSynthesizer.ENGINE : MetamerSynthesizer.HARNESS, b.loop());
            for (int i = 0; i < 4; i++) {
                MetamerSynthesizer.Metamer mm = b.metamers().get(i);
                int[] at = mm.curveSteps();
                assertEquals(mm.steps(), at[at.length - 1], "the curve ends at the metamer's own last step");
                assertEquals(mm.finalLoss(), mm.curveLoss()[at.length - 1]);
                for (int k = 1; k < at.length; k++) {
                    assertTrue(at[k] > at[k - 1]);
                }
                if (i % 2 == 1) {
                    assertEquals(StopRule.ACCEPTED, mm.stopped());
                    assertTrue(mm.steps() % 5 == 0 && mm.steps() < 60, "ended at a window: " + mm.steps());
                    assertArrayEquals(judged.get(i), mm.image(), "the metamer is the iterate that was judged");
                } else {
                    assertTrue(List.of(StopRule.PLATEAU, StopRule.BUDGET).contains(mm.stopped()), mm.stopped());
                    assertTrue(mm.steps() > b.metamers().get(i + 1).steps(), "an even stimulus goes on after its "
                            + "odd neighbour left: " + mm.steps() + " against " + b.metamers().get(i + 1).steps());
                }
            }
            // The even stimuli went on without the odd ones: the same as synthesising them alone, up to rounding.
            MetamerSynthesizer.Batch alone = MetamerSynthesizer.synthesize(m, "fc1_relu",
                    refs.samples(0, 1), new long[] {1}, cfg, odd, null);
            MetamerSynthesizer.Metamer a = alone.metamers().get(0);
            MetamerSynthesizer.Metamer inBatch = b.metamers().get(0);
            int early = Math.min(a.curveSteps().length, inBatch.curveSteps().length) - 1;
            for (int k = 0; k < Math.min(early, 4); k++) {
                assertEquals(a.curveLoss()[k], inBatch.curveLoss()[k], 1e-4 + 0.01 * a.curveLoss()[k],
                        "loss at step " + a.curveSteps()[k]);
            }
            assertEquals(a.finalLoss(), inBatch.finalLoss(), 0.05 + 0.25 * a.finalLoss());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theFixedBudgetIsThePublishedLoop(boolean engine) throws Exception {
        Tensor refs = StimulusSetLoader.loadBuiltin(StimulusSetLoader.DEFAULT_STIMULUS_SET).batch(new int[] {0, 10});
        try (DifferentiableModel m = (DifferentiableModel) new ZooProvider().open("mlp")) {
            SynthesisConfig cfg = SynthesisConfig.published(2, 7, Modality.IMAGE).withEngineLoop(engine);
            int[] stepped = new int[1];
            MetamerSynthesizer.Batch b = MetamerSynthesizer.synthesize(m, "fc1_relu", refs, new long[] {1, 2}, cfg,
                    (model, stage, ref, units) -> (s, x) -> {
                        throw new AssertionError("the fixed budget judges nothing");
                    }, w -> stepped[0] += w);
            assertEquals(28, stepped[0], "every stimulus took every step");
            for (MetamerSynthesizer.Metamer mm : b.metamers()) {
                assertEquals(14, mm.steps());
                assertEquals(StopRule.BUDGET, mm.stopped());
            }
        }
    }
}
