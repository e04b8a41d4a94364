package org.metamerbench.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every write names its root and is refused outside it: by '..', by an absolute path, through a link. */
class AtomicFilesTest {
    @TempDir
    Path tmp;

    static final byte[] NEW = "new".getBytes(StandardCharsets.UTF_8);

    @Test
    void aWriteInsideItsRootLands() throws IOException {
        Path root = tmp.resolve("run");
        AtomicFiles.write(root, root.resolve("metamers/cnn-s1/pool2/a.png"), NEW);
        assertArrayEquals(NEW, Files.readAllBytes(root.resolve("metamers/cnn-s1/pool2/a.png")));
        try (var s = Files.list(root.resolve("metamers/cnn-s1/pool2"))) {
            assertEquals(1, s.count(), "no temporary file is left");
        }
    }

    @Test
    void targetsOutsideTheRootAreRefusedAndNothingIsWritten() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("results/run-1"));
        Path outside = tmp.resolve("results/elsewhere");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("keep.txt"), "old");
        Files.createSymbolicLink(root.resolve("link"), outside);
        for (Path target : List.of(root.resolve("../elsewhere/keep.txt"), root.resolve("a/../../elsewhere/keep.txt"),
                outside.resolve("keep.txt"), root.resolve("link/keep.txt"), root.resolve("link/new/deeper.txt"),
                root)) {
            IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(root, target, NEW),
                    target.toString());
            assertTrue(e.getMessage().startsWith("refusing " + target), e.getMessage());
        }
        assertEquals("old", Files.readString(outside.resolve("keep.txt")));
        try (var s = Files.list(outside)) {
            assertEquals(1, s.count(), "nothing new outside the root");
        }
        assertFalse(Files.exists(tmp.resolve("results/elsewhere/new")));
    }

    @Test
    void aRootReachedThroughALinkIsItsRealFolder() throws IOException {
        Path real = Files.createDirectories(tmp.resolve("real"));
        Path alias = Files.createSymbolicLink(tmp.resolve("alias"), real);
        AtomicFiles.write(alias, alias.resolve("a/b.txt"), NEW);
        assertArrayEquals(NEW, Files.readAllBytes(real.resolve("a/b.txt")));
    }

    @Test
    void aLinkAtTheTargetIsReplacedNotWrittenThrough() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("run"));
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "old");
        Files.createSymbolicLink(root.resolve("run.json"), victim);
        AtomicFiles.write(root, root.resolve("run.json"), NEW);
        assertEquals("old", Files.readString(victim));
        assertFalse(Files.isSymbolicLink(root.resolve("run.json")));
        assertArrayEquals(NEW, Files.readAllBytes(root.resolve("run.json")));
    }

    @Test
    void foldersAreCreatedAndDeletedOnlyInsideTheRoot() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("cache"));
        Path keep = Files.createDirectories(tmp.resolve("keep"));
        Files.writeString(keep.resolve("x"), "x");
        assertThrows(IOException.class, () -> AtomicFiles.deleteTree(root, root.resolve("../keep")));
        assertThrows(IOException.class, () -> AtomicFiles.createFolder(root, root.resolve("../made")));
        assertTrue(Files.exists(keep.resolve("x")));
        assertFalse(Files.exists(tmp.resolve("made")));
        Path entry = AtomicFiles.createFolder(root, root.resolve("entry"));
        AtomicFiles.write(root, entry.resolve("f"), NEW);
        AtomicFiles.deleteTree(root, entry);
        assertFalse(Files.exists(entry));
    }
}
