package org.metamerbench.results;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Tools write only into what they own.
 *
 * <p>A folder that a tool writes whole (a leaderboard site, an experiment, exported weights, a report)
 * is built beside its target and sealed with a marker, {@value #MARKER}, that names the tool and lists
 * every file it wrote; then it takes the target's place. An existing target is replaced only if it is
 * empty, or holds the same tool's marker and nothing the marker does not list: a file someone added, a
 * symbolic link or another tool's folder stops the write, naming what is in the way.
 *
 * <p>A file that a tool writes alone (a baseline, a gate report) carries the tool's signature,
 * {@code written by metamer-bench <tool>}, near its start; an existing file is overwritten only if it
 * carries the same signature.
 *
 * <p>{@code force} (the commands' {@code --force}) replaces whatever is there.
 */
public final class OwnedOutput {
    /** The marker file of a folder a tool wrote whole. */
    public static final String MARKER = ".metamer-bench-output";
    private static final int SIGNATURE_WINDOW = 4096;

    private OwnedOutput() {
    }

    /** Writes the content of a folder being built. */
    @FunctionalInterface
    public interface FolderWriter {
        void write(Path dir) throws IOException;
    }

    /** The signature a file written by {@code tool} carries. */
    public static String signature(String tool) {
        return "written by metamer-bench " + tool;
    }

    /**
     * Builds a folder whole and puts it in place of {@code target}: the writer fills a staging folder
     * beside the target, which is sealed with the marker and renamed into place; the earlier folder, if
     * the tool owned it, is removed. A failure leaves the target as it was.
     */
    public static Path replaceFolder(Path target, String tool, boolean force, FolderWriter writer) throws IOException {
        Path t = target.toAbsolutePath().normalize();
        checkFolder(t, tool, force);
        Path parent = t.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + t.getFileName() + ".building-");
        try {
            writer.write(staging);
            seal(staging, tool);
            if (Files.exists(t, LinkOption.NOFOLLOW_LINKS)) {
                Path old = parent.resolve("." + t.getFileName() + ".old-" + UUID.randomUUID());
                Files.move(t, old);
                Files.move(staging, t);
                AtomicFiles.deleteTree(parent, old);
            } else {
                Files.move(staging, t);
            }
        } finally {
            if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
                AtomicFiles.deleteTree(parent, staging);
            }
        }
        return t;
    }

    /**
     * Refuses, naming the reason, unless {@code dir} is absent, empty, or a folder that {@code tool}
     * wrote whole and nobody has added to.
     */
    public static void checkFolder(Path dir, String tool, boolean force) throws IOException {
        if (force || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String hint = "; choose a new or empty folder, or pass --force to replace it";
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a folder" + hint);
        }
        List<Path> entries;
        try (Stream<Path> s = Files.walk(dir)) {
            entries = s.filter(p -> !p.equals(dir)).toList();
        }
        if (entries.isEmpty()) {
            return;
        }
        Path marker = dir.resolve(MARKER);
        if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " holds files that metamer-bench " + tool + " did not write (e.g. "
                    + dir.relativize(entries.get(0)) + ")" + hint);
        }
        List<String> lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(signature(tool))) {
            throw new IOException(dir + " was not written by metamer-bench " + tool + " (its " + MARKER + " says '"
                    + (lines.isEmpty() ? "" : lines.get(0)) + "')" + hint);
        }
        Set<String> listed = new HashSet<>(lines.subList(1, lines.size()));
        for (Path p : entries) {
            String rel = relative(dir, p);
            if (Files.isSymbolicLink(p)) {
                throw new IOException(dir + " holds a symbolic link, " + rel + ", that metamer-bench " + tool
                        + " did not make" + hint);
            }
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !rel.equals(MARKER) && !listed.contains(rel)) {
                throw new IOException(dir + " holds " + rel + ", which metamer-bench " + tool + " did not write"
                        + hint);
            }
        }
    }

    /** Writes the marker of a folder: the tool's signature, then every file in it, one per line. */
    static void seal(Path dir, String tool) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                files.add(relative(dir, p));
            }
        }
        files.sort(null);
        StringBuilder b = new StringBuilder(signature(tool)).append('\n');
        files.forEach(f -> b.append(f).append('\n'));
        AtomicFiles.write(dir, dir.resolve(MARKER), b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Refuses, naming the reason, unless {@code file} is absent or a file that carries {@code tool}'s
     * signature near its start.
     */
    public static void checkFile(Path file, String tool, boolean force) throws IOException {
        if (force || !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String hint = "; choose another file name, or pass --force to overwrite it";
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + " exists and is not a regular file" + hint);
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SIGNATURE_WINDOW);
        }
        if (!new String(head, StandardCharsets.UTF_8).contains(signature(tool))) {
            throw new IOException(file + " exists and was not written by metamer-bench " + tool + hint);
        }
    }

    private static String relative(Path dir, Path p) {
        return dir.relativize(p).toString().replace('\\', '/');
    }
}
