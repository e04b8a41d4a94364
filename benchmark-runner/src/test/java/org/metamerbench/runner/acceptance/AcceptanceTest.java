package org.metamerbench.runner.acceptance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.metamerbench.api.Model;
import org.metamerbench.api.Tensor;
import org.metamerbench.datasets.StimulusSet;
import org.metamerbench.datasets.StimulusSetLoader;
import org.metamerbench.zoo.ZooProvider;

/**
 * Acceptance on constructed cases, with a real model and null distributions from the real null pool
 * (its first 400 images, all pairs): a metamer equal to its reference passes; a random image fails.
 */
class AcceptanceTest {
    private static Model model;
    private static Tensor stimuli;
    private static Tensor pool;

    @BeforeAll
    static void load() throws Exception {
        model = new ZooProvider().open("cnn-s1");
        StimulusSet set = StimulusSetLoader.loadBuiltin(StimulusSetLoader.DEFAULT_STIMULUS_SET);
        stimuli = set.batch(new int[] {0, 1, 2, 3, 4});
        int[] first = new int[400];
        java.util.Arrays.setAll(first, i -> i);
        pool = StimulusSetLoader.loadBuiltin(StimulusSetLoader.DEFAULT_NULL_POOL).batch(first);
    }

    @Test
    void theReferenceItselfPassesAndRandomImagesFailAtEveryStage() {
        Random rnd = new Random(3);
        float[] noise = new float[stimuli.size()];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = rnd.nextFloat();
        }
        Tensor random = Tensor.wrap(stimuli.shape(), noise);
        int[] refClass = argmax(model.logits(stimuli));
        int[] randClass = argmax(model.logits(random));
        for (String stage : model.card().stageNames().subList(1, model.card().stages().size())) {
            NullDistribution nd = NullDistribution.compute(model.activations(pool, List.of(stage)).get(stage));
            Acceptance acc = Acceptance.fromNull(nd, 1.0);
            Tensor ref = model.activations(stimuli, List.of(stage)).get(stage);
            Tensor rand = model.activations(random, List.of(stage)).get(stage);
            for (int i = 0; i < stimuli.batchSize(); i++) {
                float[] r = ref.sample(i).toFloatArray();
                assertTrue(acc.judge(r, r.clone(), refClass[i], refClass[i]).accepted(),
                        stage + ": the reference itself must pass");
                Acceptance.Verdict v = acc.judge(r, rand.sample(i).toFloatArray(), refClass[i], randClass[i]);
                assertFalse(v.accepted(), stage + ": a random image must fail, got " + v);
            }
        }
    }

    @Test
    void aDifferentClassFailsEvenWithPerfectStatistics() {
        float[] r = {1, 2, 3};
        assertFalse(new Acceptance(0.5, 0.5, 1).judge(r, r.clone(), 3, 4).accepted());
    }

    static int[] argmax(Tensor logits) {
        int n = logits.batchSize();
        int c = logits.sampleSize();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            for (int k = 1; k < c; k++) {
                if (logits.get(i * c + k) > logits.get(i * c + out[i])) {
                    out[i] = k;
                }
            }
        }
        return out;
    }
}
