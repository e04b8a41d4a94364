package org.metamerbench.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seal of a folder's files: a checksum file ({@value #FILE}, the SHA-256 of every sealed file, in the format of
 * {@code sha256sum}) written last, so that its presence marks the files complete and any later change to one of them
 * is found. Cache entries, a run's job parts and a finished run's top-level tables are sealed this way.
 */
public final class Seal {
    public static final String FILE = "checksums.sha256";

    private Seal() {
    }

    /** Writes the checksum file of {@code files} (already written in {@code dir}). */
    public static void write(Path dir, List<String> files) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String f : files) {
            b.append(Hashing.sha256(dir.resolve(f))).append("  ").append(f).append('\n');
        }
        AtomicFiles.write(dir, dir.resolve(FILE), b.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static boolean present(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /** The files the seal of {@code dir} lists, in its order. */
    public static List<String> listed(Path dir) throws IOException {
        return new ArrayList<>(read(dir).keySet());
    }

    /**
     * Why the seal of {@code dir} does not vouch for {@code files} (not sealed, a file without a checksum, missing
     * or changed), or null when every one matches.
     */
    public static String problem(Path dir, List<String> files) {
        if (!present(dir)) {
            return "not sealed (no " + FILE + ")";
        }
        Map<String, String> expected;
        try {
            expected = read(dir);
        } catch (IOException e) {
            return e.getMessage();
        }
        List<String> missing = new ArrayList<>(files);
        missing.removeAll(expected.keySet());
        if (!missing.isEmpty()) {
            return "no checksum for " + missing;
        }
        for (String f : files) {
            Path p = dir.resolve(f);
            try {
                if (!Files.isRegularFile(p)) {
                    return f + " is missing";
                }
                if (!Hashing.sha256(p).equals(expected.get(f))) {
                    return f + " does not match its checksum";
                }
            } catch (IOException e) {
                return f + " cannot be read: " + e.getMessage();
            }
        }
        return null;
    }

    private static Map<String, String> read(Path dir) throws IOException {
        Map<String, String> expected = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve(FILE), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException(FILE + " cannot be read: " + e.getMessage());
        }
        for (String line : lines) {
            int sep = line.indexOf("  ");
            if (sep != 64) {
                throw new IOException(FILE + " is malformed");
            }
            expected.put(line.substring(sep + 2), line.substring(0, sep));
        }
        return expected;
    }
}
