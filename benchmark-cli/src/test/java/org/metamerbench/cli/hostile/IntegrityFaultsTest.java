package org.metamerbench.cli.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.runner.SmallRun;
import org.metamerbench.runner.TestFolders;
import org.metamerbench.cli.Main;
import org.metamerbench.cli.ZooVariant;

/**
 * Hostile inputs, kind "integrity": results are verified, not trusted. A finished run's top-level files are sealed;
 * every reader refuses a folder that was changed after, or that contradicts itself, or two runs under one id.
 */
class IntegrityFaultsTest {
    @TempDir
    static Path tmp;
    static Path run;

    @BeforeAll
    static void setUp() throws IOException {
        run = SmallRun.make(tmp.resolve("results"));
        assertTrue(Files.isRegularFile(run.resolve("checksums.sha256")), "a finished run is sealed");
    }

    static Path copy(String name) throws IOException {
        return TestFolders.copy(run, tmp.resolve("copies").resolve(name));
    }

    /** Every reader of a result folder, as a command line on {@code dir}. */
    static List<List<String>> readers(Path dir) throws IOException {
        Path baseline = tmp.resolve("baseline-" + dir.getFileName() + ".json");
        Files.deleteIfExists(baseline);
        Path good = tmp.resolve("good-baseline.json");
        if (!Files.exists(good)) {
            assertEquals(0, Main.execute("baseline", run.toString(), "--out", good.toString()));
        }
        return List.of(List.of("report", dir.toString()), List.of("baseline", dir.toString(), "--out",
                baseline.toString()), List.of("gate", "--baseline", good.toString(), "--candidate", dir.toString()),
                List.of("leaderboard", "build", "--results", dir.toString(), "--out", tmp.resolve("site-"
                        + dir.getFileName()).toString()));
    }

    static String lowered(String csv) {
        // every observer answer turned right: the model's recognition moves to 1
        return csv.lines().map(l -> l.replace(",false", ",true")).collect(Collectors.joining("\n", "", "\n"));
    }

    static Stream<Arguments> tamperings() {
        return Stream.of(
                Arguments.of("recognition-edited", (Tamper) d -> Files.writeString(d.resolve(ResultFiles.RECOGNITION_CSV),
                        lowered(Files.readString(d.resolve(ResultFiles.RECOGNITION_CSV)))),
                        "recognition.csv does not match its checksum"),
                Arguments.of("scores-edited", (Tamper) d -> Files.writeString(d.resolve(ResultFiles.SCORES_CSV),
                        Files.readString(d.resolve(ResultFiles.SCORES_CSV)).replaceFirst(",0\\.\\d+,", ",1.0,")),
                        "scores.csv does not match its checksum"),
                Arguments.of("record-edited", (Tamper) d -> Files.writeString(d.resolve(ResultFiles.RUN_JSON),
                        Files.readString(d.resolve(ResultFiles.RUN_JSON)).replace("\"seed\" : 1", "\"seed\" : 2")),
                        "run.json does not match its checksum"),
                Arguments.of("table-removed", (Tamper) d -> Files.delete(d.resolve(ResultFiles.NATURAL_CSV)),
                        "natural.csv is missing"),
                Arguments.of("rows-gone-resealed", (Tamper) d -> {
                    Path m = d.resolve(ResultFiles.METAMERS_CSV);
                    Files.writeString(m, Files.readAllLines(m).get(0) + "\n"); // the rows gone, the seal recomputed
                    ResultFiles.seal(d);
                }, "lists job mlp x final as finished, but metamers.csv has no row of it"));
    }

    interface Tamper {
        void apply(Path dir) throws IOException;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperings")
    void aChangedFolderIsRefusedByEveryReader(String name, Tamper tamper, String reason) throws IOException {
        Path d = copy(name);
        tamper.apply(d);
        for (List<String> cmd : readers(d)) {
            Object[] r = ZooVariant.capture(() -> Main.execute(cmd.toArray(String[]::new)));
            assertEquals(2, r[0], cmd + ": " + r[1]);
            assertTrue(((String) r[1]).contains(reason), cmd + ": " + r[1]);
            assertFalse(((String) r[1]).contains("\tat "), "no stack trace");
        }
        assertFalse(Files.exists(tmp.resolve("baseline-" + name + ".json")), "no baseline written");
        assertFalse(Files.exists(tmp.resolve("site-" + name)), "no site written");
    }

    @Test
    void twoRunsUnderOneIdAreRefusedTogether() throws IOException {
        Path other = tmp.resolve("elsewhere");
        SmallRun.make(other); // another run, the same id "small"
        Object[] r = ZooVariant.capture(() -> Main.execute("leaderboard", "build", "--results", run.toString(),
                other.resolve("small").toString(), "--out", tmp.resolve("site-twice").toString()));
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("run id small is given twice"), (String) r[1]);
        assertFalse(Files.exists(tmp.resolve("site-twice")));
    }

