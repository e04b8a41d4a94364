package org.metamerbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
    @TempDir
    Path tmp;

    @Test
    void metamerRowsRoundTrip() throws IOException {
        MetamerRow m = new MetamerRow("cnn", "abc", "fc1_relu", "test-00001", 3, 42L, 100, "budget", 0.0123, 1.5, 3, 3,
                0.99, 0.995, 25.0, 0.98, 0.97, 12.0, true);
        Path f = tmp.resolve("metamers.csv");
        CsvTable.write(f.getParent(), f, MetamerRow.HEADER, List.of(m.toRow()));
        List<CsvTable.Row> rows = CsvTable.read(f, MetamerRow.HEADER);
        assertEquals(m, MetamerRow.from(rows.get(0)));
    }

    @Test
    void aBadCellIsReportedWithFileLineAndColumn() throws IOException {
        Path f = tmp.resolve("natural.csv");
        Files.writeString(f, "observer,stimulus,label,predicted,correct\ncnn,test-1,3,3,true\ncnn,test-2,x,3,false\n");
        List<CsvTable.Row> rows = CsvTable.read(f, NaturalRow.HEADER);
        NaturalRow.from(rows.get(0));
        IOException e = assertThrows(IOException.class, () -> NaturalRow.from(rows.get(1)));
        assertTrue(e.getMessage().startsWith(f + ":3:3 (label)"), e.getMessage());
    }

    @Test
    void aWrongHeaderIsRefused() throws IOException {
        Path f = tmp.resolve("natural.csv");
        Files.writeString(f, "observer,stimulus,label\n");
        IOException e = assertThrows(IOException.class, () -> CsvTable.read(f, NaturalRow.HEADER));
        assertTrue(e.getMessage().contains(f + ":1"), e.getMessage());
    }

    @Test
    void aFailedWriteLeavesThePreviousFileIntact() throws IOException {
        Path f = tmp.resolve("natural.csv");
        CsvTable.write(f.getParent(), f, NaturalRow.HEADER, List.of(new NaturalRow("a", "s", 1, 1).toRow()));
        String before = Files.readString(f);
        assertThrows(IllegalArgumentException.class,
                () -> CsvTable.write(f.getParent(), f, NaturalRow.HEADER, List.of(List.of("too", "short"))));
        assertEquals(before, Files.readString(f));
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary file is left behind");
        }
    }
}
