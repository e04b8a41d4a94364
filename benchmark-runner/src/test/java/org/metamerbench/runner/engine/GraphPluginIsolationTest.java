package org.metamerbench.runner.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.api.ModelException;

/** A model from the plugin folder never runs inside the runner's JVM as a graph model while plugins are isolated. */
class GraphPluginIsolationTest {
    @Test
    void aPluginFolderModelIsNotOpenedAsAGraphModelInTheRunnersJvm(@TempDir Path tmp) throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Files.copy(PluginJars.build(tmp, "foreign", Map.of("foreign.Provider", PluginJars.provider("foreign",
                "foreign", "", "")), "foreign.Provider"), plugins.resolve("foreign.jar"));
        ModelRegistry registry = ModelRegistry.discover(getClass().getClassLoader(), plugins);
        boolean[] opened = {false};
        registry.isolatePlugins((card, source) -> {
            opened[0] = true;
            throw new ModelException("not in this test");
        });
        ModelException e = assertThrows(ModelException.class, () -> registry.openGraph("foreign"));
        assertTrue(e.getMessage().contains("plugin folder"), e.getMessage());
        assertTrue(!opened[0], "nothing was opened, in a fork or here");
    }
}
