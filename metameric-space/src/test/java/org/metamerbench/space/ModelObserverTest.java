package org.metamerbench.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.metamerbench.api.Tensor;

/** A model observer answers ABX by its noisy representation: without noise it tells any change, with much it guesses. */
class ModelObserverTest {
    @Test
    void withoutNoiseItTellsAChangeAndWithMuchNoiseItGuesses() {
        ShiftGeneratorTest.Linear m = new ShiftGeneratorTest.Linear(1);
        Tensor pool = ShiftGeneratorTest.images(100, 2);
        Tensor ref = pool.samples(0, 1);
        float[] c = ref.toFloatArray().clone();
        c[3] += 0.2f;
        Tensor changed = Tensor.wrap(ref.shape(), c);
        ModelObserver exact = new ModelObserver(m, "lin", 0, pool, 1);
        ModelObserver noisy = new ModelObserver(m, "lin", 50, pool, 1);
        int right = 0;
        int guessed = 0;
        int n = 2000;
        for (int i = 0; i < n; i++) {
            right += exact.answer(ref, changed) ? 1 : 0;
            guessed += noisy.answer(ref, changed) ? 1 : 0;
        }
        assertEquals(n, right, "no noise: every ABX answer right");
        assertEquals(0.5, (double) guessed / n, 0.04, "much noise: chance");
        assertTrue(noisy.sigma() > 0 && exact.sigma() == 0);
        assertEquals(ModelObserver.spread(m.activations(pool, List.of("lin")).get("lin")) * 50, noisy.sigma(), 1e-9);
    }
}
