package org.metamerbench.results;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The one way files are written: every write names its root (the folder the tool owns, e.g. a run's
 * folder) and is refused if its target lies outside that root, by {@code ..} or through a symbolic link.
 * A write goes to a temporary file in the same folder, then is renamed over the target: a reader sees
 * the old file or the new one, never a half-written one; a crash leaves the old file intact.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Something that writes a file's content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Temporary files are created owner-only; results are meant to be shared: rw-r--r--. */
    static void makeReadable(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    public static void write(Path root, Path target, byte[] content) throws IOException {
        write(root, target, out -> out.write(content));
    }

    public static void write(Path root, Path target, Writer writer) throws IOException {
        Path dir = inside(root, target).getParent();
        Files.createDirectories(dir);
        check(root, dir, true);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            makeReadable(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Creates a folder (and its parents) inside {@code root}; refused outside it. */
    public static Path createFolder(Path root, Path dir) throws IOException {
        Files.createDirectories(inside(root, dir));
        return inside(root, dir);
    }

    /**
     * Returns {@code target} as an absolute path if it lies inside {@code root}, else throws naming both.
     * Inside means: below root once {@code .} and {@code ..} are resolved, and no existing folder between
     * root and target is a symbolic link (a link could lead anywhere; it is refused, not followed). A link
     * at the target itself is replaced by the write, never written through. The root itself is not a
     * target; it may be reached through links of its own.
     */
    public static Path inside(Path root, Path target) throws IOException {
        return check(root, target, false);
    }

    private static Path check(Path root, Path target, boolean rootAllowed) throws IOException {
        Path r = root.toAbsolutePath().normalize();
        Path t = target.toAbsolutePath().normalize();
        if (!t.startsWith(r) || (!rootAllowed && t.equals(r))) {
            throw new IOException("refusing " + target + ": it is outside " + root);
        }
        Path p = r;
        for (Path name : r.relativize(t)) {
            p = p.resolve(name);
            if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                break;
            }
            if (Files.isSymbolicLink(p) && !p.equals(t)) {
                throw new IOException("refusing " + target + ": " + p + " is a symbolic link");
            }
        }
        return t;
    }

    /** Deletes a folder inside {@code root} and everything in it; nothing happens if it does not exist. */
    public static void deleteTree(Path root, Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        inside(root, dir);
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
