package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.metamerbench.reports.HtmlReport;
import org.metamerbench.results.CsvTable;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.runner.engine.BenchmarkRun;
import org.metamerbench.runner.engine.ModelRegistry;
import org.metamerbench.runner.engine.RunConfig;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.zoo.ZooProvider;

/** A run in which no metamer of a stage passes still gets its report, which says why the score is absent. */
class UnrankedReportTest {
    @TempDir
    Path out;

    @Test
    void aReportIsBuiltForARunWhereNoMetamerOfAStagePasses() throws IOException {
        // One step from noise: nothing is close enough to its reference to pass.
        ModelRegistry registry = ModelRegistry.of(new ZooProvider());
        RunConfig cfg = new RunConfig("test", List.of("mlp"), List.of("mlp", "cnn-s1"), List.of("fc1_relu", "final"),
                "fashion-mnist-test-100", 10, "fashion-mnist-train-2000", 1, 1, true, false, 1, 100, 1.0, 20, out,
                "nothing", false);
        BenchmarkRun.Outcome o = BenchmarkRun.execute(cfg, registry, new BenchmarkRun.Listener() { });
        RunResults r = RunResults.load(o.runDir());
        assertEquals(0, r.metamers().stream().filter(m -> m.accepted()).count());
        assertFalse(o.modelScores().get(0).ranked());
        HtmlReport.Built report = HtmlReport.write(r, null);
        String html = Files.readString(report.html());
        assertTrue(html.contains("missing: no metamer of a late stage was accepted"), "the matrix says why it is absent");
        assertTrue(html.contains("unranked: 0 of 10 stimuli have an accepted metamer at final"), "the reason");
        List<CsvTable.Row> scores = CsvTable.read(o.runDir().resolve(ResultFiles.SCORES_CSV),
                org.metamerbench.scoring.StageScore.HEADER);
        assertEquals("", scores.get(0).get("cross_recognisability"), "missing is an empty cell, never 0");
        assertEquals("false", scores.get(0).get("scored"));
    }
}
