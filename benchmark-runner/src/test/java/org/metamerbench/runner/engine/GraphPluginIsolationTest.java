package org.metamerbench.runner.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.api.DifferentiableGraphModel;
import org.metamerbench.api.GraphInput;
import org.metamerbench.api.GraphModel;
import org.metamerbench.api.ModelException;
import org.metamerbench.api.Tensor;
import org.metamerbench.runner.PackageFixtures;
import org.metamerbench.runner.isolation.IsolatedGraphModel;
import org.metamerbench.runner.isolation.IsolatedModel;
import org.metamerbench.runner.isolation.JobLimits;

/**
 * A graph model of the plugin folder runs in a forked JVM of its own while plugins are isolated, never inside the
 * runner's JVM: the package's GCN answers there as it answers in-process, bit for bit, call after call in one JVM; a
 * gradient call that fails fails alone; an isolation that serves no graph models refuses them.
 */
class GraphPluginIsolationTest {
    static Path plugins(Path tmp) throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Files.copy(PackageFixtures.DIR.resolve("graph/tiny-gcn-torchscript.zip"),
                plugins.resolve("tiny-gcn-torchscript.zip"));
        return plugins;
    }

    static GraphInput graph(int n, int f) {
        float[] x = new float[n * f];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 31 % 17) == 0 ? 1f : 0f;
        }
        float[] a = new float[n * n];
        for (int i = 0; i + 1 < n; i++) {
            a[i * n + i + 1] = 1f;
            a[(i + 1) * n + i] = 1f;
        }
        return new GraphInput(Tensor.of(new int[] {n, f}, x), Tensor.of(new int[] {n, n}, a));
    }

    @Test
    void aGraphPackageRunsInAForkedJvmAsItRunsHere(@TempDir Path tmp) throws Exception {
        Path plugins = plugins(tmp);
        GraphInput g = graph(9, 1433);
        float[] u = new float[9 * 16];
        for (int i = 0; i < u.length; i++) {
            u[i] = (float) Math.sin(i);
        }
        Tensor upstream = Tensor.of(new int[] {9, 16}, u);
        ModelRegistry here = ModelRegistry.discover(getClass().getClassLoader(), plugins);
        Map<String, Tensor> acts;
        DifferentiableGraphModel.GraphGradient grad;
        try (GraphModel m = here.openGraph("tiny-gcn")) {
            acts = m.activations(g, List.of("layer1", "final"));
            grad = ((DifferentiableGraphModel) m).vjp(g, "layer1", a -> upstream);
        }
        ModelRegistry forked = ModelRegistry.discover(getClass().getClassLoader(), plugins)
                .isolatePlugins(IsolatedModel.in(new JobLimits(300, 1024)));
        try (GraphModel m = forked.openGraph("tiny-gcn")) {
            assertTrue(m instanceof IsolatedGraphModel, "the registry opened it in a fork: " + m.getClass());
            Map<String, Tensor> there = m.activations(g, List.of("layer1", "final"));
            assertArrayEquals(acts.get("layer1").toFloatArray(), there.get("layer1").toFloatArray());
            assertArrayEquals(acts.get("final").toFloatArray(), there.get("final").toFloatArray());
            DifferentiableGraphModel dm = (DifferentiableGraphModel) m;
            Tensor[] seen = {null};
            DifferentiableGraphModel.GraphGradient gg = dm.vjp(g, "layer1", a -> {
                seen[0] = a;
                return upstream;
            });
            assertArrayEquals(acts.get("layer1").toFloatArray(), seen[0].toFloatArray(),
                    "the upstream gradient is asked of the activation the child computed");
            assertArrayEquals(grad.featureGradient().toFloatArray(), gg.featureGradient().toFloatArray());
            assertArrayEquals(grad.adjacencyGradient().toFloatArray(), gg.adjacencyGradient().toFloatArray());

            // an upstream gradient of the wrong shape fails that call in the child, and the child goes on
            ModelException bad = assertThrows(ModelException.class, () -> dm.vjp(g, "layer1",
                    a -> Tensor.zeros(9, 3)));
            assertTrue(bad.getMessage().contains("upstream gradient shape"), bad.getMessage());
            assertArrayEquals(grad.featureGradient().toFloatArray(), dm.vjp(g, "layer1", a -> upstream)
                    .featureGradient().toFloatArray());
            assertEquals(1, ((IsolatedGraphModel) m).jvmsStarted(), "one JVM for every call");
        }
    }

    @Test
    void anIsolationThatServesNoGraphModelsRefusesThem(@TempDir Path tmp) throws Exception {
        ModelRegistry registry = ModelRegistry.discover(getClass().getClassLoader(), plugins(tmp));
        boolean[] opened = {false};
        registry.isolatePlugins((card, source) -> {
            opened[0] = true;
            throw new ModelException("not in this test");
        });
        ModelException e = assertThrows(ModelException.class, () -> registry.openGraph("tiny-gcn"));
        assertTrue(e.getMessage().contains("plugin folder"), e.getMessage());
        assertTrue(!opened[0], "nothing was opened, in a fork or here");
    }
}
