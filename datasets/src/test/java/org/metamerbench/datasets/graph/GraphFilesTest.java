package org.metamerbench.datasets.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.datasets.csv.InvalidDataException;

class GraphFilesTest {
    @TempDir
    Path tmp;

    @Test
    void theBuiltInCoraHasThePublishedSizesAndSplit() throws IOException {
        Graph g = GraphSets.loadBuiltin(GraphSets.CORA).graph();
        // as the Planetoid README gives them: 2,708 nodes, 5,278 edges, 1,433 binary features, 49,216 non-zeros
        assertEquals(2708, g.nodeCount());
        assertEquals(5278, g.edgeCount());
        assertEquals(1433, g.featureCount());
        assertEquals(49216, g.nonZeroFeatures());
        assertTrue(g.binary());
        assertEquals(7, g.classCount());
        assertEquals(140, g.nodesOf(Graph.Split.TRAIN).length);
        assertEquals(500, g.nodesOf(Graph.Split.VAL).length);
        assertEquals(1000, g.nodesOf(Graph.Split.TEST).length);
        assertEquals(1068, g.nodesOf(Graph.Split.NONE).length);
        for (int c = 0; c < 7; c++) {
            int cls = c;
            assertEquals(20, java.util.Arrays.stream(g.nodesOf(Graph.Split.TRAIN)).filter(v -> g.label(v) == cls)
                    .count(), "Planetoid trains on 20 nodes per class");
        }
        for (int v = 0; v < g.nodeCount(); v++) {
            for (int u : g.neighbours(v)) {
                assertTrue(g.hasEdge(u, v), "symmetric");
                assertTrue(u != v, "no self-loop");
            }
        }
    }

    @Test
    void aGraphWrittenAndReadAgainIsTheSameBytes() throws IOException {
        Graph g = Csbm.generate(Csbm.Params.coraLike(300), 4);
        GraphFiles.write(tmp, tmp, g);
        Map<String, byte[]> again = GraphFiles.canonical(GraphFiles.read(tmp));
        GraphFiles.canonical(g).forEach((f, b) -> assertArrayEquals(b, again.get(f), f));
        // real-valued features keep their values exactly
        Graph real = Csbm.generate(new Csbm.Params(60, 3, 9, 3, 0.8, false, 0.1, 0.5, 5, 10, 20), 2);
        Path dir = Files.createDirectories(tmp.resolve("real"));
        GraphFiles.write(tmp, dir, real);
        Graph back = GraphFiles.read(dir);
        for (int v = 0; v < real.nodeCount(); v++) {
            assertArrayEquals(real.features(v), back.features(v));
        }
    }

    @Test
    void everyProblemOfTheThreeFilesIsNamedWithItsFileLineAndColumn() throws IOException {
        Files.writeString(tmp.resolve(GraphFiles.NODES), "node,label,split\n0,1,train\n2,0,test\n2,x,val\n3,0,later\n");
        Files.writeString(tmp.resolve(GraphFiles.EDGES), "source,target\n0,1\n");
        Files.writeString(tmp.resolve(GraphFiles.FEATURES), "node,feature,value\n0,1,1\n");
        InvalidDataException bad = assertThrows(InvalidDataException.class, () -> GraphFiles.read(tmp));
        assertEquals(3, bad.problems().size(), "the nodes' problems first: the rest is checked against them");
        Files.writeString(tmp.resolve(GraphFiles.NODES), "node,label,split\n0,1,train\n1,0,test\n2,,val\n3,0,none\n");
        Files.writeString(tmp.resolve(GraphFiles.EDGES), "source,target\n0,1\n1,0\n2,2\n0,9\n");
        Files.writeString(tmp.resolve(GraphFiles.FEATURES), "node,feature,value\n0,1,1\n0,1,1\n1,2,NaN\n7,0,1\n");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> GraphFiles.read(tmp));
        String m = e.getMessage();
        Path n = tmp.resolve(GraphFiles.NODES);
        Path ed = tmp.resolve(GraphFiles.EDGES);
        Path f = tmp.resolve(GraphFiles.FEATURES);
        for (String expected : List.of(ed + ":3:2: target: the edge 0-1 is listed "
                + "before, on line 2", ed + ":4:2: target: a self-loop", ed + ":5:2: target: 9 is not a node of "
                + "nodes.csv (0..3)", f + ":3:2: feature: node 0, feature 1 is given before, on line 2",
                f + ":4:3: value: 'NaN' is not a decimal number", f + ":5:1: node: 7 is not a node of nodes.csv")) {
            assertTrue(e.problems().stream().anyMatch(p -> p.toString().startsWith(expected)), expected + "\nin\n" + m);
        }
        assertEquals(6, e.problems().size(), m);
        for (String expected : List.of(n + ":3:1: node: expected 1, found 2", n + ":4:2: label: 'x' is not an integer",
                n + ":5:3: split: 'later' is not train, val, test or none")) {
            assertTrue(bad.problems().stream().anyMatch(p -> p.toString().startsWith(expected)), expected + "\nin\n"
                    + bad.getMessage());
        }
    }

    @Test
    void aMissingFileOrHeaderIsNamed() throws IOException {
        Files.writeString(tmp.resolve(GraphFiles.NODES), "id,label,split\n0,1,train\n");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> GraphFiles.read(tmp));
        assertTrue(e.getMessage().contains(tmp.resolve(GraphFiles.NODES) + ":1:1: header: expected column 'node', "
                + "found 'id'"), e.getMessage());
        Files.writeString(tmp.resolve(GraphFiles.NODES), "node,label,split\n0,1,train\n");
        Files.writeString(tmp.resolve(GraphFiles.EDGES), "source,destination\n");
        e = assertThrows(InvalidDataException.class, () -> GraphFiles.read(tmp));
        assertTrue(e.getMessage().contains(tmp.resolve(GraphFiles.EDGES) + ":1:2: header: expected column 'target'"),
                e.getMessage());
        assertTrue(e.getMessage().contains(tmp.resolve(GraphFiles.FEATURES) + ":0:0: no such file"), e.getMessage());
    }
}
