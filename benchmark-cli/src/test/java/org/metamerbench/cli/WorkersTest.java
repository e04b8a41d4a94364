package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.runner.RunTables;
import org.metamerbench.runner.engine.Machine;

/** `run --workers 2` (two worker processes, then the merge) gives the tables of the same run in one process. */
class WorkersTest {
    @TempDir
    Path tmp;

    List<String> run(String runId, String... extra) {
        List<String> a = new ArrayList<>(List.of("run", "--models", "mlp,cnn-s1", "--observers", "mlp,cnn-s1",
                "--stages", "fc1_relu,final", "--stimuli", "10", "--schedule-stages", "2", "--steps", "20",
                "--bootstrap", "50", "--no-cache", "--out", tmp.resolve("results").toString(), "--run-id", runId));
        a.addAll(List.of(extra));
        return a;
    }

    /** The printed table, from the observers' accuracy to the model scores' last line. */
    static String scoresPart(String output) {
        int from = output.indexOf("Natural-stimulus accuracy");
        int end = output.length();
        for (String next : new String[] {"results:", "report:", "note:", "warning:"}) {
            int at = output.indexOf(next, from);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return output.substring(from, end);
    }

    @Test
    void twoWorkersGiveTheOneProcessRunsTables() throws IOException {
        Object[] r = ZooVariant.capture(() -> Main.execute(run("one").toArray(String[]::new)));
        assertEquals(0, r[0], (String) r[1]);
        String oneTable = scoresPart((String) r[1]);
        // The workers get this process's engine thread count, so that the bits can be compared.
        r = ZooVariant.capture(() -> Main.execute(run("two", "--workers", "2", "--worker-threads",
                Integer.toString(Machine.engineThreads())).toArray(String[]::new)));
        assertEquals(0, r[0], (String) r[1]);
        // The merged run ends with the table a one-process run prints, from its stored results.
        String table = ((String) r[1]).substring(((String) r[1]).indexOf("Run two finished."));
        assertTrue(table.contains("cnn-s1         final"), table);
        assertTrue(table.contains("recognisability +- SE"), table);
        assertEquals(oneTable, scoresPart((String) r[1]));
        Path one = tmp.resolve("results/one");
        Path two = tmp.resolve("results/two");
        assertEquals("complete", RunResults.load(two).status());
        assertEquals(2, RunResults.load(two).record().mergedFrom().size());
        RunTables.assertSame(one, two);
        assertFalse(Files.exists(tmp.resolve("results/two-shard-1-of-2")), "the workers' folders are removed");
        // A plan this small is not worth measuring: auto runs it in one process, as the first run.
        r = ZooVariant.capture(() -> Main.execute(run("auto", "--workers", "auto").toArray(String[]::new)));
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("--workers auto: 1 (a small plan"), (String) r[1]);
        RunTables.assertSame(one, tmp.resolve("results/auto"));
    }
}
