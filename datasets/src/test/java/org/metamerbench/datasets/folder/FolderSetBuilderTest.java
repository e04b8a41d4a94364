package org.metamerbench.datasets.folder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.api.Tensor;
import org.metamerbench.datasets.StimulusSet;
import org.metamerbench.datasets.StimulusSetLoader;
import org.metamerbench.datasets.StimulusSetManifest;

/** A stimulus set and null pool made from a folder of colour PNGs, and one from WAV files. */
class FolderSetBuilderTest {
    @TempDir
    Path tmp;

    /** A noise picture of the given size whose mean colour says its class. */
    static void png(Path file, int w, int h, int red, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (Math.min(255, red + r.nextInt(40)) << 16) | (r.nextInt(256) << 8) | r.nextInt(256));
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    static StimulusSetManifest.Stimuli colour() {
        return new StimulusSetManifest.Stimuli("image", List.of(3, 16, 12), "uint8", List.of(0f, 1f), null);
    }

    @Test
    void aFolderOfColourPngsMakesADisjointSetAndPool() throws IOException {
        Path in = tmp.resolve("in");
        for (int i = 0; i < 6; i++) {
            png(in.resolve("apple/a" + i + ".png"), 40 + i, 30, 200, i);
            png(in.resolve("pear/p" + i + ".png"), 25, 50 + i, 20, 100 + i);
        }
        Files.copy(in.resolve("apple/a0.png"), in.resolve("apple/a9-copy.png"));
        FolderSetBuilder.Built b = FolderSetBuilder.build(in, tmp.resolve("out"),
                new FolderSetBuilder.Options("fruit", colour(), 2, 3, 7), false);
        assertEquals(List.of("apple/a9-copy.png repeats apple/a0.png"), b.repeated());

        StimulusSet set = StimulusSetLoader.load(tmp.resolve("out/fruit"));
        StimulusSet pool = StimulusSetLoader.load(tmp.resolve("out/fruit-pool"));
        assertEquals(List.of("apple", "pear"), set.classLabels());
        assertArrayEquals(new int[] {3, 16, 12}, set.sampleShape());
        assertEquals(4, set.size());
        assertEquals(6, pool.size());
        assertEquals(2, java.util.Arrays.stream(set.labels()).filter(l -> l == 0).count());
        assertTrue(set.manifest().source().get("decoding").contains("centre 12 x 16 cropped"),
                set.manifest().source().toString());
        // The class shows in the red channel: apples bright, pears dark.
        Tensor t = set.tensor();
        for (int i = 0; i < set.size(); i++) {
            double red = 0;
            for (int p = 0; p < 16 * 12; p++) {
                red += t.get(i * 3 * 16 * 12 + p);
            }
            red /= 16 * 12;
            assertTrue(set.label(i) == 0 ? red > 0.7 : red < 0.2, set.id(i) + ": mean red " + red);
        }
        Set<String> setSamples = new HashSet<>();
        for (int i = 0; i < set.size(); i++) {
            setSamples.add(java.util.Arrays.toString(set.image(i).toFloatArray()));
        }
        for (int i = 0; i < pool.size(); i++) {
            assertTrue(!setSamples.contains(java.util.Arrays.toString(pool.image(i).toFloatArray())),
                    "the pool never holds a stimulus");
        }
        assertTrue(Files.readString(tmp.resolve("out/fruit-pool/near-duplicates.csv")).startsWith("a,b,pearson\n"));
        assertEquals("class sub-folders", set.manifest().source().get("labelled_by"));
        // The same folder and seed make the same set; the tool's own folders (report included) are replaced.
        FolderSetBuilder.build(in, tmp.resolve("out"), new FolderSetBuilder.Options("fruit", colour(), 2, 3, 7),
                false);
        assertEquals(set.sha256(), StimulusSetLoader.load(tmp.resolve("out/fruit")).sha256());
        FolderSetBuilder.build(in, tmp.resolve("again"), new FolderSetBuilder.Options("fruit", colour(), 2, 3, 7),
                false);
        assertEquals(set.sha256(), StimulusSetLoader.load(tmp.resolve("again/fruit")).sha256());
    }

