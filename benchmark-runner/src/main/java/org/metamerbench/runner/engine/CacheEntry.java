package org.metamerbench.runner.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.Seal;

/**
 * One entry of an on-disk cache: a folder of files sealed by a checksum file ({@value #CHECKSUMS}, the
 * SHA-256 of every file, written last, so that its presence marks a complete entry). An entry is read
 * only after every file has been checked against its checksum; one that does not match is reported,
 * removed and computed again by the caller.
 */
final class CacheEntry {
    static final String CHECKSUMS = Seal.FILE;

    private CacheEntry() {
    }

    /** What {@link #check} found. */
    record State(boolean usable, String problem) {
        static final State ABSENT = new State(false, null);
        static final State VALID = new State(true, null);
    }

    /** Writes the checksum file of {@code files} (already written in {@code dir}), sealing the entry. */
    static void seal(Path dir, List<String> files) throws IOException {
        Seal.write(dir, files);
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
        String problem = Seal.problem(dir, files);
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
}