    @Test
    void anUnsealedFolderIsReportedButNeverRanked() throws IOException {
        Path d = copy("unsealed");
        Files.delete(d.resolve("checksums.sha256"));
        Object[] r = ZooVariant.capture(() -> Main.execute("report", d.toString()));
        assertEquals(0, r[0], (String) r[1]);
        r = ZooVariant.capture(() -> Main.execute("leaderboard", "build", "--results", d.toString(), "--out",
                tmp.resolve("site-unsealed").toString()));
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("not sealed"), (String) r[1]);
    }

    @Test
    void twoClassNamesSwappedInAManifestAreRefused() throws IOException {
        Path set = tmp.resolve("set");
        String base = "/org/metamerbench/datasets/sets/fashion-mnist-test-100/";
        List<String> names = new java.util.ArrayList<>(List.of("manifest.json"));
        org.metamerbench.datasets.StimulusSetLoader.loadBuiltin("fashion-mnist-test-100").manifest().files()
                .forEach(f -> names.add(f.name()));
        for (String n : names) {
            try (var in = IntegrityFaultsTest.class.getResourceAsStream(base + n)) {
                AtomicFiles.write(set, set.resolve(n), in.readAllBytes());
            }
        }
        assertEquals(org.metamerbench.datasets.StimulusSetLoader.loadBuiltin("fashion-mnist-test-100").sha256(),
                org.metamerbench.datasets.StimulusSetLoader.load(set).sha256(), "the copy verifies");
        Path manifest = set.resolve("manifest.json");
        String m = Files.readString(manifest);
        assertTrue(m.contains("\"Shirt\"") && m.contains("\"Coat\""));
        Files.writeString(manifest, m.replace("\"Shirt\"", "\"@@\"").replace("\"Coat\"", "\"Shirt\"")
                .replace("\"@@\"", "\"Coat\""));
        Object[] r = ZooVariant.capture(() -> Main.execute("datasets", "verify", set.toString()));
        assertTrue((Integer) r[0] != 0, (String) r[1]);
        assertTrue(((String) r[1]).contains("does not match the manifest's"), (String) r[1]);
    }

    /** Rewrites {@code file}'s rows (cells split at commas; the header kept) with {@code edit}, consistently. */
    static void editRows(Path file, java.util.function.Consumer<String[]> edit) throws IOException {
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            edit.accept(cells);
            lines.set(i, String.join(",", cells));
        }
        Files.write(file, lines);
    }

    static Stream<Arguments> resealedEdits() {
        return Stream.of(
                // every observer's answer made right, its 'correct' cell with it: recognition 1 everywhere
                Arguments.of("answers-turned-right", (Tamper) d -> editRows(d.resolve(ResultFiles.RECOGNITION_CSV),
                        c -> {
                            c[5] = c[3];
                            c[6] = "true";
                        }), "recognition.csv: "),
                // a statistic nudged, its verdict cells left as they were
                Arguments.of("statistic-nudged", (Tamper) d -> editRows(d.resolve(ResultFiles.METAMERS_CSV), c -> {
                    c[13] = Double.toString(Double.parseDouble(c[13]) * 0.999); // spearman
                }), "metamers.csv: mlp x final "),
                // a panel observer's answers removed from both tables (as if it had never observed)
                Arguments.of("observer-dropped", (Tamper) d -> {
                    for (String t : List.of(ResultFiles.NATURAL_CSV, ResultFiles.RECOGNITION_CSV)) {
                        Path file = d.resolve(t);
                        Files.write(file, Files.readAllLines(file).stream().filter(l -> !l.contains(",cnn-s1,")
                                && !l.startsWith("cnn-s1,")).toList());
                    }
                }, "cnn-s1 on "),
                // a natural answer changed, its 'correct' cell with it
                Arguments.of("natural-answer-changed", (Tamper) d -> editRows(d.resolve(ResultFiles.NATURAL_CSV), c -> {
                    c[3] = Integer.toString((Integer.parseInt(c[3]) + 1) % 10);
                    c[4] = Boolean.toString(c[3].equals(c[2]));
                }), "natural.csv: "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resealedEdits")
    void anEditWithItsSealRecomputedIsFoundByVerification(String name, Tamper tamper, String finding)
            throws IOException {
        Path d = copy(name);
        tamper.apply(d);
        ResultFiles.seal(d); // whoever can edit the folder can seal it again
        Object[] trusting = ZooVariant.capture(() -> Main.execute("leaderboard", "build", "--no-verify", "--results",
                d.toString(), "--out", tmp.resolve("site-trusting-" + name).toString()));
        assertEquals(0, trusting[0], "the seal alone does not see it: " + trusting[1]);
        Object[] r = ZooVariant.capture(() -> Main.execute("leaderboard", "build", "--results", d.toString(), "--out",
                tmp.resolve("site-verified-" + name).toString()));
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("refused by --verify") && ((String) r[1]).contains(finding),
                (String) r[1]);
        assertFalse(Files.exists(tmp.resolve("site-verified-" + name)));
    }

    @Test
    void theRunAsItWasWrittenIsVerified() throws IOException {
        var v = org.metamerbench.runner.engine.RunVerification.verify(run,
                org.metamerbench.runner.engine.ModelRegistry.discover(getClass().getClassLoader(), null), m -> { });
        assertTrue(v.agrees(), v.findings().toString());
        assertEquals(10, v.metamers());
        assertEquals(10 * 2 + 10 * 2, v.answers(), "2 observers on 10 natural stimuli and on 10 metamers");
    }
}
