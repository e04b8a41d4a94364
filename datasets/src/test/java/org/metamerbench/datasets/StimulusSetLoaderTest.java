package org.metamerbench.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StimulusSetLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void builtInStimulusSetIsTenTestImagesPerClass() throws IOException {
        StimulusSet s = StimulusSetLoader.loadBuiltin(StimulusSetLoader.DEFAULT_STIMULUS_SET);
        assertEquals(100, s.size());
        int[] perClass = new int[10];
        for (int l : s.labels()) {
            perClass[l]++;
        }
        int[] ten = new int[10];
        Arrays.fill(ten, 10);
        assertArrayEquals(ten, perClass);
        assertEquals("stimulus-set", s.manifest().kind());
        assertTrue(s.ids().stream().allMatch(id -> id.startsWith("test-")));
    }

    @Test
    void builtInNullPoolIsTrainingImagesDisjointFromTheStimuli() throws IOException {
        StimulusSet pool = StimulusSetLoader.loadBuiltin(StimulusSetLoader.DEFAULT_NULL_POOL);
        assertEquals(2000, pool.size());
        assertTrue(pool.ids().stream().allMatch(id -> id.startsWith("train-")));
    }

    @Test
    void oneChangedByteIsRefusedNamingTheFile() throws IOException {
        Path dir = copyBuiltin(StimulusSetLoader.DEFAULT_STIMULUS_SET);
        Path images = dir.resolve(StimulusSetManifest.IMAGES_FILE);
        byte[] b = Files.readAllBytes(images);
        b[5000] ^= 1;
        Files.write(images, b);
        DatasetIntegrityException e = assertThrows(DatasetIntegrityException.class, () -> StimulusSetLoader.load(dir));
        assertTrue(e.getMessage().contains(images.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void anUntouchedCopyLoadsWithTheSameHash() throws IOException {
        Path dir = copyBuiltin(StimulusSetLoader.DEFAULT_STIMULUS_SET);
        assertEquals(StimulusSetLoader.loadBuiltin(StimulusSetLoader.DEFAULT_STIMULUS_SET).sha256(),
                StimulusSetLoader.load(dir).sha256());
    }

    @Test
    void anEditedManifestIsRefused() throws IOException {
        Path dir = copyBuiltin(StimulusSetLoader.DEFAULT_STIMULUS_SET);
        Path manifest = dir.resolve("manifest.json");
        String text = Files.readString(manifest).replaceFirst("\"label\" : (\\d)", "\"label\" : 7");
        Files.writeString(manifest, text);
        DatasetIntegrityException e = assertThrows(DatasetIntegrityException.class, () -> StimulusSetLoader.load(dir));
        assertTrue(e.getMessage().contains("manifest.json"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        Path dir = copyBuiltin(StimulusSetLoader.DEFAULT_STIMULUS_SET);
        Files.delete(dir.resolve(StimulusSetManifest.LABELS_FILE));
        DatasetIntegrityException e = assertThrows(DatasetIntegrityException.class, () -> StimulusSetLoader.load(dir));
        assertTrue(e.getMessage().contains(StimulusSetManifest.LABELS_FILE), e.getMessage());
    }

    @Test
    void balancedSubsetTakesEqualNumbersPerClass() throws IOException {
        StimulusSet s = StimulusSetLoader.loadBuiltin(StimulusSetLoader.DEFAULT_STIMULUS_SET);
        int[] idx = s.balancedSubset(20);
        int[] perClass = new int[10];
        for (int i : idx) {
            perClass[s.label(i)]++;
        }
        for (int c : perClass) {
            assertEquals(2, c);
        }
        assertThrows(IllegalArgumentException.class, () -> s.balancedSubset(15));
    }

    @Test
    void aSubsetSmallerThanTheClassesTakesOneItemOfEveryKthClass() throws IOException {
        StimulusSet s = StimulusSetLoader.loadBuiltin(StimulusSetLoader.SPOKEN_WORDS_V2);
        int[] idx = s.balancedSubset(10);
        java.util.List<Integer> classes = new java.util.ArrayList<>();
        for (int i : idx) {
            classes.add(s.label(i));
        }
        java.util.Collections.sort(classes);
        assertEquals(java.util.List.of(0, 5, 10, 15, 20, 25, 30, 35, 40, 45), classes);
        for (int i : idx) {
            for (int j = 0; j < i; j++) {
                assertTrue(s.label(j) != s.label(i), "the first item of its class: " + i);
            }
        }
        assertEquals(100, s.balancedSubset(100).length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.balancedSubset(15));
        assertTrue(e.getMessage().contains("divisor of 50"), e.getMessage());
    }

    @Test
    void imagesAreScaledToUnitRange() throws IOException {
        StimulusSet s = StimulusSetLoader.loadBuiltin(StimulusSetLoader.DEFAULT_STIMULUS_SET);
        float[] px = s.image(0).toFloatArray();
        assertEquals(784, px.length);
        for (float v : px) {
            assertTrue(v >= 0 && v <= 1);
        }
    }

    /** Rebuilding from Debian's files reproduces the committed set byte for byte (when installed). */
    @Test
    void committedSetsAreReproducibleFromTheDebianPackage() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEBIAN_DIR),
                "Debian's dataset-fashion-mnist is not installed; skipping the rebuild check");
        for (StimulusSetBuilder.Recipe r : new StimulusSetBuilder.Recipe[] {StimulusSetBuilder.STIMULUS_SET, StimulusSetBuilder.NULL_POOL}) {
            StimulusSetManifest m = StimulusSetBuilder.build(r, FashionMnist.DEBIAN_DIR, tmp.resolve(r.name()));
            assertEquals(StimulusSetLoader.loadBuiltin(r.name()).sha256(), m.sha256(), r.name());
        }
    }

    private Path copyBuiltin(String name) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        for (String f : new String[] {"manifest.json", StimulusSetManifest.IMAGES_FILE, StimulusSetManifest.LABELS_FILE}) {
            try (var in = StimulusSetLoader.class.getResourceAsStream("/org/metamerbench/datasets/sets/" + name + "/" + f)) {
                Files.write(dir.resolve(f), in.readAllBytes());
            }
        }
        return dir;
    }
}
