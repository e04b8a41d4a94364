package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.runner.SmallRun;

/**
 * Each command that writes a folder or a file of its own, pointed at someone else's: refused with exit
 * code 2 and a message naming what is in the way, the folder or file byte-identical; pointed at its own
 * earlier output: replaced; with --force: replaced.
 */
class OwnedOutputsTest {
    @TempDir
    static Path tmp;
    static Path run;

    @BeforeAll
    static void smallRun() throws IOException {
        run = SmallRun.make(tmp.resolve("results"));
    }

    /** Someone's folder: a notes file and a page. */
    static Path theirFolder(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("index.html"), "their page");
        Files.writeString(dir.resolve("leaderboard.json"), "{}");
        return dir;
    }

    static Object[] cli(String... args) {
        return ZooVariant.capture(() -> Main.execute(args));
    }

    static void refusedAndKept(Object[] r, Path what) throws IOException {
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("not written by metamer-bench") || ((String) r[1]).contains("did not write"),
                (String) r[1]);
        assertTrue(((String) r[1]).contains("--force"), (String) r[1]);
        if (Files.isDirectory(what)) {
            assertEquals("their page", Files.readString(what.resolve("index.html")));
            try (var s = Files.list(what)) {
                assertEquals(2, s.count(), "nothing added to " + what);
            }
        } else {
            assertEquals("their notes", Files.readString(what));
        }
    }

    /** A folder command: refused on someone's folder, replaces its own, replaces anything with --force. */
    static void folderCommand(String name, List<String> args) throws IOException {
        Path theirs = theirFolder(name + "-theirs");
        List<String> a = new ArrayList<>(args);
        a.addAll(List.of("--out", theirs.toString()));
        refusedAndKept(cli(a.toArray(String[]::new)), theirs);

        Path own = tmp.resolve(name + "-own");
        List<String> b = new ArrayList<>(args);
        b.addAll(List.of("--out", own.toString()));
        for (int i = 0; i < 2; i++) {
            Object[] r = cli(b.toArray(String[]::new));
            assertEquals(0, r[0], name + " into its own folder, time " + (i + 1) + ": " + r[1]);
        }
        a.add("--force");
        Object[] r = cli(a.toArray(String[]::new));
        assertEquals(0, r[0], name + " --force: " + r[1]);
        assertTrue(Files.notExists(theirs.resolve("leaderboard.json")) || !Files.readString(theirs.resolve(
                "leaderboard.json")).equals("{}"), name + " --force replaced the folder");
    }

    @Test
    void leaderboardBuild() throws IOException {
        folderCommand("site", List.of("leaderboard", "build", "--results", run.toString()));
    }

    @Test
    void experimentBuild() throws IOException {
        folderCommand("experiment", List.of("experiment", "build", "--run", run.toString(), "--participants", "2"));
    }

    @Test
    void datasetsBuild() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(org.metamerbench.datasets.FashionMnist.DEBIAN_DIR),
                "needs the Fashion-MNIST files (Debian package dataset-fashion-mnist)");
        // The command writes one folder per set under --out: someone's folder in the way of a set is kept.
        Path out = tmp.resolve("sets");
        Path theirs = theirFolder("sets/fashion-mnist-test-100");
        refusedAndKept(cli("datasets", "build", "--out", out.toString()), theirs);
        Object[] r = cli("datasets", "build", "--out", out.toString(), "--force");
        assertEquals(0, r[0], (String) r[1]);
        r = cli("datasets", "build", "--out", out.toString());
        assertEquals(0, r[0], "its own sets again: " + r[1]);
    }

    @Test
    void exportWeights() throws IOException {
        folderCommand("weights", List.of("export-weights", "mlp"));
    }

    @Test
    void baselineAndGateReports() throws IOException {
        Path notes = Files.writeString(tmp.resolve("notes.json"), "their notes");
        refusedAndKept(cli("baseline", run.toString(), "--out", notes.toString()), notes);
        Path baseline = tmp.resolve("baseline.json");
        assertEquals(0, cli("baseline", run.toString(), "--out", baseline.toString())[0]);
        assertEquals(0, cli("baseline", run.toString(), "--out", baseline.toString())[0], "its own file again");

        Path junit = Files.writeString(tmp.resolve("junit.xml"), "their notes");
        Path markdown = Files.writeString(tmp.resolve("summary.md"), "their notes");
        refusedAndKept(cli("gate", "--baseline", baseline.toString(), "--candidate", run.toString(), "--junit",
                junit.toString()), junit);
        refusedAndKept(cli("gate", "--baseline", baseline.toString(), "--candidate", run.toString(), "--markdown",
                markdown.toString()), markdown);
        Path ownJunit = tmp.resolve("own-junit.xml");
        Path ownMarkdown = tmp.resolve("own-summary.md");
        for (int i = 0; i < 2; i++) {
            Object[] r = cli("gate", "--baseline", baseline.toString(), "--candidate", run.toString(), "--junit",
                    ownJunit.toString(), "--markdown", ownMarkdown.toString());
            assertEquals(0, r[0], (String) r[1]);
        }
        Object[] r = cli("baseline", run.toString(), "--out", notes.toString(), "--force");
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(Files.readString(notes).contains("\"written_by\""));
    }
}
