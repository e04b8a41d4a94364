package org.metamerbench.runner.engine;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one plugin jar. Its parent offers only the JDK, the benchmark API and the
 * backends the runner ships (DJL, ONNX Runtime, and the logging API they use); everything else of the
 * runner (its engine, the zoo, other plugins) is invisible to the plugin, and the plugin's own
 * classes cannot replace any of those.
 */
final class PluginClassLoader extends URLClassLoader {
    /** Packages (and resource folders) of the runner a plugin may use. */
    static final List<String> SHARED = List.of("org.metamerbench.api.", "ai.djl.", "ai.onnxruntime.", "org.slf4j.");

    /** The runner's shared packages, on top of the JDK. */
    static final class SharedOnly extends ClassLoader {
        private final ClassLoader runner;

        SharedOnly(ClassLoader runner) {
            super("metamer-bench-shared", ClassLoader.getPlatformClassLoader());
            this.runner = runner;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (shared(name)) {
                return runner.loadClass(name);
            }
            throw new ClassNotFoundException(name + " is not part of what the runner offers plugins (the JDK and "
                    + String.join(", ", SHARED) + ")");
        }

        @Override
        protected URL findResource(String name) {
            return shared(name.replace('/', '.')) ? runner.getResource(name) : null;
        }

        @Override
        protected Enumeration<URL> findResources(String name) throws IOException {
            return shared(name.replace('/', '.')) ? runner.getResources(name) : Collections.emptyEnumeration();
        }

        private static boolean shared(String name) {
            return SHARED.stream().anyMatch(name::startsWith);
        }
    }

    PluginClassLoader(Path jar, ClassLoader runner) throws IOException {
        super("plugin:" + jar.getFileName(), new URL[] {jar.toUri().toURL()}, new SharedOnly(runner));
    }
}
