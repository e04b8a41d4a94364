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

/** The one IDX codec and its typed views (unsigned bytes, float32). */
class IdxTest {
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

    @Test
    void everyElementTypeHasOneHeaderLayout() throws IOException {
        byte[] u8 = new IdxFile(new int[] {2, 1}, new byte[] {1, 2}).encode();
        byte[] f32 = new FloatIdx(new int[] {2, 1}, new float[] {1f, 2f}).encode();
        java.nio.ByteBuffer i16 = Idx.allocate(Idx.Type.INT16, new int[] {2, 1});
        i16.asShortBuffer().put(new short[] {-32768, 32767});
        for (byte[] b : new byte[][] {u8, f32, i16.array()}) {
            assertEquals(0, b[0]);
            assertEquals(0, b[1]);
            assertEquals(2, b[3], "rank");
            assertEquals(2, java.nio.ByteBuffer.wrap(b).getInt(4), "first dimension, big-endian");
        }
        assertEquals(0x08, u8[2]);
        assertEquals(0x0B, i16.array()[2]);
        assertEquals(0x0D, f32[2]);
        Idx.Array a = Idx.read(i16.array(), "pcm.idx");
        assertEquals(Idx.Type.INT16, a.type());
        assertEquals(-32768, a.buffer().getShort(0));
        assertEquals(32767, a.buffer().getShort(2));
    }

    @Test
    void aFileOfAnotherTypeOrShapeIsRefusedByName() {
        byte[] u8 = sample().encode();
        IOException type = assertThrows(IOException.class, () -> FloatIdx.decode(u8, "m.idx"));
        assertEquals("m.idx: IDX elements are unsigned byte (0x08), float32 (0x0D) expected", type.getMessage());
        byte[] unknown = u8.clone();
        unknown[2] = 0x0C;
        IOException u = assertThrows(IOException.class, () -> Idx.read(unknown, "x.idx"));
        assertTrue(u.getMessage().startsWith("x.idx: IDX element type 0xc is not one of"), u.getMessage());
        byte[] longer = java.util.Arrays.copyOf(u8, u8.length + 1);
        IOException t = assertThrows(IOException.class, () -> Idx.read(longer, "y.idx"));
        assertEquals("y.idx: trailing bytes after the 12 data bytes", t.getMessage());
        byte[] negative = u8.clone();
        java.nio.ByteBuffer.wrap(negative).putInt(4, -3);
        IOException n = assertThrows(IOException.class, () -> Idx.read(negative, "z.idx"));
        assertEquals("z.idx: negative IDX dimension -3", n.getMessage());
        IOException h = assertThrows(IOException.class, () -> Idx.read(java.util.Arrays.copyOf(u8, 6), "h.idx"));
        assertEquals("h.idx: the IDX header is cut short", h.getMessage());
    }
}
