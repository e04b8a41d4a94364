package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.results.FloatIdx;
import org.metamerbench.datasets.GrayPng;
import org.metamerbench.results.CsvTable;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.NaturalRow;
import org.metamerbench.results.RecognitionRow;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.scoring.StageScore;
import org.metamerbench.cli.Main;

/** The command line end to end on a few stimuli, and the files it writes. */
class EndToEndTest {
    @TempDir
    Path out;

    private int run(String runId) {
        return Main.execute("run", "--models", "cnn-s1,mlp", "--observers", "cnn-s1,mlp,cnn-s2",
                "--stages", "conv1_relu,fc1_relu,final", "--stimuli", "10", "--schedule-stages", "2", "--steps", "10",
                "--bootstrap", "50", "--out", out.toString(), "--run-id", runId);
    }

    @Test
    void aRunWritesACompleteResultFolderAndARerunReusesTheCache() throws IOException {
        assertEquals(0, run("first"));
        Path dir = out.resolve("first");

        JsonNode runJson = new ObjectMapper().readTree(dir.resolve(ResultFiles.RUN_JSON).toFile());
        assertEquals("complete", runJson.get("status").asText());
        assertEquals(64, runJson.at("/stimulus_set/sha256").asText().length());
        assertEquals(10, runJson.at("/stimulus_set/used").asInt());
        assertEquals(3, runJson.get("models").size());
        assertEquals(20, runJson.at("/config/total_steps").asInt());
        assertTrue(runJson.at("/config/fake_relu").asBoolean());
        assertEquals("adaptive", runJson.at("/config/stopping/rule").asText(), "the profile's default rule");
        assertEquals(5, runJson.get("jobs").size(), "cnn-s1 x 3 stages + mlp x 2 stages (mlp has no conv1_relu)");
        for (JsonNode j : runJson.get("jobs")) {
            assertEquals("ok", j.get("status").asText(), j.toString());
            assertTrue(!j.get("from_cache").asBoolean());
        }
        assertTrue(runJson.at("/machine/cores").asInt() >= 1);

        List<CsvTable.Row> metamers = CsvTable.read(dir.resolve(ResultFiles.METAMERS_CSV), MetamerRow.HEADER);
        assertEquals(50, metamers.size());
        List<CsvTable.Row> recognition = CsvTable.read(dir.resolve(ResultFiles.RECOGNITION_CSV), RecognitionRow.HEADER);
        assertEquals(50 * 3, recognition.size());
        assertEquals(30, CsvTable.read(dir.resolve(ResultFiles.NATURAL_CSV), NaturalRow.HEADER).size());
        List<CsvTable.Row> scores = CsvTable.read(dir.resolve(ResultFiles.SCORES_CSV), StageScore.HEADER);
        assertEquals(5, scores.size());
        for (CsvTable.Row r : metamers) {
            MetamerRow m = MetamerRow.from(r);
            // The quick profile's adaptive rule: at most the budget, ended for a stated reason.
            assertTrue(m.steps() >= 1 && m.steps() <= 20, "steps " + m.steps());
            assertTrue(java.util.List.of("accepted", "plateau", "budget").contains(m.stopped()), m.stopped());
            assertEquals(m.accepted(), m.classMatch() && m.passesSpearman() && m.passesPearson() && m.passesSnr(),
                    "accepted is exactly both criteria");
            assertTrue(m.finalLoss() >= 0 && Double.isFinite(m.finalLoss()));
            Path png = ResultFiles.metamerImage(dir, m.generator(), m.stage(), m.stimulusId());
            assertEquals(784, GrayPng.read(png).length, png.toString());
            assertTrue(Files.isRegularFile(ResultFiles.referenceImage(dir, m.stimulusId())));
        }
        FloatIdx arr = FloatIdx.read(ResultFiles.metamerArray(dir, "cnn-s1", "fc1_relu"));
        assertEquals(List.of(10, 1, 28, 28), java.util.Arrays.stream(arr.dims()).boxed().toList());
        List<String> curve = Files.readAllLines(dir.resolve(ResultFiles.LOSS_CURVES_CSV));
        assertTrue(curve.size() > 50, "a loss curve per metamer");
        assertTrue(Files.readAllLines(dir.resolve(ResultFiles.NULL_CSV)).size() == 1 + 5 * 3);
        assertTrue(Files.readString(dir.resolve("report.html")).contains("data:image/png;base64,"),
                "run ends by writing its report");
        JsonNode classes = runJson.at("/stimulus_set/class_labels");
        assertEquals(10, classes.size());
        assertEquals("Ankle boot", classes.get(9).asText());

        // A second run with the same inputs reuses every synthesis job and gets identical metamers.
        assertEquals(0, run("second"));
        JsonNode second = new ObjectMapper().readTree(out.resolve("second").resolve(ResultFiles.RUN_JSON).toFile());
        for (JsonNode j : second.get("jobs")) {
            assertTrue(j.get("from_cache").asBoolean(), j.toString());
        }
        assertEquals(Files.readString(dir.resolve(ResultFiles.RECOGNITION_CSV)),
                Files.readString(out.resolve("second").resolve(ResultFiles.RECOGNITION_CSV)));
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void anExistingRunFolderIsNeverOverwritten() throws IOException {
        Path dir = out.resolve("taken");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("keep.txt"), "precious");
        assertEquals(2, run("taken"));
        assertEquals("precious", Files.readString(dir.resolve("keep.txt")));
    }
}
