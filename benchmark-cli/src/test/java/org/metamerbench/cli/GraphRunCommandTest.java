package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.results.GraphTables;
import org.metamerbench.results.RunRecord;
import org.metamerbench.scoring.RunResults;

/** {@code run --profile graph}, shortened: the graph profile's set and models, the tables and what it prints. */
class GraphRunCommandTest {

    @Test
    void theGraphProfileRunsAndPrintsItsTables(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("results");
        Object[] ran = ZooVariant.capture(() -> Main.execute("run", "--profile", "graph", "--models", "gcn-s1,sage",
                "--stages", "layer1", "--stimuli", "7", "--schedule-stages", "2", "--steps", "5", "--graph-kind",
                "both", "--bootstrap", "50", "--out", out.toString(), "--run-id", "cora"));
        assertEquals(0, ran[0], (String) ran[1]);
        String printed = (String) ran[1];
        assertTrue(printed.contains("dim. share") && printed.contains("no human part"), printed);
        Path run = out.resolve("cora");
        RunResults results = RunResults.load(run).requireSealed();
        assertEquals("cora", results.stimulusSetName());
        assertEquals("graph", results.publishedModality());
        assertEquals(2 * 7, results.metamers().size());
        assertTrue(Files.isRegularFile(run.resolve(GraphTables.DRIFT_CSV)));
        assertTrue(Files.isRegularFile(run.resolve(GraphTables.DIMENSION_CSV)));
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("people do not judge graphs"), "the report says there is no human part");
        assertTrue(html.contains("id=\"graph-measures\""), "the report has the graph table");
        Path charts = run.resolve(org.metamerbench.reports.HtmlReport.CHARTS_DIR);
        for (String chart : new String[] {"gcn-s1-metamers", "sage-metamers", "graph-pass-rate", "graph-dimension"}) {
            assertTrue(Files.isRegularFile(charts.resolve(chart + ".png")), chart + " is drawn");
        }
        assertTrue(Files.isRegularFile(run.resolve(GraphTables.GRAPHS_CSV)), "the graphs are stored");
        RunRecord.GraphSettings g = RunRecord.read(run).config().graph();
        assertEquals("both", g.kind());
        assertEquals("normalised", g.loss());
    }

    @Test
    void aBadGraphOptionIsRefusedByName(@TempDir Path tmp) {
        Object[] ran = ZooVariant.capture(() -> Main.execute("run", "--profile", "graph", "--graph-kind", "edges",
                "--out", tmp.toString()));
        assertTrue((int) ran[0] != 0);
        assertTrue(((String) ran[1]).contains("'edges'"), (String) ran[1]);
    }
}
