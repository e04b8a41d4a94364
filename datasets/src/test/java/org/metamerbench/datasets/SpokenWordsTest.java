package org.metamerbench.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.datasets.folder.FolderSetBuilder;

/**
 * The built-in spoken-word set and pool: what they hold, that stimuli and pool come from disjoint voices, and
 * that the committed script and {@code datasets build} make them again byte for byte (where espeak-ng, flite
 * and sox are installed; METAMER_BENCH_REQUIRE_SPEECH=1, set by .ci/run, makes their absence a failure).
 */
class SpokenWordsTest {
    static final Path SCRIPT = Path.of("scripts", "make_spoken_words.py");

    @TempDir
    Path tmp;

    @Test
    void theBuiltInSetHoldsTenWordsByHeldOutVoicesAndThePoolTrainingClips() throws IOException {
        StimulusSet set = StimulusSetLoader.loadBuiltin(StimulusSetLoader.SPOKEN_WORDS);
        StimulusSet pool = StimulusSetLoader.loadBuiltin(StimulusSetLoader.SPOKEN_WORDS_POOL);
        assertEquals(List.of("yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"), set.classLabels());
        assertEquals(set.classLabels(), pool.classLabels());
        assertEquals(100, set.size());
        assertEquals(200, pool.size());
        assertEquals("sound", set.modality());
        assertEquals(16000, set.sampleRate());
        assertEquals("int16", set.manifest().stimuli().dtype());
        int[] perClass = new int[10];
        for (int i = 0; i < set.size(); i++) {
            perClass[set.label(i)]++;
        }
        for (int c : perClass) {
            assertEquals(10, c);
        }
        // Stimuli from the test voices' clips, the pool from the training clips.
        for (String f : set.manifest().selection().get("files").split("; ")) {
            assertTrue(f.split("=")[1].startsWith("test/"), f);
        }
        for (String f : pool.manifest().selection().get("files").split("; ")) {
            assertTrue(f.split("=")[1].startsWith("train/"), f);
        }
        // Every clip has sound in it, at the level the script sets (RMS -24 dBFS over its trimmed span).
        for (int i = 0; i < set.size(); i++) {
            float[] x = set.image(i).toFloatArray();
            double peak = 0;
            for (float v : x) {
                peak = Math.max(peak, Math.abs(v));
            }
            assertTrue(peak > 0.05 && peak <= 0.951, set.id(i) + ": peak " + peak);
        }
    }

    @Test
    void theScriptAndDatasetsBuildMakeTheCommittedSetsAgain() throws Exception {
        requireSpeechTools();
        Process p = new ProcessBuilder("python3", SCRIPT.toString(), tmp.resolve("words").toString(), "--part", "set")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        StimulusSet committed = StimulusSetLoader.loadBuiltin(StimulusSetLoader.SPOKEN_WORDS);
        FolderSetBuilder.Built b = FolderSetBuilder.build(tmp.resolve("words/set"), tmp.resolve("built"),
                new FolderSetBuilder.Options(StimulusSetLoader.SPOKEN_WORDS, committed.manifest().stimuli(), 10, 20,
                        Long.parseLong(committed.manifest().selection().get("seed"))), false);
        assertEquals(committed.manifest().sha256(), b.set().sha256(), "the stimulus set, made again");
        assertEquals(StimulusSetLoader.loadBuiltin(StimulusSetLoader.SPOKEN_WORDS_POOL).manifest().sha256(), b.pool().sha256(),
                "the null pool, made again");
        Set<String> voices = new HashSet<>();
        for (String line : Files.readAllLines(tmp.resolve("words/test/voices.csv")).subList(1, 101)) {
            voices.add(line.split(",")[3]);
        }
        for (String line : Files.readAllLines(tmp.resolve("words/train/voices.csv")).subList(1, 201)) {
            assertTrue(!voices.contains(line.split(",")[3]), "a test voice in the training clips: " + line);
        }
    }

