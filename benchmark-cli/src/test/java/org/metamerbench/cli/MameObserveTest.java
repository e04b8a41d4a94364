package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.results.CsvTable;
import org.metamerbench.space.ObserverFiles;

/**
 * {@code mame observe}, shortened: a zoo model answers MAME's procedure at one stage of the adversarially trained CNN;
 * thresholds.csv has a row per condition with its interval and control, trials.csv every trial, mame.json the
 * settings, the deviations and that this is no human data; a folder it did not write is left alone; the latency table
 * has its columns (what it measures is timed by the command, never asserted here).
 */
class MameObserveTest {
    static Object[] observe(Path out) {
        return ZooVariant.capture(() -> Main.execute("mame", "observe", "--observer", "cnn-s1", "--stages",
                "conv1_relu", "--pool-size", "150", "--reversals", "2", "--max-trials", "12", "--controls", "1",
                "--bootstrap", "50", "--out", out.toString()));
    }

    @Test
    void aModelObserversThresholdsAreWrittenPerCondition(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("obs");
        Object[] ran = observe(out);
        assertEquals(0, ran[0], (String) ran[1]);
        List<CsvTable.Row> rows = CsvTable.read(out.resolve(ObserverFiles.THRESHOLDS_CSV),
                ObserverFiles.THRESHOLDS_HEADER);
        assertEquals(6, rows.size(), "3 components x 2 signs at one stage");
        int trials = 0;
        for (CsvTable.Row r : rows) {
            double t = r.getDouble("threshold");
            assertTrue(t > 0 && r.getDouble("ci_low") <= t && t <= r.getDouble("ci_high"), r.record().toString());
            double ssim = r.getDouble("ssim");
            assertTrue(ssim > 0 && ssim <= 1, "SSIM " + ssim);
            assertTrue(r.getDouble("rms_contrast") > 0);
            trials += (int) r.getLong("trials");
        }
        assertEquals(trials, CsvTable.read(out.resolve(ObserverFiles.TRIALS_CSV), ObserverFiles.TRIALS_HEADER)
                .size(), "every trial is in trials.csv");
        JsonNode rec = new ObjectMapper().readTree(out.resolve(ObserverFiles.RECORD_JSON).toFile());
        assertFalse(rec.path("human_data").asBoolean(true), "a model observer is never human data");
        assertEquals("cnn-s1", rec.path("observer").path("id").asText());
        assertEquals("fc1_relu", rec.path("observer").path("stage").asText(), "the stage before the logits");
        assertTrue(rec.path("deviations").size() >= 5);
        String html = Files.readString(out.resolve(org.metamerbench.reports.MameReport.HTML));
        assertTrue(html.contains("Not human data") && html.contains("id=\"mame-conditions\""), "the report");
        assertTrue(html.contains("Ordering by the RMS contrast of the change at threshold: conv1_relu ("), html);
        assertTrue(Files.isRegularFile(out.resolve("charts").resolve("thresholds.png")));

        // a model observer's answers cannot become people's: mame analyse reads only an experiment's answers.csv
        Object[] analysed = ZooVariant.capture(() -> Main.execute("mame", "analyse", out.toString(), "--out",
                tmp.resolve("people").toString()));
        assertNotEquals(0, analysed[0]);
        assertTrue(((String) analysed[1]).contains(out.resolve("experiment.json").toString()), (String) analysed[1]);
        assertFalse(Files.exists(tmp.resolve("people")));
    }

    @Test
    void aFolderItDidNotWriteIsLeftAloneAndAnUnknownModelIsNamed(@TempDir Path tmp) throws IOException {
        Path out = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(out.resolve("notes.txt"), "kept");
        Object[] ran = observe(out);
        assertTrue((int) ran[0] != 0, (String) ran[1]);
        assertEquals("kept", Files.readString(out.resolve("notes.txt")));
        Object[] unknown = ZooVariant.capture(() -> Main.execute("mame", "observe", "--observer", "nobody", "--out",
                tmp.resolve("x").toString()));
        assertTrue((int) unknown[0] != 0 && ((String) unknown[1]).contains("'nobody'"), (String) unknown[1]);
    }

    @Test
    void theLatencyTablePrintsARowPerStage() {
        Object[] ran = ZooVariant.capture(() -> Main.execute("mame", "latency", "--stages", "conv1_relu", "--pool-size",
                "150", "--images", "3", "--runs", "1"));
        assertEquals(0, ran[0], (String) ran[1]);
        String printed = (String) ran[1];
        assertTrue(printed.contains("p50 ms") && printed.contains("p95 ms") && printed.contains("VJP ms"), printed);
        assertTrue(printed.lines().anyMatch(l -> l.startsWith("conv1_relu ") && l.trim().split("\\s+").length == 8),
                printed);
    }
}
