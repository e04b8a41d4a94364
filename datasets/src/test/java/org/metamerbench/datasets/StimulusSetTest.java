package org.metamerbench.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.api.Tensor;

/** Format-2 stimulus sets: colour images of any size and sounds, described by the manifest and hashed. */
class StimulusSetTest {
    @TempDir
    Path tmp;

    static StimulusSetWriter.Identity identity(String name) {
        return new StimulusSetWriter.Identity(name, "stimulus-set", "1", "a test set", Map.of("origin", "test"),
                Map.of(), List.of("cat", "dog"));
    }

    static StimulusSetManifest.Stimuli colour(float lo, float hi) {
        return new StimulusSetManifest.Stimuli("image", List.of(3, 8, 6), "uint8", List.of(lo, hi), null);
    }

    static StimulusSetManifest.Stimuli sound(Integer rate) {
        return new StimulusSetManifest.Stimuli("sound", List.of(1600), "float32", List.of(-1f, 1f), rate);
    }

    static SampleData colourSamples() {
        byte[] b = new byte[4 * 3 * 8 * 6];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7);
        }
        b[0] = 0;
        b[1] = (byte) 255;
        return new SampleData(new int[] {4, 3, 8, 6}, b, null);
    }

    static SampleData soundSamples() {
        float[] f = new float[2 * 1600];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) Math.sin(2 * Math.PI * 440 * (i % 1600) / 16000.0) * 0.5f;
        }
        return new SampleData(new int[] {2, 1600}, null, f);
    }

    static StimulusSet writeColour(Path dir, float lo, float hi) throws IOException {
        StimulusSetWriter.write(dir, false, identity("colour"), colour(lo, hi), List.of("a", "b", "c", "d"),
                new int[] {0, 1, 2, 3}, new int[] {0, 1, 0, 1}, colourSamples());
        return StimulusSetLoader.load(dir);
    }

    @Test
    void theFashionMnistSetIsUnchanged() throws IOException {
        StimulusSet s = StimulusSetLoader.loadBuiltin(StimulusSetLoader.DEFAULT_STIMULUS_SET);
        assertEquals(StimulusSetManifest.FORMAT, s.manifest().format());
        assertArrayEquals(new int[] {1, 28, 28}, s.sampleShape());
        assertArrayEquals(new float[] {0f, 1f}, s.valueRange());
        assertEquals("image", s.modality());
        assertEquals(0, s.sampleRate());
        assertEquals(StimulusSetManifest.computeSetHash(s.manifest().stimuli(), s.manifest().classLabels(),
                s.manifest().files(), s.manifest().items()), s.sha256());
        assertArrayEquals(new int[] {100, 1, 28, 28}, s.tensor().shape());
    }

    @Test
    void aColourSetOfAnySizeLoadsInItsValueRange() throws IOException {
        StimulusSet s = writeColour(tmp.resolve("colour"), 0f, 1f);
        assertEquals(StimulusSetManifest.FORMAT_2, s.manifest().format());
        assertArrayEquals(new int[] {3, 8, 6}, s.sampleShape());
        Tensor t = s.tensor();
        assertArrayEquals(new int[] {4, 3, 8, 6}, t.shape());
        assertEquals(0f, t.get(0));
        assertEquals(1f, t.get(1));
        assertEquals((2 * 7) / 255f, t.get(2));
        assertEquals(List.of("a", "b", "c", "d"), s.ids());
        assertArrayEquals(new int[] {0, 1, 0, 1}, s.labels());

        StimulusSet signed = writeColour(tmp.resolve("signed"), -1f, 1f);
        assertEquals(-1f, signed.tensor().get(0));
        assertEquals(1f, signed.tensor().get(1));
        assertNotEquals(s.sha256(), signed.sha256(), "the value range is part of the set's hash");
    }

    @Test
    void aSoundSetKeepsItsSamplesAndRate() throws IOException {
        SampleData data = soundSamples();
        StimulusSetWriter.write(tmp.resolve("sound"), false, identity("words"), sound(16000), List.of("w1", "w2"),
                new int[] {5, 9}, new int[] {1, 0}, data);
        StimulusSet s = StimulusSetLoader.load(tmp.resolve("sound"));
        assertEquals("sound", s.modality());
        assertEquals(16000, s.sampleRate());
        assertArrayEquals(new int[] {1600}, s.sampleShape());
        assertArrayEquals(new float[] {-1f, 1f}, s.valueRange());
        assertArrayEquals(data.float32(), s.tensor().toFloatArray());
    }

    @Test
    void aChangedDescriptionOrSampleIsRefusedNamingTheFileOrField() throws IOException {
        Path dir = tmp.resolve("colour");
        writeColour(dir, 0f, 1f);
        Path manifest = dir.resolve("manifest.json");
        String text = Files.readString(manifest);
        Files.writeString(manifest, text.replace("\"shape\" : [ 3, 8, 6 ]", "\"shape\" : [ 3, 6, 8 ]"));
        IOException e = assertThrows(IOException.class, () -> StimulusSetLoader.load(dir));
        assertTrue(e.getMessage().contains("set SHA-256"), e.getMessage());

        Files.writeString(manifest, text.replace("\"modality\" : \"image\"", "\"modality\" : \"video\""));
        e = assertThrows(IOException.class, () -> StimulusSetLoader.load(dir));
        assertTrue(e.getMessage().contains("stimuli.modality"), e.getMessage());

        float[] loud = soundSamples().float32().clone();
        loud[1600 + 17] = 1.5f;
        IOException bad = assertThrows(IOException.class, () -> StimulusSetWriter.write(
                tmp.resolve("loud"), false, identity("words"), sound(16000), List.of("w1", "w2"), new int[] {0, 1},
                new int[] {0, 1}, new SampleData(new int[] {2, 1600}, null, loud)));
        assertTrue(bad.getMessage().contains("sample w2 has value 1.5 at position 17"), bad.getMessage());
        assertTrue(!Files.exists(tmp.resolve("loud")), "nothing is written for a bad set");

        bad = assertThrows(IOException.class, () -> StimulusSetWriter.write(tmp.resolve("norate"),
                false, identity("words"), sound(null), List.of("w1", "w2"), new int[] {0, 1}, new int[] {0, 1},
                soundSamples()));
        assertTrue(bad.getMessage().contains("stimuli.sampleRate"), bad.getMessage());

        bad = assertThrows(IOException.class, () -> StimulusSetWriter.write(tmp.resolve("two"),
                false, identity("colour"), new StimulusSetManifest.Stimuli("image", List.of(2, 8, 6), "uint8",
                        List.of(0f, 1f), null), List.of("a", "b", "c", "d"), new int[] {0, 1, 2, 3},
                new int[] {0, 1, 0, 1}, new SampleData(new int[] {4, 2, 8, 6}, new byte[4 * 2 * 8 * 6], null)));
        assertTrue(bad.getMessage().contains("stimuli.shape"), bad.getMessage());
    }

    @Test
    void aSetFolderSomeoneElseWroteIsNotReplaced() throws IOException {
        Path dir = tmp.resolve("theirs");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("notes.txt"), "precious");
        assertThrows(IOException.class, () -> writeColour(dir, 0f, 1f));
        assertEquals("precious", Files.readString(dir.resolve("notes.txt")));
    }
}
