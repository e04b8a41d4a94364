package org.metamerbench.results;

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

/** A folder is replaced only if its tool wrote it and nothing was added; a file only if its tool wrote it. */
class OwnedOutputTest {
    @TempDir
    Path tmp;

    static void site(Path dir, String page) throws IOException {
        AtomicFiles.write(dir, dir.resolve("index.html"), page.getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir, dir.resolve("charts/a.png"), new byte[] {1});
    }

    Path build(String name, String page, boolean force) throws IOException {
        return OwnedOutput.replaceFolder(tmp.resolve(name), "site", force, dir -> site(dir, page));
    }

    @Test
    void aNewOrEmptyFolderIsWrittenWithItsMarkerAndNoStagingLeft() throws IOException {
        Path out = build("new", "one", false);
        assertEquals(List.of(OwnedOutput.signature("site"), "charts/a.png", "index.html"),
                Files.readAllLines(out.resolve(OwnedOutput.MARKER)));
        Files.createDirectories(tmp.resolve("empty"));
        build("empty", "one", false);
        try (var s = Files.list(tmp)) {
            assertEquals(List.of("empty", "new"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void itsOwnUntouchedFolderIsReplacedWhole() throws IOException {
        build("out", "one", false);
        Files.delete(tmp.resolve("out/charts/a.png")); // a file it wrote, now gone: still its folder
        Path out = build("out", "two", false);
        assertEquals("two", Files.readString(out.resolve("index.html")));
        assertTrue(Files.exists(out.resolve("charts/a.png")));
    }

    @Test
    void whatItDidNotWriteStopsTheWriteAndIsKept() throws IOException {
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("index.html"), "mine");
        IOException e = assertThrows(IOException.class, () -> build("foreign", "x", false));
        assertTrue(e.getMessage().contains("holds files that metamer-bench site did not write (e.g. index.html)"),
                e.getMessage());

        build("added", "one", false);
        Files.writeString(tmp.resolve("added/charts/notes.txt"), "mine");
        e = assertThrows(IOException.class, () -> build("added", "x", false));
        assertTrue(e.getMessage().endsWith("holds charts/notes.txt, which metamer-bench site did not write; choose a "
                + "new or empty folder, or pass --force to replace it"), e.getMessage());
        assertEquals("one", Files.readString(tmp.resolve("added/index.html")));

        build("linked", "one", false);
        Files.createSymbolicLink(tmp.resolve("linked/elsewhere"), foreign);
        e = assertThrows(IOException.class, () -> build("linked", "x", false));
        assertTrue(e.getMessage().contains("holds a symbolic link, elsewhere"), e.getMessage());

        OwnedOutput.replaceFolder(tmp.resolve("other-tool"), "export-weights", false, dir -> site(dir, "w"));
        e = assertThrows(IOException.class, () -> build("other-tool", "x", false));
        assertTrue(e.getMessage().contains("was not written by metamer-bench site"), e.getMessage());

        Files.writeString(tmp.resolve("a-file"), "mine");
        e = assertThrows(IOException.class, () -> build("a-file", "x", false));
        assertTrue(e.getMessage().endsWith("a-file is not a folder; choose a new or empty folder, or pass --force to "
                + "replace it"), e.getMessage());

        assertEquals("mine", Files.readString(foreign.resolve("index.html")));
        assertEquals("mine", Files.readString(tmp.resolve("added/charts/notes.txt")));
        assertEquals("mine", Files.readString(tmp.resolve("a-file")));
    }

    @Test
    void forceReplacesAndALinkIsRemovedNotFollowed() throws IOException {
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("keep.txt"), "mine");
        Files.createSymbolicLink(tmp.resolve("link"), foreign);
        Path out = build("link", "forced", true);
        assertFalse(Files.isSymbolicLink(out));
        assertEquals("forced", Files.readString(out.resolve("index.html")));
        assertEquals("mine", Files.readString(foreign.resolve("keep.txt")), "the link's target is untouched");
    }

    @Test
    void aFailedBuildLeavesTheEarlierFolderAsItWas() throws IOException {
        build("out", "one", false);
        assertThrows(IOException.class, () -> OwnedOutput.replaceFolder(tmp.resolve("out"), "site", false, dir -> {
            site(dir, "half");
            throw new IOException("disk full");
        }));
        assertEquals("one", Files.readString(tmp.resolve("out/index.html")));
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no staging folder left");
        }
    }

    @Test
    void aFileIsOverwrittenOnlyIfItCarriesTheToolsSignature() throws IOException {
        Path mine = Files.writeString(tmp.resolve("baseline.json"), "{\"format\": \"x\", \"written_by\": \""
                + OwnedOutput.signature("baseline") + "\"}");
        OwnedOutput.checkFile(mine, "baseline", false);
        OwnedOutput.checkFile(tmp.resolve("absent.json"), "baseline", false);
        Path theirs = Files.writeString(tmp.resolve("notes.json"), "{\"thesis\": 1}");
        IOException e = assertThrows(IOException.class, () -> OwnedOutput.checkFile(theirs, "baseline", false));
        assertEquals(theirs + " exists and was not written by metamer-bench baseline; choose another file name, or "
                + "pass --force to overwrite it", e.getMessage());
        assertThrows(IOException.class, () -> OwnedOutput.checkFile(mine, "gate", false));
        OwnedOutput.checkFile(theirs, "baseline", true);
        assertThrows(IOException.class, () -> OwnedOutput.checkFile(tmp, "baseline", false));
    }
}
