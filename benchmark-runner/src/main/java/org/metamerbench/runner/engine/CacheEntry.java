package org.metamerbench.runner.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metamerbench.datasets.AtomicFiles;
import org.metamerbench.datasets.Hashing;

/**
 * One entry of an on-disk cache: a folder of files sealed by a checksum file ({@value #CHECKSUMS}, the
 * SHA-256 of every file, written last, so that its presence marks a complete entry). An entry is read
 * only after every file has been checked against its checksum; one that does not match is reported,
 * removed and computed again by the caller.
 */
final class CacheEntry {
    static final String CHECKSUMS = "checksums.sha256";

    private CacheEntry() {
    }

    /** What {@link #check} found. */
    record State(boolean usable, String problem) {
        static final State ABSENT = new State(false, null);
        static final State VALID = new State(true, null);
    }

    /** Writes the checksum file of {@code files} (already written in {@code dir}), sealing the entry. */
    static void seal(Path dir, List<String> files) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String f : files) {
            b.append(Hashing.sha256(dir.resolve(f))).append("  ").append(f).append('\n');
        }
        AtomicFiles.write(dir, dir.resolve(CHECKSUMS), b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Checks an entry: absent (no folder or not sealed), valid (every listed file matches its checksum),
     * or damaged, with the file that does not match. A damaged entry is removed.
     */
    static State check(Path dir, List<String> files) {
        Path sums = dir.resolve(CHECKSUMS);
        if (!Files.isRegularFile(sums)) {
            return State.ABSENT;
        }
        String problem = verify(dir, sums, files);
        if (problem == null) {
            return State.VALID;
        }
        try {
            AtomicFiles.deleteTree(dir.toAbsolutePath().getParent(), dir);
        } catch (IOException e) {
            problem += " (and the entry could not be removed: " + e.getMessage() + ")";
        }
        return new State(false, problem);
    }

    private static String verify(Path dir, Path sums, List<String> files) {
        Map<String, String> expected = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(sums, StandardCharsets.UTF_8)) {
                int sep = line.indexOf("  ");
                if (sep != 64) {
                    return CHECKSUMS + " is malformed";
                }
                expected.put(line.substring(sep + 2), line.substring(0, sep));
            }
        } catch (IOException e) {
            return CHECKSUMS + " cannot be read: " + e.getMessage();
        }
        List<String> missing = new ArrayList<>(files);
        missing.removeAll(expected.keySet());
        if (!missing.isEmpty()) {
            return "no checksum for " + missing;
        }
        for (String f : files) {
            Path p = dir.resolve(f);
            try {
                if (!Files.isRegularFile(p) || !Hashing.sha256(p).equals(expected.get(f))) {
                    return f + " does not match its checksum";
                }
            } catch (IOException e) {
                return f + " cannot be read: " + e.getMessage();
            }
        }
        return null;
    }
}
