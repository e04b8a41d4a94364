package org.metamerbench.zoo.audio;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Tensor;
import org.metamerbench.zoo.ZooProvider;

class TimingScratchTest {
    @Test
    void time() {
        try (DifferentiableModel m = (DifferentiableModel) new ZooProvider().open("word-cnn-s1")) {
            Random rnd = new Random(1);
            float[] x = new float[10 * 16000];
            for (int i = 0; i < x.length; i++) x[i] = (float) (0.05 * rnd.nextGaussian());
            Tensor in = Tensor.wrap(new int[] {10, 16000}, x);
            for (String stage : List.of("cochleagram", "fc1_relu")) {
                Tensor up = Tensor.wrap(new int[] {10, m.card().stage(stage).units()}, new float[10 * m.card().stage(stage).units()]);
                for (int rep = 0; rep < 4; rep++) {
                    long t0 = System.nanoTime();
                    m.vjp(in, stage, a -> Tensor.wrap(a.shape(), a.toFloatArray()), false);
                    long t1 = System.nanoTime();
                    m.activations(in, List.of(stage));
                    long t2 = System.nanoTime();
                    System.out.printf("%s vjp %.1f ms, activations %.1f ms (batch 10)%n", stage, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
                }
            }
        }
    }
}
