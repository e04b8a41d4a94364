package org.metamerbench.runner.isolation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.zip.CRC32;

/**
 * The messages between the harness and a forked model ({@link ModelServer}) over the child's standard streams:
 * a frame is the magic {@code MBF1}, a JSON head, binary blobs (IDX arrays) and a CRC-32 of all after the magic,
 * each length a big-endian 32-bit integer. A reader skips whatever comes before a magic (a native library that
 * prints to standard output between frames) and refuses a frame whose lengths or checksum are wrong, so that a
 * damaged message is an error, never a wrong answer.
 */
final class Frames {
    static final int MAGIC = 0x4D424631; // "MBF1"
    /** The largest frame accepted: the arrays of one batch are far smaller. */
    static final int MAX_BYTES = Integer.MAX_VALUE - 64;
    static final ObjectMapper JSON = new ObjectMapper();

    /** A message: its head ({@code op} or {@code status} and the call's fields) and its arrays. */
    record Frame(ObjectNode head, List<byte[]> blobs) {
        Frame(ObjectNode head) {
            this(head, List.of());
        }
    }

    private Frames() {
    }

    /** Writes a frame in one write and flushes. */
    static void write(OutputStream out, Frame f) throws IOException {
        byte[] head = JSON.writeValueAsBytes(f.head());
        long size = 4L + head.length + 4;
        for (byte[] b : f.blobs()) {
            size += 4L + b.length;
        }
        if (size + 8 > MAX_BYTES) {
            throw new IOException("a frame of " + size + " bytes is too large");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size + 8);
        buf.putInt(MAGIC);
        buf.putInt(head.length).put(head);
        buf.putInt(f.blobs().size());
        for (byte[] b : f.blobs()) {
            buf.putInt(b.length).put(b);
        }
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 4, buf.position() - 4);
        buf.putInt((int) crc.getValue());
        out.write(buf.array(), 0, buf.position());
        out.flush();
    }

    /** The largest head a frame may have: the fields of a call or an answer are far smaller. */
    static final int MAX_HEAD_BYTES = 64 << 20;

    /** As {@link #read(InputStream, ByteArrayOutputStream, LongSupplier)}, for frames of any size. */
    static Frame read(InputStream stream, ByteArrayOutputStream noise) throws IOException {
        return read(stream, noise, () -> MAX_BYTES);
    }

    /**
     * Reads the next frame; null at the end of the stream. Bytes before a magic are passed to {@code noise} (at
     * most 64 KiB of them are kept) and skipped. A frame whose arrays claim more than {@code maxArrayBytes} (asked
     * once the frame's magic has come) in all is refused before anything is allocated for them: the other side is
     * not trusted to size this side's memory.
     */
    static Frame read(InputStream stream, ByteArrayOutputStream noise, LongSupplier maxArrayBytes)
            throws IOException {
        DataInputStream in = stream instanceof DataInputStream d ? d : new DataInputStream(stream);
        int window = 0;
        int seen = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (seen >= 4 && noise.size() < (1 << 16)) {
                noise.write(window >>> 24 & 0xff); // the oldest byte of the window leaves it: not a magic's
            }
            window = (window << 8) | b;
            seen++;
            if (seen >= 4 && window == MAGIC) {
                break;
            }
        }
        CRC32 crc = new CRC32();
        try {
            byte[] head = block(in, crc, "head", MAX_HEAD_BYTES);
            int count = readInt(in, crc);
            if (count < 0 || count > 4096) {
                throw new IOException("a frame with " + count + " arrays");
            }
            List<byte[]> blobs = new ArrayList<>(count);
            long left = maxArrayBytes.getAsLong();
            for (int i = 0; i < count; i++) {
                byte[] b = block(in, crc, "array " + i, left);
                left -= b.length;
                blobs.add(b);
            }
            int expected = in.readInt();
            if (expected != (int) crc.getValue()) {
                throw new IOException("a frame whose checksum does not match (damaged in transit)");
            }
            return new Frame((ObjectNode) JSON.readTree(head), blobs);
        } catch (EOFException e) {
            throw new IOException("a frame cut short (the other side ended while writing it)");
        } catch (ClassCastException e) {
            throw new IOException("a frame whose head is not a JSON object");
        }
    }

    private static byte[] block(DataInputStream in, CRC32 crc, String what, long max) throws IOException {
        int n = readInt(in, crc);
        if (n < 0 || n > max) {
            throw new IOException("a frame whose " + what + " claims " + n + " bytes (at most " + Math.max(0, max)
                    + " expected)");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        crc.update(b);
        return b;
    }

    private static int readInt(DataInputStream in, CRC32 crc) throws IOException {
        int v = in.readInt();
        crc.update(ByteBuffer.allocate(4).putInt(v).array());
        return v;
    }
}
