package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.scoring.RunResults;

/**
 * From the outside, as a user meets it: one changed byte in any file of the cache makes the next run
 * say so, never reuse the entry, and produce what an untouched cache gives.
 */
class CacheTamperingTest {
    @TempDir
    static Path tmp;
    static Path out;
    static byte[] reference;

    static Object[] run(String runId) {
        return ZooVariant.capture(() -> Main.execute("run", "--models", "mlp", "--observers", "mlp,cnn-s1",
                "--stages", "fc1_relu", "--stimuli", "10", "--schedule-stages", "2", "--steps", "20", "--bootstrap",
                "50", "--out", out.toString(), "--run-id", runId));
    }

    @BeforeAll
    static void firstRun() throws IOException {
        out = tmp.resolve("results");
        Object[] r = run("first");
        assertEquals(0, r[0], (String) r[1]);
        reference = Files.readAllBytes(ResultFiles.metamerArray(out.resolve("first"), "mlp", "fc1_relu"));
    }

    static Path only(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> all = s.toList();
            assertEquals(1, all.size(), dir + ": " + all);
            return all.get(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"synthesis/metamers.idx", "synthesis/records.csv", "synthesis/seconds.txt",
        "synthesis/loop.txt", "synthesis/checksums.sha256", "null/null.json", "null/checksums.sha256"})
    void oneChangedByteIsReportedAndNeverReused(String file) throws IOException {
        String kind = file.substring(0, file.indexOf('/'));
        Path target = only(out.resolve(".cache").resolve(kind)).resolve(file.substring(file.indexOf('/') + 1));
        byte[] bytes = Files.readAllBytes(target);
        bytes[bytes.length / 2] ^= 0x04;
        Files.write(target, bytes);

        String runId = "after-" + file.replace('/', '-');
        Object[] r = run(runId);
        assertEquals(0, r[0], (String) r[1]);
        String log = (String) r[1];
        assertTrue(log.contains("warning: " + (kind.equals("null") ? "null-distribution" : "synthesis")
                + " cache entry ") && (log.contains("does not match its checksum") || log.contains("is malformed")
                        || log.contains("no checksum for")),
                file + ": " + log);
        RunResults run = RunResults.load(out.resolve(runId));
        boolean fromCache = run.record().jobs().get(0).fromCache();
        if (kind.equals("synthesis")) {
            assertFalse(fromCache, file + ": the damaged entry was served");
        }
        assertArrayEquals(reference, Files.readAllBytes(ResultFiles.metamerArray(out.resolve(runId), "mlp",
                "fc1_relu")), file + ": the metamers are those of an untouched cache");
    }
}
