package org.metamerbench.runner.hostile;

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
import org.metamerbench.runner.cli.Main;
import org.metamerbench.runner.cli.ZooVariant;

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
}
