package org.metamerbench.cli;

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

    @picocli.CommandLine.Mixin
    JobLimitOptions jobLimits = new JobLimitOptions();

    @Option(names = "--no-isolation", description = "Run plugin models in this JVM (faster, but a plugin that hangs, "
            + "exits or runs out of memory takes the run down)")
    boolean noIsolation;

    /** The plugin folder as a command's options, for a child process that discovers the same models. */
    java.util.List<String> asOptions() {
        return plugins == null ? java.util.List.of() : java.util.List.of("--plugins", plugins.toAbsolutePath().toString());
    }

    /** The built-in models and those of the plugin folder, plugins isolated unless --no-isolation. */
    ModelRegistry registry() {
        return source().registry();
    }

    /** The built-in models and those of the plugin folder; problems are printed as warnings. */
    ModelRegistry registry(boolean isolate) {
        ModelSource s = source();
        return new ModelSource(s.plugins(), isolate, s.limits()).registry();
    }

    /** Where these options take the models from: the plugin folder (absolute; ./plugins if it exists), the limits. */
    ModelSource source() {
        Path dir = plugins != null ? plugins : Files.isDirectory(DEFAULT) ? DEFAULT : null;
        return new ModelSource(dir == null ? null : dir.toAbsolutePath(), !noIsolation, jobLimits.limits());
    }
}
