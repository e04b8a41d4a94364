package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.results.ResultFiles;

/**
 * Graph runs on the leaderboard and at the gate, through the commands a maintainer runs: {@code leaderboard build}
 * verifies a graph run from its stored graphs and ranks it on a board of its own with the graph table;
 * a folder edited and sealed again is refused; {@code baseline} and {@code gate} pass the run against itself and fail
 * a candidate that lacks a stage the baseline has; structure and feature metamers are never compared.
 */
class GraphLeaderboardTest {
    @TempDir
    static Path tmp;
    static Path results;

    private static Object[] graphRun(String runId, String stages, String kind) {
        return ZooVariant.capture(() -> Main.execute("run", "--profile", "graph", "--models", "gcn-s1,sage",
                "--stages", stages, "--stimuli", "7", "--schedule-stages", "2", "--steps", "5", "--bootstrap", "50",
                "--graph-kind", kind, "--out", results.toString(), "--run-id", runId));
    }

    @BeforeAll
    static void runs() {
        results = tmp.resolve("results");
        for (String[] r : new String[][] {{"base", "layer1,final", "structure"}, {"less", "layer1", "structure"},
            {"features", "layer1", "features"}}) {
            Object[] ran = graphRun(r[0], r[1], r[2]);
            assertEquals(0, ran[0], (String) ran[1]);
        }
    }

    @Test
    void aGraphRunIsVerifiedAndGetsABoardWithTheGraphTable() throws IOException {
        Path site = tmp.resolve("site");
        Object[] ran = ZooVariant.capture(() -> Main.execute("leaderboard", "build", "--results",
                results.resolve("base").toString(), "--out", site.toString()));
        assertEquals(0, ran[0], (String) ran[1]);
        String printed = (String) ran[1];
        assertTrue(printed.contains("verified ") && printed.contains("28 metamers judged"), printed);
        assertTrue(printed.contains("== graphs: cora"), printed);
        String index = Files.readString(site.resolve("index.html"));
        assertTrue(index.contains("id=\"graph-measures\"") && index.contains("People do not judge graphs"), index);
        List<String> csv = Files.readAllLines(site.resolve("graph_measures.csv"));
        assertEquals(1 + 2 * 2, csv.size(), "a row per model and stage: " + csv);
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("gcn-s1,final,7,")), csv.toString());
        assertTrue(Files.isRegularFile(site.resolve("models").resolve("gcn-s1").resolve("gcn-s1-metamers.png")),
                "the model page draws its metamer graphs");
    }

    @Test
    void anEditedGraphRunIsRefusedByTheLeaderboard() throws IOException {
        Path copy = tmp.resolve("edited").resolve("base");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(results.resolve("base"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path csv = copy.resolve(ResultFiles.RECOGNITION_CSV);
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        String[] cells = lines.get(1).split(",", -1);
        int column = List.of(lines.get(0).split(",")).indexOf("predicted");
        assertTrue(column >= 0, lines.get(0));
        cells[column] = Integer.toString((Integer.parseInt(cells[column]) + 1) % 7); // another answer
        lines.set(1, String.join(",", cells));
        Files.write(csv, lines);
        ResultFiles.seal(copy);
        Object[] ran = ZooVariant.capture(() -> Main.execute("leaderboard", "build", "--results", copy.toString(),
                "--out", tmp.resolve("site-edited").toString()));
        assertTrue((int) ran[0] != 0, (String) ran[1]);
        assertTrue(((String) ran[1]).contains("refused by --verify") && ((String) ran[1]).contains("recognition.csv"),
                (String) ran[1]);
        assertTrue(!Files.exists(tmp.resolve("site-edited").resolve("index.html")));
    }

    @Test
    void theGateComparesGraphRuns() {
        Path baseline = tmp.resolve("baseline.json");
        Object[] made = ZooVariant.capture(() -> Main.execute("baseline", "--out", baseline.toString(),
                results.resolve("base").toString()));
        assertEquals(0, made[0], (String) made[1]);
        Object[] same = ZooVariant.capture(() -> Main.execute("gate", "--baseline", baseline.toString(),
                "--candidate", results.resolve("base").toString()));
        assertEquals(0, same[0], (String) same[1]);
        assertTrue(((String) same[1]).contains("0 failed: PASS"), (String) same[1]);
        Object[] less = ZooVariant.capture(() -> Main.execute("gate", "--baseline", baseline.toString(),
                "--candidate", results.resolve("less").toString()));
        assertEquals(1, less[0], (String) less[1]);
        assertTrue(((String) less[1]).contains("final") && ((String) less[1]).contains("no metamers of this stage"),
                (String) less[1]);
    }

    @Test
    void structureAndFeatureMetamersAreNeverComparedOrRankedTogether() {
        Path baseline = tmp.resolve("baseline-structure.json");
        Object[] made = ZooVariant.capture(() -> Main.execute("baseline", "--out", baseline.toString(),
                results.resolve("less").toString()));
        assertEquals(0, made[0], (String) made[1]);
        Object[] gate = ZooVariant.capture(() -> Main.execute("gate", "--baseline", baseline.toString(),
                "--candidate", results.resolve("features").toString()));
        assertEquals(2, gate[0], (String) gate[1]);
        assertTrue(((String) gate[1]).contains("graphs: features metamers"), (String) gate[1]);
        Object[] board = ZooVariant.capture(() -> Main.execute("leaderboard", "build", "--no-verify", "--results",
                results.resolve("less").toString(), results.resolve("features").toString(), "--out",
                tmp.resolve("site-mixed").toString()));
        assertTrue((int) board[0] != 0 && ((String) board[1]).contains("mix protocols"), (String) board[1]);
    }
}
