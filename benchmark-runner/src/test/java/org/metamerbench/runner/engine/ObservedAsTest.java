package org.metamerbench.runner.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.api.Tensor;
import org.metamerbench.zoo.ZooProvider;

/** Observers see a metamer as a person is shown it: the 8-bit PNG, the 16-bit WAV; the floats only on request. */
class ObservedAsTest {
    @TempDir
    Path out;

    private RunPlan plan(String set, String pool, boolean observeFloat) throws IOException {
        RunConfig cfg = new RunConfig("test", List.of(), List.of(), List.of(), set, 10, pool, 1, 5, true, false, 1, 100,
                1.0, 20, out, "r", false, List.of(), observeFloat);
        return RunPlan.make(cfg, ModelRegistry.of(new ZooProvider()), w -> { });
    }

    @Test
    void imagesAreSeenAtThe256LevelsOfTheirPngAndSoundsAtThe16BitsOfTheirWav() throws IOException {
        float[] v = {0f, 0.3337f, 0.5f, 0.99999f, 1f, -0.2f, 1.3f};
        Tensor x = Tensor.wrap(new int[] {1, 7}, v);
        float[] seen = plan("fashion-mnist-test-100", "fashion-mnist-train-2000", false).asObserved(x).toFloatArray();
        for (int i = 0; i < v.length; i++) {
            float level = seen[i] * 255f;
            assertEquals(Math.round(level), level, 1e-3, "one of 256 levels: " + seen[i]);
            assertTrue(Math.abs(seen[i] - Math.max(0, Math.min(1, v[i]))) <= 0.5f / 255 + 1e-6, "nearest level");
        }
        assertEquals(85f / 255, seen[1], 1e-7, "0.3337 is level 85 of the PNG");
        assertNotEquals(v[1], seen[1]);
        float[] wav = {0.1f, -0.50001f, 1f, -1f};
        float[] heard = plan("spoken-words", "spoken-words-pool", false).asObserved(Tensor.wrap(new int[] {1, 4}, wav))
                .toFloatArray();
        assertArrayEquals(new float[] {3277 / 32768f, -16384 / 32768f, 32767 / 32768f, -1f}, heard, 0f);
        RunPlan floats = plan("fashion-mnist-test-100", "fashion-mnist-train-2000", true);
        assertSame(x, floats.asObserved(x), "--observe-float: the metamers as synthesised");
        assertTrue(floats.observedAs().startsWith("deviation"));
    }
}
