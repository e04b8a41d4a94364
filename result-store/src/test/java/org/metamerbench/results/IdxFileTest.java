package org.metamerbench.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
    @TempDir
    Path tmp;

    private static IdxFile sample() {
        byte[] data = new byte[3 * 2 * 2];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 20);
        }
        return new IdxFile(new int[] {3, 2, 2}, data);
    }

    @Test
    void roundTripsPlainAndGzip() throws IOException {
        IdxFile f = sample();
        Path plain = tmp.resolve("x-idx3-ubyte");
        Files.write(plain, f.encode());
        assertEquals(f, IdxFile.read(plain));
        Path gz = tmp.resolve("x-idx3-ubyte.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(f.encode());
        }
        assertEquals(f, IdxFile.read(gz));
    }

    @Test
    void itemsAreUnsigned() {
        IdxFile f = new IdxFile(new int[] {1, 2}, new byte[] {(byte) 200, 7});
        assertArrayEquals(new int[] {200, 7}, f.item(0));
    }

    @Test
    void truncatedFileIsRefusedByName() {
        byte[] bytes = sample().encode();
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        IOException e = assertThrows(IOException.class, () -> IdxFile.read(new ByteArrayInputStream(cut), "cut.idx"));
        assertTrue(e.getMessage().startsWith("cut.idx: truncated"), e.getMessage());
    }

    @Test
    void selectKeepsOrder() {
        IdxFile s = sample().select(new int[] {2, 0});
        assertEquals(2, s.count());
        assertArrayEquals(sample().item(2), s.item(0));
    }

    @Test
    void floatIdxRoundTrips() throws IOException {
        FloatIdx f = new FloatIdx(new int[] {2, 3}, new float[] {0.1f, -2f, 3.5f, Float.MIN_VALUE, 0f, 1e7f});
        Path p = tmp.resolve("m.idx");
        f.write(tmp, p);
        assertEquals(f, FloatIdx.read(p));
    }
}
