package org.metamerbench.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.datasets.ImageSetManifest;
import org.metamerbench.datasets.SampleData;
import org.metamerbench.datasets.StimulusSetWriter;

/** A run names what it cannot use in a stimulus set a lab brings, before it starts. */
class StimulusSetRunTest {
    @TempDir
    Path tmp;

    private Path colourSet(String name, String kind) throws IOException {
        List<String> labels = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                "Sneaker", "Bag", "Ankle boot");
        int n = 10;
        int[] classes = new int[n];
        int[] indices = new int[n];
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            classes[i] = i;
            indices[i] = i;
            ids.add(name + "-" + i);
        }
        Path dir = tmp.resolve(name);
        StimulusSetWriter.write(dir, false, new StimulusSetWriter.Identity(name, kind, "1", "colour", Map.of(),
                Map.of(), labels), new ImageSetManifest.Stimuli("image", List.of(3, 16, 16), "uint8",
                List.of(0f, 1f), null), ids, indices, classes, new SampleData(new int[] {n, 3, 16, 16},
                new byte[n * 3 * 16 * 16], null));
        return dir;
    }

    @Test
    void aColourSetAndAMismatchedPoolAreRefusedNamingTheSetAndTheShape() throws IOException {
        Path set = colourSet("colour-set", "stimulus-set");
        Object[] r = ZooVariant.capture(() -> Main.execute("run", "--stimulus-set", set.toString(), "--stimuli", "10",
                "--out", tmp.resolve("results").toString(), "--run-id", "c"));
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("null pool fashion-mnist-train-2000 (image 1 x 28 x 28 in [0.0, 1.0]) "
                + "does not match stimulus set colour-set (image 3 x 16 x 16 in [0.0, 1.0])"), (String) r[1]);

        Path pool = colourSet("colour-pool", "null-pool");
        r = ZooVariant.capture(() -> Main.execute("run", "--stimulus-set", set.toString(), "--null-pool",
                pool.toString(), "--stimuli", "10", "--out", tmp.resolve("results").toString(), "--run-id", "c"));
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("stimulus set colour-set (image 3 x 16 x 16 in [0.0, 1.0]): runs are "
                + "made on 1 x 28 x 28 grayscale images so far"), (String) r[1]);
        assertFalse(Files.exists(tmp.resolve("results/c")), "no run folder is made");
    }
}
