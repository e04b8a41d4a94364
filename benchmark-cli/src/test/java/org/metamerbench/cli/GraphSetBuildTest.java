package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.datasets.graph.Csbm;
import org.metamerbench.datasets.graph.GraphFiles;
import org.metamerbench.datasets.graph.GraphSets;
import org.metamerbench.datasets.graph.GraphStimulusSet;

/** `datasets build --graph`: a lab's graph files become a graph stimulus set; bad files are refused, nothing written. */
class GraphSetBuildTest {
    @TempDir
    Path tmp;

    @Test
    void aLabsGraphFilesBecomeASetAndBadFilesAreRefusedWithNothingWritten() throws IOException {
        Path lab = Files.createDirectories(tmp.resolve("lab"));
        GraphFiles.write(tmp, lab, Csbm.generate(Csbm.Params.coraLike(300), 9));
        Path out = tmp.resolve("sets");
        Object[] r = ZooVariant.capture(() -> Main.execute("datasets", "build", "--graph", lab.toString(), "--name",
                "lab-graph", "--per-class", "4", "--out", out.toString()));
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("lab-graph: a graph of 300 nodes"), (String) r[1]);
        GraphStimulusSet set = GraphSets.load(out.resolve("lab-graph"));
        assertEquals(28, set.stimuli().size(), "4 per class, 7 classes");
        r = ZooVariant.capture(() -> Main.execute("datasets", "verify", out.resolve("lab-graph").toString()));
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("graph set, 28 stimuli") && ((String) r[1]).contains("OK"), (String) r[1]);
        r = ZooVariant.capture(() -> Main.execute("datasets", "verify", GraphSets.CORA));
        assertEquals(0, r[0], (String) r[1]);

        // a broken edge file: refused with file:line:column, and neither the set nor a staging folder is written
        Files.writeString(lab.resolve(GraphFiles.EDGES), Files.readString(lab.resolve(GraphFiles.EDGES))
                + "5,5\n4,x\n");
        long lines = Files.readAllLines(lab.resolve(GraphFiles.EDGES)).size();
        r = ZooVariant.capture(() -> Main.execute("datasets", "build", "--graph", lab.toString(), "--name", "broken",
                "--out", out.toString()));
        assertEquals(2, r[0], (String) r[1]);
        String err = (String) r[1];
        assertTrue(err.contains(lab.resolve(GraphFiles.EDGES) + ":" + (lines - 1) + ":2: target: a self-loop"), err);
        assertTrue(err.contains(lab.resolve(GraphFiles.EDGES) + ":" + lines + ":2: target: 'x' is not an integer"),
                err);
        assertFalse(Files.exists(out.resolve("broken")));
        try (var s = Files.list(out)) {
            assertEquals(1, s.count(), "only the set built before: " + out);
        }
    }
}
