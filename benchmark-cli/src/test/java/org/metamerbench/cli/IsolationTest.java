package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.cli.Main;
import org.metamerbench.runner.engine.PluginJars;

/**
 * Deliberately broken plugin jars, each run in its own JVM: every one fails only its own job, with
 * the right reason, while the zoo's jobs complete.
 */
class IsolationTest {
    @TempDir
    Path tmp;

    @Test
    void eachBrokenPluginFailsAloneWithItsReason() throws IOException {
        Path build = tmp.resolve("build");
        Path plugins = tmp.resolve("plugins");
        Files.createDirectories(build);
        Files.createDirectories(plugins);
        Map<String, String[]> broken = new java.util.LinkedHashMap<>();
        broken.put("opens-badly", new String[] {"if (true) throw new IllegalStateException(\"checkpoint is corrupt\");", ""});
        broken.put("nan-logits", new String[] {"", "if (true) { float[] v = new float[10 * batch.batchSize()]; "
                + "java.util.Arrays.fill(v, Float.NaN); return Tensor.of(new int[] {batch.batchSize(), 10}, v); }"});
        broken.put("wrong-shape", new String[] {"", "if (true) return Tensor.of(new int[] {batch.batchSize(), 3}, "
                + "new float[3 * batch.batchSize()]);"});
        broken.put("sleeps", new String[] {"", "try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { }"});
        broken.put("exits", new String[] {"", "System.exit(7);"});
        broken.put("hogs-memory", new String[] {"", "java.util.List<long[]> hog = new java.util.ArrayList<>(); "
                + "for (int i = 0; i < Integer.MAX_VALUE; i++) { hog.add(new long[1 << 20]); }"});
        for (Map.Entry<String, String[]> e : broken.entrySet()) {
            String pkg = e.getKey().replace("-", "");
            PluginJars.build(build, e.getKey(), Map.of(pkg + ".Provider", PluginJars.provider(pkg, e.getKey(), "", "",
                    e.getValue()[0], e.getValue()[1])), pkg + ".Provider");
            Files.copy(build.resolve(e.getKey() + ".jar"), plugins.resolve(e.getKey() + ".jar"));
        }
        PluginJars.build(build, "fine", Map.of("fine.Provider", PluginJars.provider("fine", "brightness", "", "")),
                "fine.Provider");
        Files.copy(build.resolve("fine.jar"), plugins.resolve("fine.jar"));

        Path out = tmp.resolve("results");
        List<String> observers = new java.util.ArrayList<>(List.of("cnn-s1", "mlp", "brightness"));
        observers.addAll(broken.keySet());
        int rc = Main.execute("run", "--plugins", plugins.toString(), "--job-timeout", "20", "--job-heap", "128",
                "--models", "cnn-s1", "--observers", String.join(",", observers), "--stages", "final", "--stimuli",
                "10", "--schedule-stages", "1", "--steps", "5", "--bootstrap", "20", "--out",
                out.toString(), "--run-id", "iso");
        assertEquals(0, rc, "the zoo's job completes");
        JsonNode run = new ObjectMapper().readTree(out.resolve("iso").resolve("run.json").toFile());
        assertEquals("ok", run.at("/jobs/0/status").asText());
        Map<String, String> failures = new HashMap<>();
        for (JsonNode m : run.get("models")) {
            if (m.has("failure")) {
                failures.put(m.get("id").asText(), m.get("failure").asText());
            }
        }
        assertTrue(!failures.containsKey("brightness") && !failures.containsKey("cnn-s1"), failures.toString());
        assertTrue(failures.get("opens-badly").contains("checkpoint is corrupt"), failures.get("opens-badly"));
        assertTrue(failures.get("nan-logits").contains("non-finite"), failures.get("nan-logits"));
        assertTrue(failures.get("wrong-shape").contains("shape [10, 3]"), failures.get("wrong-shape"));
        assertTrue(failures.get("sleeps").contains("timed out after 20 s"), failures.get("sleeps"));
        assertTrue(failures.get("exits").contains("exited with status 7"), failures.get("exits"));
        assertTrue(failures.get("hogs-memory").contains("ran out of memory (heap limit 128 MiB)"),
                failures.get("hogs-memory"));
        List<String> natural = Files.readAllLines(out.resolve("iso").resolve("natural.csv"));
        assertEquals(10, natural.stream().filter(l -> l.startsWith("brightness,")).count(),
                "the working plugin, isolated too, observes");
        assertTrue(natural.stream().noneMatch(l -> l.startsWith("nan-logits,")));
    }
}
