package org.metamerbench.datasets.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphSetsTest {
    @TempDir
    Path tmp;

    @Test
    void theBuiltInCoraSetHasTenTestNodesPerClassAndTheTrainingSplitAsItsPool() throws IOException {
        GraphStimulusSet s = GraphSets.loadBuiltin(GraphSets.CORA);
        assertEquals(70, s.stimuli().size());
        assertEquals(140, s.nullPool().size());
        assertEquals(2, s.hops());
        int[] perClass = new int[7];
        for (GraphSetManifest.Node n : s.stimuli()) {
            assertEquals(Graph.Split.TEST, s.graph().split(n.node()));
            assertEquals(s.graph().label(n.node()), n.label());
            perClass[n.label()]++;
        }
        for (int c : perClass) {
            assertEquals(10, c);
        }
        for (GraphSetManifest.Node n : s.nullPool()) {
            assertEquals(Graph.Split.TRAIN, s.graph().split(n.node()));
        }
        Neighbourhood first = s.stimulus(0);
        assertEquals(s.stimuli().get(0).node(), first.centre());
        assertEquals(2, first.hops());
    }

    @Test
    void aBuiltSetLoadsBackAndAChangedByteIsRefused() throws IOException {
        Graph g = Csbm.generate(Csbm.Params.coraLike(400), 5);
        Path src = Files.createDirectories(tmp.resolve("src"));
        GraphFiles.write(tmp, src, g);
        Path out = Files.createDirectories(tmp.resolve("set"));
        GraphStimulusSet built = GraphSets.build(GraphFiles.read(src), src, out, "csbm", 2, 3, 11,
                Map.of("generator", "csbm"));
        GraphStimulusSet loaded = GraphSets.load(out);
        assertEquals(built.manifest(), loaded.manifest());
        assertEquals(21, loaded.stimuli().size(), "3 per class, 7 classes");
        Set<Integer> stimuli = new HashSet<>();
        loaded.stimuli().forEach(n -> stimuli.add(n.node()));
        assertEquals(21, stimuli.size(), "no node twice");
        assertTrue(GraphSets.isGraphSet(out.toString()));

        GraphStimulusSet again = GraphSets.build(g, src, Files.createDirectories(tmp.resolve("again")), "csbm", 2, 3,
                11, Map.of("generator", "csbm"));
        assertEquals(built.sha256(), again.sha256(), "the same graph and selection give the same set");
        GraphStimulusSet otherSeed = GraphSets.build(g, src, Files.createDirectories(tmp.resolve("seed")), "csbm", 2,
                3, 12, Map.of("generator", "csbm"));
        assertTrue(!built.sha256().equals(otherSeed.sha256()), "the selection is part of the set's hash");

        Path edges = out.resolve(GraphFiles.EDGES);
        String text = Files.readString(edges);
        Files.writeString(edges, text.replaceFirst("\n([0-9]+),([0-9]+)\n", "\n$1,$1\n"));
        IOException e = assertThrows(IOException.class, () -> GraphSets.load(out));
        assertTrue(e.getMessage().contains(edges.toString()) && e.getMessage().contains("does not match"),
                e.getMessage());
    }
}
