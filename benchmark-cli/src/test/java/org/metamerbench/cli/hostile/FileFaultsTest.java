package org.metamerbench.cli.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metamerbench.datasets.DatasetIntegrityException;
import org.metamerbench.datasets.GrayPng;
import org.metamerbench.datasets.folder.ImageFiles;
import org.metamerbench.cli.Main;
import org.metamerbench.cli.ZooVariant;

/** Hostile inputs, kind "files": every bad file is refused with its name and a short reason, before harm. */
class FileFaultsTest {
    @TempDir
    static Path tmp;

    /** A PNG whose header declares {@code width x height} pixels, followed by a few bytes of data. */
    static byte[] pngHeader(int width, int height) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeBytes("IHDR");
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 0, 0, 0, 0}); // 8-bit grey
        byte[] chunk = ihdr.toByteArray();
        d.writeInt(chunk.length - 4);
        d.write(chunk);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(chunk);
        d.writeInt((int) crc.getValue());
        d.write(new byte[64]);
        return b.toByteArray();
    }

    static byte[] validPng() throws IOException {
        Path f = tmp.resolve("valid.png");
        float[] px = new float[28 * 28];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i * 37 % 256) / 255f;
        }
        GrayPng.write(tmp, f, px, 28, 28);
        return Files.readAllBytes(f);
    }

    static Stream<Arguments> badImages() throws IOException {
        byte[] ok = validPng();
        byte[] bitFlipped = ok.clone();
        for (int i = 60; i < bitFlipped.length - 20; i++) {
            bitFlipped[i] ^= 0x5a;
        }
        return Stream.of(
                Arguments.of("huge.png", pngHeader(30000, 30000), "30000 x 30000 pixels, more than the 50,000,000"),
                Arguments.of("truncated.png", Arrays.copyOf(ok, ok.length / 2), "cannot be decoded (truncated or corrupt)"),
                Arguments.of("corrupt.png", bitFlipped, "cannot be decoded (truncated or corrupt)"),
                Arguments.of("corrupt.jpg", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J',
                        'F', 'I', 'F', 0, 1, 2, 3}, "cannot be decoded (truncated or corrupt)"),
                Arguments.of("text.png", "not a picture".getBytes(), "not an image that Java reads"),
                Arguments.of("empty.png", new byte[0], "not an image that Java reads"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badImages")
    void aBadImageIsRefusedWithItsNameAndAShortReason(String name, byte[] bytes, String reason) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, bytes);
        DatasetIntegrityException e = assertThrows(DatasetIntegrityException.class, () -> ImageFiles.read(f));
        assertTrue(e.getMessage().startsWith(f.toString() + ": ") && e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void aHugeImageInALabsFolderStopsTheBuildWithItsNameAndWritesNothing() throws IOException {
        Path in = tmp.resolve("lab");
        Files.createDirectories(in.resolve("pictures"));
        StringBuilder csv = new StringBuilder("file,label\n");
        for (int i = 0; i < 6; i++) {
            String f = "pictures/p" + i + ".png";
            Files.write(in.resolve(f), i == 4 ? pngHeader(30000, 30000) : validPng());
            csv.append(f).append(',').append(i % 2 == 0 ? "a" : "b").append('\n');
        }
        Files.writeString(in.resolve("labels.csv"), csv.toString());
        Path out = tmp.resolve("sets");
        Object[] r = ZooVariant.capture(() -> Main.execute("datasets", "build", "--from", in.toString(), "--name",
                "lab", "--channels", "1", "--size", "28x28", "--per-class", "1", "--pool-per-class", "2", "--out",
                out.toString()));
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("p4.png: 30000 x 30000 pixels"), (String) r[1]);
        assertFalse(((String) r[1]).contains("\tat "), "no stack trace");
        assertFalse(Files.exists(out.resolve("lab")) && Files.exists(out.resolve("lab/manifest.json")));
    }

    /** A RIFF WAVE file of the given chunks (id, declared size, body). */
    static byte[] riff(Object... chunks) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        head.put("RIFF".getBytes()).putInt(0).put("WAVE".getBytes());
        b.writeBytes(head.array());
        for (int i = 0; i < chunks.length; i += 3) {
            java.nio.ByteBuffer c = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            c.put(((String) chunks[i]).getBytes()).putInt((Integer) chunks[i + 1]);
            b.writeBytes(c.array());
            b.writeBytes((byte[]) chunks[i + 2]);
        }
        return b.toByteArray();
    }

    static byte[] fmt(int format, int bits) {
        return java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort((short) format)
                .putShort((short) 1).putInt(16000).putInt(16000 * bits / 8).putShort((short) (bits / 8))
                .putShort((short) bits).array();
    }

    static Stream<Arguments> badSounds() {
        byte[] valid = org.metamerbench.datasets.folder.WavFiles.encode(new float[] {0.1f, -0.2f, 0.3f, 0f}, 16000);
        byte[] lying = valid.clone();
        java.nio.ByteBuffer.wrap(lying).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(40, 1_000_000);
        byte[] floats = java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(0.5f)
                .putFloat(Float.POSITIVE_INFINITY).putFloat(0f).array();
        return Stream.of(
                Arguments.of("fmt-cut.wav", riff("fmt ", 16, Arrays.copyOf(fmt(1, 16), 6)),
                        "its 'fmt ' chunk at byte 12 declares 16 bytes, the file holds 6"),
                Arguments.of("fmt-short.wav", riff("fmt ", 8, Arrays.copyOf(fmt(1, 16), 8), "data", 2, new byte[2]),
                        "its 'fmt ' chunk is 8 bytes, shorter than the 16"),
                Arguments.of("data-lies.wav", lying, "its 'data' chunk at byte 36 declares 1,000,000 bytes, the file "
                        + "holds 8"),
                Arguments.of("infinite.wav", riff("fmt ", 16, fmt(3, 32), "data", 12, floats),
                        "sample 1 is Infinity; a WAV file's samples must be finite"),
                Arguments.of("not-riff.wav", "RIFX....".getBytes(), "not a RIFF WAVE file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSounds")
    void aBadWavFileIsRefusedWithItsNameAndAShortReason(String name, byte[] bytes, String reason) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, bytes);
        DatasetIntegrityException e = assertThrows(DatasetIntegrityException.class,
                () -> org.metamerbench.datasets.folder.WavFiles.read(f));
        assertTrue(e.getMessage().startsWith(f + ": ") && e.getMessage().contains(reason), e.getMessage());
    }

    /** A lab folder of 4 valid pictures, labels.csv as given (null: class sub-folders a and b, plus {@code extra}). */
    static Path lab(String name, String labels, String extra) throws IOException {
        Path in = tmp.resolve("labs").resolve(name);
        for (int i = 0; i < 4; i++) {
            String f = (labels == null ? (i % 2 == 0 ? "a/" : "b/") : "pictures/") + "p" + i + ".png";
            Files.createDirectories(in.resolve(f).getParent());
            Files.write(in.resolve(f), validPng());
        }
        if (labels != null) {
            Files.writeString(in.resolve("labels.csv"), labels);
        }
        if (extra != null) {
            Files.createDirectories(in.resolve(extra));
            Files.write(in.resolve(extra).resolve("hidden.png"), validPng());
        }
        return in;
    }

    static Stream<Arguments> badLabels() {
        String rows = "pictures/p0.png,a\npictures/p1.png,b\npictures/p2.png,a\npictures/p3.png,b\n";
        return Stream.of(
                Arguments.of("bom", "\uFEFFfile,label\n" + rows, null,
                        "labels.csv:1: the file starts with a byte-order mark"),
                Arguments.of("twice", "file,label\n" + rows + "pictures/p0.png,b\n", null,
                        "labels.csv:6:1 (file): 'pictures/p0.png' is listed again (first at"),
                Arguments.of("one-class", "file,label\n" + rows.replace(",b", ",a"), null,
                        "labels.csv: 1 class [a]; a stimulus set needs at least 2"),
                Arguments.of("dot-folder", null, ".c", ".c: a folder whose name starts with '.' holds 1 files"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLabels")
    void aBadLabelsFileOrFolderIsRefusedNamingWhere(String name, String labels, String extra, String reason)
            throws IOException {
        Path in = lab(name, labels, extra);
        IOException e = assertThrows(IOException.class,
                () -> org.metamerbench.datasets.folder.LabelledFiles.scan(in, java.util.List.of("png")));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().contains(in.toString()), "names the file: " + e.getMessage());
    }

    @Test
    void aCorruptExperimentPlanIsNamedWithWhereItBreaks() throws IOException {
        Path dir = tmp.resolve("experiment-broken");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("experiment.json"), "{\n  \"format\": \"metamer-bench experiment 2\",\n  oops\n}");
        IOException e = assertThrows(IOException.class,
                () -> org.metamerbench.runner.experiment.ExperimentPlan.read(dir));
        assertTrue(e.getMessage().equals(dir.resolve("experiment.json") + ": not valid JSON (line 3, column 3); build "
                + "the experiment again"), e.getMessage());
    }
}
