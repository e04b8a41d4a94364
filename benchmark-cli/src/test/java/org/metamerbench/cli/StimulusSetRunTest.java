package org.metamerbench.cli;

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
import org.metamerbench.datasets.StimulusSetManifest;
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
                Map.of(), labels), new StimulusSetManifest.Stimuli("image", List.of(3, 16, 16), "uint8",
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
        assertTrue(((String) r[1]).contains("cnn-s1") && ((String) r[1]).contains("input shape [1, 28, 28] differs "
                + "from the set's [3, 16, 16]"), (String) r[1]);
        assertFalse(Files.exists(tmp.resolve("results/c")), "no run folder is made");
    }

    @Test
    void aSoundSetRunsOnlyWithModelsOfItsRateAndAPoolOfItsRate() throws IOException {
        List<String> labels = List.of("yes", "no");
        Path set = tmp.resolve("words");
        StimulusSetWriter.write(set, false, new StimulusSetWriter.Identity("words", "stimulus-set", "1", "sound",
                Map.of(), Map.of(), labels), new StimulusSetManifest.Stimuli("sound", List.of(800), "float32",
                List.of(-1f, 1f), 16000), List.of("w0", "w1"), new int[] {0, 1}, new int[] {0, 1},
                new SampleData(new int[] {2, 800}, null, new float[1600]));
        // The quick profile's generators take pictures: refused with every difference, the rate included.
        Object[] r = ZooVariant.capture(() -> Main.execute("run", "--stimulus-set", set.toString(), "--null-pool",
                set.toString(), "--stimuli", "2", "--out", tmp.resolve("results").toString(), "--run-id", "s"));
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("cnn-s1 does not share the task of stimulus set words: it declares no "
                + "sample rate (ModelCard.Builder.sampleRate); the set's sounds are at 16000 Hz"), (String) r[1]);
        assertFalse(Files.exists(tmp.resolve("results/s")), "no run folder is made");

        // A pool at another rate is refused, naming both.
        Path pool = tmp.resolve("words8k");
        StimulusSetWriter.write(pool, false, new StimulusSetWriter.Identity("words8k", "null-pool", "1", "sound",
                Map.of(), Map.of(), labels), new StimulusSetManifest.Stimuli("sound", List.of(800), "float32",
                List.of(-1f, 1f), 8000), List.of("p0", "p1"), new int[] {0, 1}, new int[] {0, 1},
                new SampleData(new int[] {2, 800}, null, new float[1600]));
        Object[] p = ZooVariant.capture(() -> Main.execute("run", "--profile", "audio", "--stimulus-set",
                set.toString(), "--null-pool", pool.toString(), "--out", tmp.resolve("results").toString(), "--run-id",
                "p"));
        assertEquals(2, p[0], (String) p[1]);
        assertTrue(((String) p[1]).contains("null pool words8k is at 8000 Hz, stimulus set words at 16000 Hz"),
                (String) p[1]);
        assertFalse(Files.exists(tmp.resolve("results/p")), "no run folder is made");
    }
}
