package org.metamerbench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.metamerbench.runner.engine.ModelRegistry;
import org.metamerbench.runner.isolation.IsolatedModel;
import org.metamerbench.runner.isolation.JobLimits;

/**
 * Where a run's models come from: the built-in models and those of a plugin folder ({@code plugins}, absolute, or
 * null for none), each plugin model in its own JVM with {@code limits} unless {@code isolate} is false. A shard task
 * given this discovers the models that the driver planned with.
 */
public record ModelSource(Path plugins, boolean isolate, JobLimits limits) {
    /** Discovers the models; problems are printed as warnings. */
    public ModelRegistry registry() {
        if (plugins != null && !Files.isDirectory(plugins)) {
            throw new IllegalArgumentException("--plugins " + plugins + ": no such folder");
        }
        ModelRegistry registry = ModelRegistry.discover(ModelSource.class.getClassLoader(), plugins);
        if (isolate) {
            registry.isolatePlugins(IsolatedModel.in(limits));
        }
        registry.problems().forEach(p -> System.err.println("warning: " + p));
        return registry;
    }
}
