package org.metamerbench.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** Test helpers: a zoo folder holding a zoo model's weights under another id, and captured output. */
public final class ZooVariant {
    private ZooVariant() {
    }

    /** Writes {@code <id>.params} and {@code <id>.properties} into {@code dir}, from the built-in model {@code from}. */
    static Path write(Path dir, String id, String from) throws IOException {
        Files.createDirectories(dir);
        String base = "/org/metamerbench/zoo/models/" + from;
        try (InputStream w = ZooVariant.class.getResourceAsStream(base + ".params");
                InputStream p = ZooVariant.class.getResourceAsStream(base + ".properties")) {
            Files.write(dir.resolve(id + ".params"), w.readAllBytes());
            List<String> lines = new String(p.readAllBytes(), StandardCharsets.ISO_8859_1).lines()
                    .map(l -> l.startsWith("id=") ? "id=" + id : l)
                    .map(l -> l.startsWith("description=") ? "description=test variant with the weights of " + from : l)
                    .toList();
            Files.write(dir.resolve(id + ".properties"), lines, StandardCharsets.ISO_8859_1);
        }
        return dir;
    }

    /** Runs {@code body} with System.out and System.err captured; returns {exit code, output}. */
    public static Object[] capture(Supplier<Integer> body) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream cap = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setOut(cap);
        System.setErr(cap);
        try {
            int rc = body.get();
            return new Object[] {rc, buf.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