    @Test
    void tooFewFilesOrABadLabelsFileAreNamed() throws IOException {
        Path in = tmp.resolve("in");
        for (int i = 0; i < 3; i++) {
            png(in.resolve("apple/a" + i + ".png"), 20, 20, 200, i);
        }
        for (int i = 0; i < 5; i++) {
            png(in.resolve("pear/p" + i + ".png"), 20, 20, 90, i);
        }
        IOException e = assertThrows(IOException.class, () -> FolderSetBuilder.build(in, tmp.resolve("out"),
                new FolderSetBuilder.Options("fruit", colour(), 2, 3, 7), false));
        assertTrue(e.getMessage().contains("class 'apple' has 3 distinct files, 5 are needed"), e.getMessage());

        Files.writeString(in.resolve("labels.csv"), "file,label\napple/a0.png,apple\n../outside.png,pear\n");
        e = assertThrows(IOException.class, () -> FolderSetBuilder.build(in, tmp.resolve("out"),
                new FolderSetBuilder.Options("fruit", colour(), 1, 0, 7), false));
        assertTrue(e.getMessage().contains("labels.csv:3:1 (file): '../outside.png' lies outside"), e.getMessage());
    }

    @Test
    void nearDuplicatesArePairsCorrelatedAtLeastPointNineNine() {
        float[] a = {1, -1, 0.5f, -0.5f};
        float[] nearlyA = {0.999f, -1, 0.5f, -0.5f};
        float[] other = {1, 1, -1, -1};
        List<FolderSetBuilder.NearDuplicate> d = FolderSetBuilder.nearDuplicatesOf(List.of("x", "y", "z"),
                new float[][] {unit(a), unit(nearlyA), unit(other)});
        assertEquals(1, d.size());
        assertEquals("x", d.get(0).a());
        assertEquals("y", d.get(0).b());
        assertTrue(d.get(0).correlation() > 0.99);
    }

