package org.metamerbench.runner.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How the harness starts a JVM of its own: this JVM's java binary and class path. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** The java binary of this JVM. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String pathingJar;

    /**
     * The class path of a child JVM: this JVM's, and the jars of the class loader that loaded the harness
     * where that is not the JVM's own. A class path of many entries is passed as one
     * manifest-only jar (as surefire does): with a long {@code java.class.path}, ONNX Runtime 1.29's
     * native loader was seen to crash the JVM (SIGSEGV) while opening a session.
     */
    public static synchronized String classpath() {
        String cp = System.getProperty("java.class.path");
        // Where the harness itself was loaded by a class loader of jars added at run time (a Spark
        // executor's, for jars given to spark-submit --jars), a child needs those jars too.
        if (ChildJvm.class.getClassLoader() instanceof java.net.URLClassLoader loader) {
            StringBuilder more = new StringBuilder(cp);
            for (java.net.URL url : loader.getURLs()) {
                if ("file".equals(url.getProtocol())) {
                    try {
                        more.append(java.io.File.pathSeparator).append(Path.of(url.toURI()));
                    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                        // not a local file: the child cannot use it
                    }
                }
            }
            cp = more.toString();
        }
        if (!cp.contains(java.io.File.pathSeparator)) {
            return cp;
        }
        if (pathingJar == null) {
            try {
                Path jar = Files.createTempFile("metamer-bench-classpath-", ".jar");
                jar.toFile().deleteOnExit();
                java.util.jar.Manifest mf = new java.util.jar.Manifest();
                mf.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
                StringBuilder urls = new StringBuilder();
                for (String entry : cp.split(java.io.File.pathSeparator)) {
                    if (!entry.isEmpty()) {
                        urls.append(urls.length() == 0 ? "" : " ").append(Path.of(entry).toAbsolutePath().toUri());
                    }
                }
                mf.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH, urls.toString());
                try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), mf)) {
                    out.flush();
                }
                pathingJar = jar.toString();
            } catch (IOException e) {
                return cp;
            }
        }
        return pathingJar;
    }

}
