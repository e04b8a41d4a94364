package org.metamerbench.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredGraphTest {
    @TempDir
    Path dir;

    /** A random graph: binary or real features, a symmetric 0/1 adjacency with a zero diagonal. */
    private static StoredGraph random(int n, int f, boolean binary, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[n * f];
        for (int i = 0; i < x.length; i++) {
            x[i] = binary ? (rnd.nextDouble() < 0.2 ? 1f : 0f) : (float) rnd.nextGaussian();
        }
        float[] a = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (rnd.nextDouble() < 0.3) {
                    a[i * n + j] = 1f;
                    a[j * n + i] = 1f;
                }
            }
        }
        return new StoredGraph(n, f, x, a);
    }

    @Test
    void referencesAndMetamersComeBackBitForBit() throws IOException {
        StoredGraph ref = random(9, 30, true, 1);
        StoredGraph met = random(9, 30, true, 2);
        StoredGraph real = random(4, 5, false, 3);
        List<List<Object>> rows = new ArrayList<>(ref.rows(StoredGraph.Key.reference("n1"), true));
        rows.addAll(met.rows(StoredGraph.Key.metamer("gcn", "final", "n1"), true));
        rows.addAll(real.rows(StoredGraph.Key.metamer("gcn", "layer1", "n2"), false));
        CsvTable.write(dir, dir.resolve(GraphTables.GRAPHS_CSV), GraphTables.GRAPHS_HEADER, rows);

        Map<StoredGraph.Key, StoredGraph> back = StoredGraph.read(dir);
        assertEquals(3, back.size());
        StoredGraph r = back.get(StoredGraph.Key.reference("n1"));
        assertArrayEquals(ref.features(), r.features());
        assertArrayEquals(ref.adjacency(), r.adjacency());
        assertArrayEquals(met.adjacency(), back.get(StoredGraph.Key.metamer("gcn", "final", "n1")).adjacency());
        assertArrayEquals(real.features(), back.get(StoredGraph.Key.metamer("gcn", "layer1", "n2")).features());
        assertEquals(ref.edges().size(), r.edges().size());

        Map<StoredGraph.Key, StoredGraph> some = StoredGraph.read(dir, k -> k.graph().equals(StoredGraph.REFERENCE));
        assertEquals(List.of(StoredGraph.Key.reference("n1")), List.copyOf(some.keySet()));
    }

    @Test
    void aNonBinaryFeatureIsRefusedWhenStoredAsBinary() {
        StoredGraph g = random(3, 4, false, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.rows(StoredGraph.Key.reference("n1"), true));
        assertTrue(e.getMessage().contains("not binary"), e.getMessage());
    }

    @Test
    void badRowsAreRefusedNamingTheLineAndColumn() throws IOException {
        StoredGraph g = random(3, 4, true, 5);
        CsvTable.write(dir, dir.resolve(GraphTables.GRAPHS_CSV), GraphTables.GRAPHS_HEADER,
                g.rows(StoredGraph.Key.reference("n1"), true));
        Path file = dir.resolve(GraphTables.GRAPHS_CSV);
        List<String> lines = Files.readAllLines(file);

        String[][] broken = {
            {"reference,,,n1,0,3,4,ones,9,", "features"},  // a feature index past the count
            {"reference,,,n1,0,3,4,ones,,0", "neighbours"}, // a neighbour of lower or equal index
            {"reference,,,n1,0,3,4,sparse,,", "encoding"},
            {"reference,,,n1,1,3,4,ones,,", "node"},         // node 0 missing
        };
        for (String[] b : broken) {
            List<String> copy = new ArrayList<>(lines);
            copy.set(1, b[0]);
            Files.write(file, copy);
            IOException e = assertThrows(IOException.class, () -> StoredGraph.read(dir), b[0]);
            assertTrue(e.getMessage().contains(GraphTables.GRAPHS_CSV + ":2") && e.getMessage().contains(b[1]),
                    e.getMessage());
        }
        Files.write(file, lines.subList(0, 3)); // the last node's row missing
        IOException e = assertThrows(IOException.class, () -> StoredGraph.read(dir));
        assertTrue(e.getMessage().contains("2 of its 3 nodes"), e.getMessage());
    }
}
