package org.metamerbench.runner.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.metamerbench.runner.engine.ModelRegistry;
import picocli.CommandLine.Option;

/** Where plugin jars come from, for the commands that discover models. */
final class PluginOptions {
    static final Path DEFAULT = Path.of("plugins");

    @Option(names = "--plugins", paramLabel = "DIR", description = "Folder of plugin jars, each loaded in its own "
            + "class loader that sees only the benchmark API and the runner's backends (default: ./plugins if it "
            + "exists)")
    Path plugins;

    /** The built-in models and those of the plugin folder; problems are printed as warnings. */
    ModelRegistry registry() {
        Path dir = plugins != null ? plugins : Files.isDirectory(DEFAULT) ? DEFAULT : null;
        if (plugins != null && !Files.isDirectory(plugins)) {
            throw new IllegalArgumentException("--plugins " + plugins + ": no such folder");
        }
        ModelRegistry registry = ModelRegistry.discover(PluginOptions.class.getClassLoader(), dir);
        registry.problems().forEach(p -> System.err.println("warning: " + p));
        return registry;
    }
}
