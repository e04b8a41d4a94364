package org.metamerbench.packages;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A package's zip, read with limits: a package comes from a stranger, so its entry count, each entry's
 * inflated size and the total are bounded before anything is inflated, and again while inflating (a
 * zip's declared sizes can lie). Entries are never extracted under their own names: the descriptor is
 * read into memory and the model file is copied to a path the caller chooses.
 */
final class PackageArchive implements AutoCloseable {
    private final Path file;
    private final PackageLimits limits;
    private final ZipFile zip;

    private PackageArchive(Path file, PackageLimits limits, ZipFile zip) {
        this.file = file;
        this.limits = limits;
        this.zip = zip;
    }

    /** Opens {@code file} and checks its directory: entry count, unique and plain names, declared sizes. */
    static PackageArchive open(Path file, PackageLimits limits) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new IOException(file + ": not a zip or jar file");
        }
        try {
            if (zip.size() > limits.maxEntries()) {
                throw new IOException(file + ": " + zip.size() + " entries, more than the limit of "
                        + limits.maxEntries());
            }
            Set<String> names = new HashSet<>();
            long total = 0;
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements();) {
                ZipEntry e = en.nextElement();
                String name = e.getName();
                if (!names.add(name)) {
                    throw new IOException(file + ": entry '" + name + "' occurs twice");
                }
                if (name.startsWith("/") || name.contains("\\") || name.contains("\0")
                        || ("/" + name + "/").contains("/../")) {
                    throw new IOException(file + ": entry name '" + printable(name) + "' leaves the package");
                }
                long size = e.getSize();
                if (size > limits.maxEntryBytes()) {
                    throw new IOException(file + ": entry '" + name + "' inflates to " + size
                            + " bytes, more than the limit of " + limits.maxEntryBytes());
                }
                total += Math.max(0, size);
                if (total > limits.maxTotalBytes()) {
                    throw new IOException(file + ": entries inflate to more than the limit of "
                            + limits.maxTotalBytes() + " bytes in all");
                }
            }
            return new PackageArchive(file, limits, zip);
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    boolean has(String name) {
        return zip.getEntry(name) != null;
    }

    /** The whole of a small entry (the descriptor), refused above the descriptor limit. */
    byte[] readSmall(String name) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        copy(name, out, limits.maxDescriptorBytes());
        return out.toByteArray();
    }

    /** The SHA-256 of an entry's inflated bytes, inflating at most the entry limit. */
    String sha256(String name) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        copy(name, new OutputStream() {
            @Override
            public void write(int b) {
                md.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                md.update(b, off, len);
            }
        }, limits.maxEntryBytes());
        return HexFormat.of().formatHex(md.digest());
    }

    /** Copies an entry to {@code target} (which must not exist), refused and removed above the entry limit. */
    void extract(String name, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target, java.nio.file.StandardOpenOption.CREATE_NEW)) {
            copy(name, out, limits.maxEntryBytes());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
    }

    private void copy(String name, OutputStream out, long limit) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new IOException(file + ": no entry '" + name + "'");
        }
        byte[] buf = new byte[1 << 16];
        long n = 0;
        try (InputStream in = zip.getInputStream(e)) {
            for (int r; (r = in.read(buf)) > 0;) {
                n += r;
                if (n > limit) {
                    throw new IOException(file + ": entry '" + name + "' inflates to more than the limit of " + limit
                            + " bytes");
                }
                out.write(buf, 0, r);
            }
        } catch (ZipException ex) {
            throw new IOException(file + ": entry '" + name + "' is damaged (cannot be inflated)");
        }
    }

    /** Loads a model from a file on disk. */
    @FunctionalInterface
    interface Loader<T> {
        T load(Path modelFile) throws Exception;
    }

    /**
     * Copies the package's model file (within the limits) into a fresh temporary folder under a fixed name
     * ({@code model.<ext>}, never the entry's own name), hands it to {@code loader}, and removes the folder
     * whatever happens: an engine reads the file while loading and never again.
     */
    static <T> T loadModel(ModelPackage pkg, String ext, Loader<T> loader) throws Exception {
        Path dir = Files.createTempDirectory("metamer-bench-package-");
        try (PackageArchive z = open(pkg.file(), pkg.limits())) {
            Path target = dir.resolve("model." + ext);
            z.extract(pkg.modelFile(), target);
            return loader.load(target);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.append(Character.isISOControl(c) ? String.format("\\u%04x", c)
                : new String(Character.toChars(c))));
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