    private static float[] unit(float[] v) {
        double m = 0;
        for (float x : v) {
            m += x / v.length;
        }
        double ss = 0;
        for (float x : v) {
            ss += (x - m) * (x - m);
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) ((v[i] - m) / Math.sqrt(ss));
        }
        return out;
    }

    @Test
    void wavFilesMakeASoundSetAtTheRequestedRateAndLength() throws IOException {
        Path in = tmp.resolve("words");
        int from = 22050;
        for (int i = 0; i < 3; i++) {
            for (String w : new String[] {"yes", "no"}) {
                double f = w.equals("yes") ? 440 : 880;
                float[] x = new float[from / 2 + 100 * i];
                for (int k = 0; k < x.length; k++) {
                    x[k] = (float) (0.4 * Math.sin(2 * Math.PI * f * k / from + i));
                }
                Files.createDirectories(in.resolve(w));
                Files.write(in.resolve(w + "/" + w + i + ".wav"), WavFiles.encode(x, from));
            }
        }
        StimulusSetManifest.Stimuli s = new StimulusSetManifest.Stimuli("sound", List.of(4000), "float32",
                List.of(-1f, 1f), 16000);
        FolderSetBuilder.build(in, tmp.resolve("out"), new FolderSetBuilder.Options("words", s, 2, 1, 3), false);
        StimulusSet set = StimulusSetLoader.load(tmp.resolve("out/words"));
        assertEquals("sound", set.modality());
        assertEquals(16000, set.sampleRate());
        assertArrayEquals(new int[] {4000}, set.sampleShape());
        assertTrue(set.manifest().source().get("decoding").contains("resampled to 16000 Hz"));
        // Each clip is its tone at 16 kHz: the zero crossings per second give the frequency.
        for (int i = 0; i < set.size(); i++) {
            float[] x = set.image(i).toFloatArray();
            int crossings = 0;
            for (int k = 1001; k < 3000; k++) {
                if ((x[k - 1] < 0) != (x[k] < 0)) {
                    crossings++;
                }
            }
            double hz = crossings / 2.0 / (1999 / 16000.0);
            double expected = set.classLabels().get(set.label(i)).equals("yes") ? 440 : 880;
            assertEquals(expected, hz, 10, set.id(i));
            float peak = 0;
            for (int k = 1000; k < 3000; k++) {
                peak = Math.max(peak, Math.abs(x[k]));
            }
            assertEquals(0.4, peak, 0.01, set.id(i) + ": the amplitude survives resampling");
        }
    }

    @Test
    void rolesKeepHeldOutSpeakersForTheStimuliAndInt16HalvesTheSamplesFile() throws IOException {
        Path in = tmp.resolve("speakers");
        Files.createDirectories(in);
        StringBuilder csv = new StringBuilder("file,label,role\n");
        Random rnd = new Random(9);
        for (String speaker : new String[] {"held1", "held2", "seen1", "seen2", "seen3"}) {
            for (String w : new String[] {"yes", "no"}) {
                float[] x = new float[16000];
                for (int k = 0; k < x.length; k++) {
                    x[k] = (float) (0.3 * rnd.nextGaussian());
                }
                Files.write(in.resolve(speaker + "-" + w + ".wav"), WavFiles.encode(x, 16000));
                csv.append(speaker).append('-').append(w).append(".wav,").append(w).append(',')
                        .append(speaker.startsWith("held") ? "stimulus" : "pool").append('\n');
            }
        }
        Files.writeString(in.resolve("labels.csv"), csv);
        StimulusSetManifest.Stimuli s = new StimulusSetManifest.Stimuli("sound", List.of(16000), "int16",
                List.of(-1f, 1f), 16000);
        FolderSetBuilder.build(in, tmp.resolve("out"), new FolderSetBuilder.Options("words", s, 2, 3, 1), false);
        StimulusSet set = StimulusSetLoader.load(tmp.resolve("out/words"));
        StimulusSet pool = StimulusSetLoader.load(tmp.resolve("out/words-pool"));
        assertTrue(set.manifest().selection().get("files").matches("(\\d+=held[12]-(yes|no)\\.wav(; )?){4}"),
                set.manifest().selection().get("files"));
        assertTrue(pool.manifest().selection().get("files").matches("(\\d+=seen[123]-(yes|no)\\.wav(; )?){6}"),
                pool.manifest().selection().get("files"));
        assertEquals("int16", set.manifest().stimuli().dtype());
        long bytes = set.manifest().file(StimulusSetManifest.SAMPLES_FILE).bytes();
        assertEquals(4 + 8 + 2L * 4 * 16000, bytes, "16-bit samples");
        // The stored samples are the decoded clips to within half a 16-bit step.
        float[] x = set.image(0).toFloatArray();
        float[] decoded = WavFiles.decode(in.resolve(set.manifest().selection().get("files").split("[=;]")[1]), 16000,
                16000);
        for (int k = 0; k < x.length; k++) {
            assertEquals(decoded[k], x[k], 0.5f / 32768 + 1e-7f, "sample " + k);
        }
        // A role that is neither is refused with its place.
        Files.writeString(in.resolve("labels.csv"), "file,label,role\nheld1-yes.wav,yes,test\n");
        IOException e = assertThrows(IOException.class, () -> FolderSetBuilder.build(in, tmp.resolve("out2"),
                new FolderSetBuilder.Options("words", s, 1, 0, 1), false));
        assertTrue(e.getMessage().contains("labels.csv:2:3 (role)") && e.getMessage().contains("'test'"),
                e.getMessage());
        // int16 belongs to sounds in [-1, 1].
        StimulusSetManifest.Stimuli wrong = new StimulusSetManifest.Stimuli("sound", List.of(16000), "int16",
                List.of(-2f, 2f), 16000);
        Files.writeString(in.resolve("labels.csv"), csv);
        e = assertThrows(IOException.class, () -> FolderSetBuilder.build(in, tmp.resolve("out3"),
                new FolderSetBuilder.Options("words", wrong, 2, 3, 1), false));
        assertTrue(e.getMessage().contains("int16"), e.getMessage());
    }

    @Test
    void resamplingKeepsASineAndTheWavHeaderIsStandard() throws IOException {
        int from = 44100;
        float[] x = new float[from / 10];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) Math.sin(2 * Math.PI * 1000 * k / from);
        }
        float[] y = WavFiles.resample(x, from, 16000);
        double err = 0;
        for (int k = 200; k < y.length - 200; k++) {
            err = Math.max(err, Math.abs(y[k] - Math.sin(2 * Math.PI * 1000 * k / 16000.0)));
        }
        assertTrue(err < 2e-3, "max error " + err);

        byte[] wav = WavFiles.encode(new float[] {0f, 0.5f, -1f}, 16000);
        assertEquals("RIFF", new String(wav, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("WAVE", new String(wav, 8, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(44 + 6, wav.length);
        Path f = tmp.resolve("t.wav");
        Files.write(f, wav);
        WavFiles.Wave w = WavFiles.read(f);
        assertEquals(16000, w.rate());
        // Written as round(v * 32768) and read as v / 32768: values on the 16-bit grid come back exactly.
        assertArrayEquals(new float[] {0f, 0.5f, -1f}, w.samples());
    }
}
