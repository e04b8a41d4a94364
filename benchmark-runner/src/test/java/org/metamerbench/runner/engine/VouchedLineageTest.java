package org.metamerbench.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.api.Lineage;
import org.metamerbench.runner.PackageFixtures;

/**
 * A submission cannot choose its observers by declaring a family: its declared lineage is shown, but only a
 * built-in model's lineage leaves observers out of a score.
 */
class VouchedLineageTest {
    @Test
    void aSubmissionsDeclaredLineageNeverLeavesAnObserverOut(@TempDir Path tmp) throws IOException {
        Path plugins = tmp.resolve("plugins");
        Files.createDirectories(plugins);
        // The copy of cnn-s1, declaring that it was initialised from mlp (whose observer it would like to drop).
        try (ZipFile in = new ZipFile(PackageFixtures.DIR.resolve("cnn-s1-copy.zip").toFile());
                OutputStream out = Files.newOutputStream(plugins.resolve("claims-mlp.zip"));
                ZipOutputStream z = new ZipOutputStream(out)) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                byte[] b = in.getInputStream(e).readAllBytes();
                if (e.getName().equals("metamer-model.json")) {
                    String json = new String(b, StandardCharsets.UTF_8).trim();
                    json = json.substring(0, json.length() - 1)
                            + ", \"lineage\": {\"recipe\": \"cnn\", \"initialised_from\": \"mlp\"}}";
                    b = json.getBytes(StandardCharsets.UTF_8);
                }
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(b);
                z.closeEntry();
            }
        }
        ModelRegistry registry = ModelRegistry.discover(getClass().getClassLoader(), plugins);
        ModelRegistry.Entry submitted = registry.get("cnn-s1-copy");
        assertEquals("mlp", submitted.card().lineage().initialisedFrom(), "the declaration is read and shown");
        assertEquals(Lineage.UNDECLARED, submitted.vouchedLineage(), "but never leaves mlp out");
        ModelRegistry.Entry zoo = registry.get("cnn-adv-l2");
        assertEquals(zoo.card().lineage(), zoo.vouchedLineage(), "the zoo's own records are used");
        assertFalse(zoo.vouchedLineage().seed().isEmpty());
    }
}
