package org.metamerbench.runner.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the harness starts a JVM of its own: this JVM's java binary and class path, the parent's identity for the
 * child's {@link ParentWatch}, and a record of the children still running, which this JVM stops when it ends
 * (a shutdown hook: a normal exit, SIGTERM or SIGINT; after a SIGKILL the children's watch stops them).
 */
public final class ChildJvm {
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildJvm::stopAll, "stop-child-jvms"));
    }

    private ChildJvm() {
    }

    /**
     * The command line of a child JVM running {@code mainClass} with {@code args}: this JVM's java binary, the
     * property that names this process as the child's parent, {@code jvmOptions} and the class path.
     */
    public static java.util.List<String> command(java.util.List<String> jvmOptions, String mainClass,
            java.util.List<String> args) {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(java());
        cmd.add("-D" + ParentWatch.PROPERTY + "=" + ParentWatch.self());
        cmd.addAll(jvmOptions);
        cmd.addAll(java.util.List.of("-cp", classpath(), mainClass));
        cmd.addAll(args);
        return cmd;
    }

    /** Starts a child and records it until it ends, so that it is stopped when this JVM ends. */
    public static Process start(ProcessBuilder builder) throws IOException {
        Process p = builder.start();
        LIVE.add(p);
        p.onExit().thenRun(() -> LIVE.remove(p));
        return p;
    }

    /** Stops every recorded child: asks them to end (their own hooks stop theirs), and kills those left after 5 s. */
    private static void stopAll() {
        java.util.List<Process> running = java.util.List.copyOf(LIVE);
        running.forEach(Process::destroy);
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (Process p : running) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !p.waitFor(left, java.util.concurrent.TimeUnit.NANOSECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
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
