package org.metamerbench.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        boolean tools = List.of("espeak-ng", "flite", "sox", "python3").stream().allMatch(SpokenWordsTest::onPath);
        if (!tools && "1".equals(System.getenv("METAMER_BENCH_REQUIRE_SPEECH"))) {
            throw new IllegalStateException("METAMER_BENCH_REQUIRE_SPEECH=1 but espeak-ng, flite, sox or python3 "
                    + "is missing");
        }
        Assumptions.assumeTrue(tools, "espeak-ng, flite and sox are not installed: apt-get install espeak-ng flite sox");
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

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
