package org.metamerbench.runner.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds plugin jars for tests: compiles Java sources against the benchmark API and packages them. */
public final class PluginJars {
    private PluginJars() {
    }

    /**
     * @param sources  class name -> source
     * @param provider the class named in META-INF/services (null: no service file)
     */
    public static Path build(Path dir, String name, Map<String, String> sources, String provider) throws IOException {
        Path src = dir.resolve(name + "-src");
        Path classes = dir.resolve(name + "-classes");
        Files.createDirectories(classes);
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            files.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp",
                System.getProperty("java.class.path"), "--release", "17", "-nowarn"));
        args.addAll(files);
        int rc = javac.run(null, null, null, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("plugin fixture " + name + " does not compile");
        }
        Path jar = dir.resolve(name + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
            if (provider != null) {
                j.putNextEntry(new JarEntry("META-INF/services/org.metamerbench.api.ModelProvider"));
                j.write((provider + "\n").getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        return jar;
    }

    /**
     * A provider of one observer-only model with the given id that shares the Fashion-MNIST task: its
     * class is the image's mean brightness in tenths (enough to exercise loading, not a benchmark model). {@code constructorBody} runs
     * in the provider's constructor; {@code modelsBody} before models() returns.
     */
    public static String provider(String pkg, String id, String constructorBody, String modelsBody) {
        return provider(pkg, id, constructorBody, modelsBody, "", "");
    }

    /** As above; {@code openBody} runs first in open(), {@code logitsBody} first in logits(). */
    public static String provider(String pkg, String id, String constructorBody, String modelsBody, String openBody,
            String logitsBody) {
        return """
                package PKG;

                import java.util.LinkedHashMap;
                import java.util.List;
                import java.util.Map;
                import org.metamerbench.api.*;

                public class Provider implements ModelProvider {
                    public Provider() { CTOR }
                    public String name() { return "PKG"; }
                    public List<ModelCard> models() {
                        MODELS
                        boolean seesRunner;
                        try { Class.forName("org.metamerbench.runner.engine.ModelRegistry"); seesRunner = true; }
                        catch (ClassNotFoundException e) { seesRunner = false; }
                        return List.of(ModelCard.builder("ID").version("v1").inputShape(1, 28, 28)
                                .classLabels(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
                                        "Shirt", "Sneaker", "Bag", "Ankle boot")).stage("input", false, 1, 28, 28)
                                .stage("final", false, 10).property("sees-runner", Boolean.toString(seesRunner))
                                .build());
                    }
                    public Model open(String id) {
                        OPEN
                        ModelCard card = models().get(0);
                        return new Model() {
                            public ModelCard card() { return card; }
                            public Tensor logits(Tensor batch) {
                                LOGITS
                                int n = batch.batchSize();
                                float[] out = new float[10 * n];
                                for (int i = 0; i < n; i++) {
                                    float[] x = batch.sample(i).toFloatArray();
                                    float m = 0;
                                    for (float v : x) { m += v / x.length; }
                                    for (int k = 0; k < 10; k++) { out[10 * i + k] = -Math.abs(10 * m - k); }
                                }
                                return Tensor.of(new int[] {n, 10}, out);
                            }
                            public Map<String, Tensor> activations(Tensor batch, List<String> stages) {
                                Map<String, Tensor> out = new LinkedHashMap<>();
                                for (String s : stages) { out.put(s, s.equals("input") ? batch : logits(batch)); }
                                return out;
                            }
                            public void close() { }
                        };
                    }
                }
                """.replace("PKG", pkg).replace("ID", id).replace("CTOR", constructorBody).replace("MODELS", modelsBody)
                .replace("OPEN", openBody).replace("LOGITS", logitsBody);
    }
}
