package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.api.Model;
import org.metamerbench.api.Tensor;
import org.metamerbench.runner.engine.ModelRegistry;
import org.metamerbench.runner.engine.PluginJars;

/**
 * A plugin folder: every jar in its own class loader that sees only the API and the backends; broken
 * jars are reported (jar, class, cause) and skipped while the others load.
 */
class PluginFolderTest {
    @TempDir
    static Path plugins;
    @TempDir
    static Path build;
    static ModelRegistry registry;

    @BeforeAll
    static void buildJars() throws IOException {
        PluginJars.build(build, "good", Map.of("good.Provider", PluginJars.provider("good", "brightness", "", "")),
                "good.Provider");
        PluginJars.build(build, "throws", Map.of("throwing.Provider", PluginJars.provider("throwing", "t",
                "if (true) throw new IllegalStateException(\"no licence file\");", "")), "throwing.Provider");
        PluginJars.build(build, "missing", Map.of("missing.Provider", PluginJars.provider("missing", "m", "", "")),
                "missing.NoSuchProvider");
        PluginJars.build(build, "models-throws", Map.of("mt.Provider", PluginJars.provider("mt", "mt", "",
                "if (true) throw new UnsupportedOperationException(\"weights not found\");")), "mt.Provider");
        PluginJars.build(build, "twin-a", Map.of("twina.Provider", PluginJars.provider("twina", "twin", "", "")),
                "twina.Provider");
        PluginJars.build(build, "twin-b", Map.of("twinb.Provider", PluginJars.provider("twinb", "twin", "", "")),
                "twinb.Provider");
        PluginJars.build(build, "shadow", Map.of("shadow.Provider", PluginJars.provider("shadow", "cnn-s1", "", "")),
                "shadow.Provider");
        for (String j : List.of("good", "throws", "missing", "models-throws", "twin-a", "twin-b", "shadow")) {
            Files.copy(build.resolve(j + ".jar"), plugins.resolve(j + ".jar"));
        }
        Files.writeString(plugins.resolve("corrupt.jar"), "this is not a zip file");
        registry = ModelRegistry.discover(PluginFolderTest.class.getClassLoader(), plugins);
    }

    private static String problem(String jar) {
        return registry.problems().stream().filter(p -> p.contains("/" + jar)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem reported for " + jar + ": " + registry.problems()));
    }

    @Test
    void aGoodPluginLoadsBesideTheZooAndSeesOnlyTheApi() {
        ModelRegistry.Entry e = registry.get("brightness");
        assertEquals(plugins.resolve("good.jar").toString(), e.source());
        assertEquals("false", e.card().properties().get("sees-runner"), "the runner's engine is invisible to plugins");
        assertTrue(registry.contains("cnn-s1") && registry.contains("mlp"), "the zoo is still there");
        try (Model m = registry.open("brightness")) {
            Tensor bright = Tensor.of(new int[] {1, 1, 28, 28}, filled(0.9f));
            assertTrue(m.logits(bright).get(1) > m.logits(bright).get(0));
        }
    }

    @Test
    void brokenJarsAreReportedWithJarClassAndCauseAndSkipped() {
        String t = problem("throws.jar");
        assertTrue(t.contains("throwing.Provider") && t.contains("no licence file"), t);
        String m = problem("missing.jar");
        assertTrue(m.contains("missing.NoSuchProvider"), m);
        String mt = problem("models-throws.jar");
        assertTrue(mt.contains("mt.Provider") && mt.contains("weights not found"), mt);
        String c = problem("corrupt.jar");
        assertTrue(c.contains("not a readable jar"), c);
        assertTrue(!registry.contains("t") && !registry.contains("m") && !registry.contains("mt"));
    }

    @Test
    void aDuplicateIdIsRefusedNamingBothJars() {
        String twin = registry.problems().stream().filter(p -> p.contains("'twin'")).findFirst().orElseThrow();
        assertTrue(twin.contains("twin-a.jar") && twin.contains("twin-b.jar"), twin);
        assertTrue(!registry.contains("twin"));
        String shadow = registry.problems().stream().filter(p -> p.contains("'cnn-s1'")).findFirst().orElseThrow();
        assertTrue(shadow.contains("shadow.jar") && shadow.contains("built-in one is kept"), shadow);
        assertEquals(ModelRegistry.BUILT_IN, registry.get("cnn-s1").source());
    }

    @Test
    void runWithAPluginFolderScoresThePluginAsAnObserverAndReportsTheBrokenJars(@TempDir Path out)
            throws IOException {
        int rc = org.metamerbench.cli.Main.execute("run", "--plugins", plugins.toString(), "--models", "mlp",
                "--observers", "mlp,brightness", "--stages", "final", "--stimuli", "10", "--schedule-stages", "1",
                "--steps", "5", "--bootstrap", "20", "--out", out.toString(), "--run-id", "p");
        assertEquals(0, rc);
        List<String> natural = Files.readAllLines(out.resolve("p").resolve("natural.csv"));
        assertEquals(10, natural.stream().filter(l -> l.startsWith("brightness,")).count());
        assertTrue(Files.readString(out.resolve("p").resolve("run.json")).contains("\"provider\" : \"good\""));
    }

    private static float[] filled(float v) {
        float[] a = new float[784];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
