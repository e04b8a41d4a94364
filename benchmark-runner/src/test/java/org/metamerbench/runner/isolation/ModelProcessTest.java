package org.metamerbench.runner.isolation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelException;
import org.metamerbench.api.Tensor;
import org.metamerbench.runner.engine.ModelRegistry;
import org.metamerbench.runner.engine.PluginJars;

/**
 * A forked model is one JVM for many calls; a call that loses it (here: System.exit) fails with the reason and
 * the next call starts another; what a plugin prints to standard output does not disturb the messages.
 */
class ModelProcessTest {
    @TempDir
    Path tmp;

    private static Tensor batch() {
        float[] v = new float[3 * 28 * 28];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 97) / 96f;
        }
        return Tensor.of(new int[] {3, 1, 28, 28}, v);
    }

    @Test
    void oneJvmAnswersCallAfterCallAndALostOneIsReplaced() throws IOException {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        // The second call of each JVM exits it; every call prints to standard output first.
        String logits = "System.out.println(\"a plugin that prints to stdout\"); "
                + "if (++counts.Calls.n == 2) System.exit(3);";
        PluginJars.build(tmp, "counts", Map.of("counts.Provider", PluginJars.provider("counts", "counts", "", "", "",
                logits), "counts.Calls", "package counts; public class Calls { public static int n; }"),
                "counts.Provider");
        Files.copy(tmp.resolve("counts.jar"), plugins.resolve("counts.jar"));
        ModelRegistry here = ModelRegistry.discover(getClass().getClassLoader(), plugins);
        float[] expected;
        try (Model m = here.open("counts")) {
            expected = m.activations(batch(), List.of("final")).get("final").toFloatArray();
        }
        ModelRegistry forked = ModelRegistry.discover(getClass().getClassLoader(), plugins)
                .isolatePlugins(IsolatedModel.in(new JobLimits(120, 256)));
        try (Model m = forked.open("counts")) {
            IsolatedModel isolated = (IsolatedModel) m;
            assertArrayEquals(expected, m.activations(batch(), List.of("final")).get("final").toFloatArray());
            ModelException lost = assertThrows(ModelException.class, () -> m.activations(batch(), List.of("final")));
            assertTrue(lost.getMessage().contains("exited with status 3"), lost.getMessage());
            assertEquals(1, isolated.jvmsStarted());
            assertArrayEquals(expected, m.activations(batch(), List.of("final")).get("final").toFloatArray(),
                    "a new JVM answers the next call");
            assertEquals(2, isolated.jvmsStarted());
            assertArrayEquals(batch().toFloatArray(), m.activations(batch(), List.of("input")).get("input")
                    .toFloatArray(), "an input stage comes back bit for bit");
        }
    }

    @Test
    void aChildThatClaimsAHugeAnswerFailsItsCallWithoutSizingTheHarnesssMemory() throws IOException {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        // Writes a frame of its own to the real standard output: a valid head and an array that claims 1 GiB.
        String logits = "try { java.io.DataOutputStream o = new java.io.DataOutputStream(new java.io.FileOutputStream("
                + "java.io.FileDescriptor.out)); o.writeInt(0x4D424631); o.writeInt(2); o.write(new byte[] {'{', '}'});"
                + " o.writeInt(1); o.writeInt(1 << 30); o.flush(); Thread.sleep(60000); } catch (Exception e) { }";
        PluginJars.build(tmp, "liar", Map.of("liar.Provider", PluginJars.provider("liar", "liar", "", "", "", logits)),
                "liar.Provider");
        Files.copy(tmp.resolve("liar.jar"), plugins.resolve("liar.jar"));
        ModelRegistry forked = ModelRegistry.discover(getClass().getClassLoader(), plugins)
                .isolatePlugins(IsolatedModel.in(new JobLimits(120, 256)));
        try (Model m = forked.open("liar")) {
            long t = System.nanoTime();
            ModelException e = assertThrows(ModelException.class, () -> m.activations(batch(), List.of("final")));
            assertTrue(e.getMessage().contains("claims 1073741824 bytes (at most "
                    + ModelCalls.idxBytes(3, new int[] {10}) + " expected)"), e.getMessage());
            assertTrue((System.nanoTime() - t) / 1e9 < 50, "refused when the claim comes, not at the time limit");
        }
    }

    @Test
    void framesSkipWhatComesBeforeThemAndRefuseDamage() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("printed by a native library\n".getBytes(StandardCharsets.UTF_8));
        Frames.write(out, ModelCalls.activations(List.of("final"), batch()));
        byte[] bytes = out.toByteArray();
        ByteArrayOutputStream noise = new ByteArrayOutputStream();
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        Frames.Frame f = Frames.read(in, noise);
        assertEquals("printed by a native library\n", noise.toString(StandardCharsets.UTF_8));
        assertEquals("final", f.head().path("stages").get(0).asText());
        assertArrayEquals(batch().toFloatArray(), ModelCalls.tensor(f.blobs().get(0), "input").toFloatArray());
        assertNull(Frames.read(in, noise), "the end of the stream");

        long needed = ModelCalls.idxBytes(3, new int[] {1, 28, 28});
        assertEquals(f.blobs().get(0).length, needed, "what an answer of this shape holds");
        IOException big = assertThrows(IOException.class, () -> Frames.read(new ByteArrayInputStream(bytes),
                new ByteArrayOutputStream(), () -> needed - 1));
        assertTrue(big.getMessage().contains("claims " + needed + " bytes (at most " + (needed - 1) + " expected)"),
                big.getMessage());

        byte[] damaged = bytes.clone();
        damaged[damaged.length / 2] ^= 1;
        IOException e = assertThrows(IOException.class,
                () -> Frames.read(new ByteArrayInputStream(damaged), new ByteArrayOutputStream()));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 10);
        IOException c = assertThrows(IOException.class,
                () -> Frames.read(new ByteArrayInputStream(cut), new ByteArrayOutputStream()));
        assertTrue(c.getMessage().contains("cut short"), c.getMessage());
    }
}