    @Test
    void versionTwoOfTheScriptAndDatasetsBuildMakeTheCommittedVersionTwoSetsAgain() throws Exception {
        requireSpeechTools();
        Process p = new ProcessBuilder("python3", SCRIPT.toString(), tmp.resolve("words").toString(), "--part", "set",
                "--version", "2").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        StimulusSet committed = StimulusSetLoader.loadBuiltin(StimulusSetLoader.SPOKEN_WORDS_V2);
        assertEquals(50, committed.manifest().classLabels().size());
        assertEquals(100, committed.size());
        FolderSetBuilder.Built b = FolderSetBuilder.build(tmp.resolve("words/set"), tmp.resolve("built"),
                new FolderSetBuilder.Options(StimulusSetLoader.SPOKEN_WORDS_V2, committed.manifest().stimuli(), 2, 4,
                        Long.parseLong(committed.manifest().selection().get("seed"))), false);
        assertEquals(committed.manifest().sha256(), b.set().sha256(), "the stimulus set, made again");
        StimulusSet pool = StimulusSetLoader.loadBuiltin(StimulusSetLoader.SPOKEN_WORDS_V2_POOL);
        assertEquals(pool.manifest().sha256(), b.pool().sha256(), "the null pool, made again");
        assertEquals(200, pool.size());
    }

    /** The committed hashes of version 2's first clip per word of each part (clips, and their plans in voices.csv). */
    static final Path V2_HASHES = Path.of("scripts", "spoken-words-v2.sha256");

    @Test
    void versionTwoMakesTheSameClipsAgainWithNoiseUnderTheTrainingClipsAndTheWordsInRunningSpeech() throws Exception {
        requireSpeechTools();
        Path out = tmp.resolve("v2");
        for (String part : List.of("train", "test")) {
            Process p = new ProcessBuilder("python3", SCRIPT.toString(), out.toString(), "--part", part, "--per-word",
                    "1", "--version", "2").redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), log);
        }
        java.util.Map<String, String> expected = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(V2_HASHES)) {
            expected.put(line.substring(66), line.substring(0, 64));
        }
        assertEquals(2 * 50 + 2, expected.size());
        java.util.Map<String, String> made = new java.util.TreeMap<>();
        for (String file : expected.keySet()) {
            made.put(file, java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(out.resolve(file)))));
        }
        assertEquals(expected, made, "every clip and plan made again byte for byte");

        // fifty words; every training clip has noise of one of three kinds at -10 to +10 dB; test clips none
        List<String> train = Files.readAllLines(out.resolve("train/voices.csv"));
        List<String> header = List.of(train.get(0).split(","));
        Set<String> kinds = new HashSet<>();
        Set<String> words = new HashSet<>();
        for (String line : train.subList(1, train.size())) {
            List<String> c = List.of(line.split(","));
            words.add(c.get(1));
            kinds.add(c.get(header.indexOf("noise")));
            double snr = Double.parseDouble(c.get(header.indexOf("snr_db")));
            assertTrue(snr >= -10 && snr <= 10, line);
        }
        assertEquals(50, words.size());
        assertEquals(Set.of("babble", "pink", "brown"), kinds);
        List<String> test = Files.readAllLines(out.resolve("test/voices.csv"));
        for (String line : test.subList(1, test.size())) {
            assertTrue(line.contains(",none,"), line);
        }
        // the words in running speech: a test clip (no noise) is a small share of exact digital silence
        List<Double> zeros = new ArrayList<>();
        for (String line : test.subList(1, test.size())) {
            byte[] wav = Files.readAllBytes(out.resolve("test").resolve(line.split(",")[0]));
            int z = 0;
            int n = (wav.length - 44) / 2;
            for (int i = 0; i < n; i++) {
                if (wav[44 + 2 * i] == 0 && wav[45 + 2 * i] == 0) {
                    z++;
                }
            }
            zeros.add(z / (double) n);
        }
        java.util.Collections.sort(zeros);
        assertTrue(zeros.get(zeros.size() / 2) < 0.25, "median share of exact silence " + zeros.get(25));
    }

    /** Skips where espeak-ng, flite or sox is missing, unless METAMER_BENCH_REQUIRE_SPEECH=1 makes that a failure. */
    static void requireSpeechTools() {
        boolean tools = List.of("espeak-ng", "flite", "sox", "python3").stream().allMatch(SpokenWordsTest::onPath);
        if (!tools && "1".equals(System.getenv("METAMER_BENCH_REQUIRE_SPEECH"))) {
            throw new IllegalStateException("METAMER_BENCH_REQUIRE_SPEECH=1 but espeak-ng, flite, sox or python3 "
                    + "is missing");
        }
        Assumptions.assumeTrue(tools, "espeak-ng, flite and sox are not installed: apt-get install espeak-ng flite sox");
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
