package org.metamerbench.runner.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.api.Capability;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelProvider;
import org.metamerbench.api.Stage;
import org.metamerbench.api.Tensor;
import org.metamerbench.results.NaturalRow;
import org.metamerbench.results.RecognitionRow;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.zoo.ZooProvider;

/**
 * Runs that must not be moved by what a submitter controls: observers that do not share the task,
 * observers that answer by a declared mapping, NaN from a model, damaged cache entries.
 */
class TrustTest {
    @TempDir
    Path out;

    private static final List<String> LABELS = new ZooProvider().models().get(0).classLabels();

    /** Variants of the zoo's mlp under other ids: another card and transformed logits, or a broken gradient. */
    static final class VariantProvider implements ModelProvider {
        private final String id;
        private final List<String> classes;
        private final Map<String, String> mapping;
        private final UnaryOperator<Tensor> logits;
        private final int nanGradientAfter;
        private boolean lyingLogits;

        /** logits() answers class 0 for everything, while the card's last stage stays the true logits. */
        VariantProvider lyingLogits() {
            this.lyingLogits = true;
            return this;
        }

        VariantProvider(String id, List<String> classes, Map<String, String> mapping, UnaryOperator<Tensor> logits,
                int nanGradientAfter) {
            this.id = id;
            this.classes = classes;
            this.mapping = mapping;
            this.logits = logits;
            this.nanGradientAfter = nanGradientAfter;
        }

        @Override
        public String name() {
            return "variant-" + id;
        }

        @Override
        public List<ModelCard> models() {
            ModelCard c = new ZooProvider().models().stream().filter(m -> m.id().equals("mlp")).findFirst()
                    .orElseThrow();
            ModelCard.Builder b = ModelCard.builder(id).version("v1").inputShape(c.inputShape()).classLabels(classes)
                    .categoryMapping(mapping);
            if (nanGradientAfter >= 0) {
                b.capability(Capability.INPUT_GRADIENT);
            }
            List<Stage> stages = c.stages();
            for (Stage s : stages.subList(0, stages.size() - 1)) {
                b.stage(s);
            }
            b.stage("final", false, classes.size());
            return List.of(b.build());
        }

        @Override
        public Model open(String modelId) {
            DifferentiableModel inner = (DifferentiableModel) new ZooProvider().open("mlp");
            ModelCard card = models().get(0);
            int[] calls = {0};
            return new DifferentiableModel() {
                @Override
                public ModelCard card() {
                    return card;
                }

                @Override
                public Tensor logits(Tensor batch) {
                    if (!lyingLogits) {
                        return DifferentiableModel.super.logits(batch);
                    }
                    float[] v = new float[batch.batchSize() * classes.size()];
                    for (int i = 0; i < batch.batchSize(); i++) {
                        v[i * classes.size()] = 100;
                    }
                    return Tensor.wrap(new int[] {batch.batchSize(), classes.size()}, v);
                }

                @Override
                public Map<String, Tensor> activations(Tensor batch, List<String> stages) {
                    Map<String, Tensor> m = new LinkedHashMap<>();
                    for (String s : stages) {
                        m.put(s, s.equals("final") ? logits.apply(inner.logits(batch))
                                : inner.activations(batch, List.of(s)).get(s));
                    }
                    return m;
                }

                @Override
                public StageGradient vjp(Tensor input, String stage, Upstream upstream, boolean fakeRelu) {
                    StageGradient g = inner.vjp(input, stage, upstream, fakeRelu);
                    if (++calls[0] > nanGradientAfter) {
                        float[] v = g.inputGradient().toFloatArray();
                        v[v.length / 2] = Float.NaN;
                        return new StageGradient(g.activation(), Tensor.wrap(g.inputGradient().shape(), v));
                    }
                    return g;
                }

                @Override
                public void close() {
                    inner.close();
                }
            };
        }
    }

    /** 21 classes: two per category of the set, their logits the mlp's and the mlp's minus 1, and an unmapped decoy. */
    static VariantProvider mappedObserver() {
        List<String> classes = new ArrayList<>();
        Map<String, String> mapping = new LinkedHashMap<>();
        for (int k = 0; k < 10; k++) {
            classes.add(LABELS.get(k) + " (a)");
            classes.add(LABELS.get(k) + " (b)");
            mapping.put(LABELS.get(k) + " (a)", LABELS.get(k));
            mapping.put(LABELS.get(k) + " (b)", LABELS.get(k));
        }
        classes.add("decoy");
        return new VariantProvider("mapped", classes, mapping, l -> {
            int n = l.batchSize();
            float[] v = new float[21 * n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < 10; k++) {
                    v[21 * i + 2 * k] = l.get(10 * i + k) - 1;
                    v[21 * i + 2 * k + 1] = l.get(10 * i + k);
                }
                v[21 * i + 20] = 1000; // never an answer: the decoy maps to no category
            }
            return Tensor.wrap(new int[] {n, 21}, v);
        }, -1);
    }

    static VariantProvider twoClassObserver() {
        return new VariantProvider("two-class", List.of("top", "bottom"), Map.of(), l -> {
            int n = l.batchSize();
            float[] v = new float[2 * n];
            for (int i = 0; i < n; i++) {
                v[2 * i] = l.get(10 * i);
                v[2 * i + 1] = l.get(10 * i + 1);
            }
            return Tensor.wrap(new int[] {n, 2}, v);
        }, -1);
    }

    private RunConfig config(List<String> generators, List<String> observers, String stage, String runId, boolean cache) {
        return new RunConfig("test", generators, observers, List.of(stage), "fashion-mnist-test-100", 10,
                "fashion-mnist-train-2000", 1, 5, true, false, 1, 100, 1.0, 20, out, runId, cache);
    }

    @Test
    void anObserverWithOtherClassesIsRefusedNamingTheDifference() throws IOException {
        ModelRegistry registry = ModelRegistry.of(new ZooProvider(), twoClassObserver());
        ObserverTask.Mismatch e = assertThrows(ObserverTask.Mismatch.class, () -> BenchmarkRun.execute(
                config(List.of("mlp"), List.of("mlp", "two-class"), "final", "named", false), registry,
                new BenchmarkRun.Listener() { }));
        assertTrue(e.getMessage().startsWith("two-class does not share the task"), e.getMessage());
        assertTrue(e.getMessage().contains("it has 2 classes, the set has 10 categories"), e.getMessage());

        // Discovered rather than named: left out with the reason, and the run goes on.
        List<String> warnings = new ArrayList<>();
        BenchmarkRun.Outcome o = BenchmarkRun.execute(config(List.of("mlp"), List.of(), "final", "found", false),
                registry, new BenchmarkRun.Listener() {
                    @Override
                    public void warning(String text) {
                        warnings.add(text);
                    }
                });
        assertTrue(o.modelFailures().get("two-class").contains("does not share the task"));
        assertTrue(warnings.stream().anyMatch(w -> w.contains("two-class")), warnings.toString());
        JsonNode run = new ObjectMapper().readTree(o.runDir().resolve(ResultFiles.RUN_JSON).toFile());
        assertEquals("two-class", run.at("/refused_models/0/id").asText());
        try (Stream<String> lines = Files.lines(o.runDir().resolve(ResultFiles.NATURAL_CSV))) {
            assertTrue(lines.noneMatch(l -> l.startsWith("two-class,")), "a refused model never observes");
        }
    }

    @Test
    void anObserverWithAMappingAnswersByForcedChoiceAmongTheSetsCategories() throws IOException {
        ModelRegistry registry = ModelRegistry.of(new ZooProvider(), mappedObserver());
        BenchmarkRun.Outcome o = BenchmarkRun.execute(config(List.of("mlp"), List.of("mlp", "mapped"), "fc1_relu",
                "mapped", false), registry, new BenchmarkRun.Listener() { });
        assertTrue(o.jobs().stream().allMatch(j -> j.status().equals("ok")), o.jobs().toString());
        RunResults r = RunResults.load(o.runDir());
        // The mapped observer's answer is the category of its best mapped class: the mlp's own answer, never
        // the decoy's, for natural stimuli and metamers alike.
        Map<String, Integer> mlpNatural = new LinkedHashMap<>();
        Map<String, Integer> mappedNatural = new LinkedHashMap<>();
        for (NaturalRow n : r.natural()) {
            (n.observer().equals("mlp") ? mlpNatural : mappedNatural).put(n.stimulusId(), n.predicted());
        }
        assertEquals(10, mappedNatural.size());
        assertEquals(mlpNatural, mappedNatural);
        Map<String, Integer> self = new LinkedHashMap<>();
        Map<String, Integer> mapped = new LinkedHashMap<>();
        for (RecognitionRow rec : r.recognition()) {
            (rec.observer().equals("mlp") ? self : mapped).put(rec.stimulusId(), rec.predicted());
        }
        assertEquals(self, mapped);
        String task = r.record().models().get(1).task();
        assertTrue(task.startsWith("forced choice: 20 of 21 classes"), task);
    }

    @Test
    void answersAreReadAtTheLogitsStageNotFromALogitsMethodThatDiffers() throws IOException {
        VariantProvider lying = new VariantProvider("lying", LABELS, Map.of(), l -> l, -1).lyingLogits();
        BenchmarkRun.Outcome o = BenchmarkRun.execute(config(List.of("mlp"), List.of("mlp", "lying"), "final", "lying",
                false), ModelRegistry.of(new ZooProvider(), lying), new BenchmarkRun.Listener() { });
        RunResults r = RunResults.load(o.runDir());
        Map<String, Integer> mlp = new LinkedHashMap<>();
        Map<String, Integer> lyingAnswers = new LinkedHashMap<>();
        for (NaturalRow n : r.natural()) {
            (n.observer().equals("mlp") ? mlp : lyingAnswers).put(n.stimulusId(), n.predicted());
        }
        assertEquals(mlp, lyingAnswers, "the last stage's answers, not logits()'s class 0");
        assertTrue(lyingAnswers.values().stream().anyMatch(c -> c != 0));
    }

    @Test
    void aNaNGradientFailsItsJobAndANaNObserverFailsAloneNeverAsClassZero() throws IOException {
        VariantProvider nanGenerator = new VariantProvider("nan-gradient", LABELS, Map.of(), l -> l, 2);
        VariantProvider nanObserver = new VariantProvider("nan-logits", LABELS, Map.of(), l -> {
            float[] v = l.toFloatArray();
            v[3] = Float.NaN;
            return Tensor.wrap(l.shape(), v);
        }, -1);
        ModelRegistry registry = ModelRegistry.of(new ZooProvider(), nanGenerator, nanObserver);
        BenchmarkRun.Outcome o = BenchmarkRun.execute(config(List.of("nan-gradient", "mlp"),
                List.of("mlp", "nan-logits"), "fc1_relu", "nan", false), registry, new BenchmarkRun.Listener() { });
        BenchmarkRun.JobStatus broken = o.jobs().stream().filter(j -> j.generator().equals("nan-gradient"))
                .findFirst().orElseThrow();
        assertEquals("failed", broken.status());
        assertTrue(broken.reason().contains("input gradient") && broken.reason().contains("non-finite value (NaN)")
                && broken.reason().contains("step 3"), broken.reason());
        assertTrue(o.modelFailures().get("nan-logits").contains("non-finite logit"), o.modelFailures().toString());
        RunResults r = RunResults.load(o.runDir());
        assertTrue(r.natural().stream().noneMatch(n -> n.observer().equals("nan-logits")));
        assertTrue(r.recognition().stream().noneMatch(n -> n.observer().equals("nan-logits")));
        assertTrue(r.metamers().stream().noneMatch(m -> m.generator().equals("nan-gradient")),
                "no metamer of a failed job is stored");
        assertEquals("ok", o.jobs().stream().filter(j -> j.generator().equals("mlp")).findFirst().orElseThrow()
                .status());
    }

    @Test
    void aDamagedCacheEntryIsReportedAndRecomputed() throws IOException {
        ModelRegistry registry = ModelRegistry.of(new ZooProvider());
        BenchmarkRun.Outcome first = BenchmarkRun.execute(config(List.of("mlp"), List.of("mlp"), "fc1_relu", "c1", true),
                registry, new BenchmarkRun.Listener() { });
        assertFalse(first.jobs().get(0).cached());
        Path entry;
        try (Stream<Path> s = Files.list(out.resolve(".cache").resolve("synthesis"))) {
            entry = s.findFirst().orElseThrow();
        }
        Path idx = entry.resolve("metamers.idx");
        byte[] bytes = Files.readAllBytes(idx);
        bytes[bytes.length - 5] ^= 0x01; // one bit of one metamer value
        Files.write(idx, bytes);

        List<String> warnings = new ArrayList<>();
        BenchmarkRun.Outcome second = BenchmarkRun.execute(config(List.of("mlp"), List.of("mlp"), "fc1_relu", "c2",
                true), registry, new BenchmarkRun.Listener() {
                    @Override
                    public void warning(String text) {
                        warnings.add(text);
                    }
                });
        assertFalse(second.jobs().get(0).cached(), "a damaged entry is never served");
        assertTrue(warnings.stream().anyMatch(w -> w.contains("metamers.idx does not match its checksum")
                && w.contains("synthesising again")), warnings.toString());
        BenchmarkRun.Outcome third = BenchmarkRun.execute(config(List.of("mlp"), List.of("mlp"), "fc1_relu", "c3",
                true), registry, new BenchmarkRun.Listener() { });
        assertTrue(third.jobs().get(0).cached(), "the recomputed entry is stored again");
        assertArrayEquals(Files.readAllBytes(second.runDir().resolve("metamers/mlp/fc1_relu.idx")),
                Files.readAllBytes(third.runDir().resolve("metamers/mlp/fc1_relu.idx")));
    }

    /** A plugin generator: a linear read-out whose weights are {@code scale} times a fixed pattern; version "v1" always. */
    static String linearPlugin(String scale) {
        return """
                package lin;

                import java.util.LinkedHashMap;
                import java.util.List;
                import java.util.Map;
                import org.metamerbench.api.*;

                public class Provider implements ModelProvider {
                    static final float SCALE = @SCALE@f;
                    public String name() { return "lin"; }
                    public List<ModelCard> models() {
                        return List.of(ModelCard.builder("linear").version("v1").inputShape(1, 28, 28)
                                .classLabels(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
                                        "Shirt", "Sneaker", "Bag", "Ankle boot")).stage("input", false, 1, 28, 28)
                                .stage("final", false, 10).capability(Capability.INPUT_GRADIENT).build());
                    }
                    static float w(int k, int p) { return SCALE * (float) Math.sin(0.01 * (k + 1) * (p + 1)); }
                    public Model open(String id) {
                        ModelCard card = models().get(0);
                        return new DifferentiableModel() {
                            public ModelCard card() { return card; }
                            Tensor logitsOf(Tensor batch) {
                                int n = batch.batchSize();
                                float[] out = new float[10 * n];
                                for (int i = 0; i < n; i++) {
                                    float[] x = batch.sample(i).toFloatArray();
                                    for (int k = 0; k < 10; k++) {
                                        float s = 0;
                                        for (int p = 0; p < x.length; p++) { s += w(k, p) * x[p]; }
                                        out[10 * i + k] = s;
                                    }
                                }
                                return Tensor.of(new int[] {n, 10}, out);
                            }
                            public Map<String, Tensor> activations(Tensor batch, List<String> stages) {
                                Map<String, Tensor> out = new LinkedHashMap<>();
                                for (String s : stages) { out.put(s, s.equals("input") ? batch : logitsOf(batch)); }
                                return out;
                            }
                            public StageGradient vjp(Tensor input, String stage, Upstream upstream, boolean fakeRelu) {
                                Tensor a = activations(input, List.of(stage)).get(stage);
                                Tensor u = upstream.of(a);
                                if (stage.equals("input")) { return new StageGradient(a, u); }
                                int n = input.batchSize();
                                int d = input.sampleSize();
                                float[] g = new float[n * d];
                                for (int i = 0; i < n; i++) {
                                    for (int p = 0; p < d; p++) {
                                        float s = 0;
                                        for (int k = 0; k < 10; k++) { s += w(k, p) * u.get(10 * i + k); }
                                        g[i * d + p] = s;
                                    }
                                }
                                return new StageGradient(a, Tensor.of(input.shape(), g));
                            }
                            public void close() { }
                        };
                    }
                }
                """.replace("@SCALE@", scale);
    }

    @Test
    void aPluginWhoseWeightsChangeUnderTheSameVersionStringIsNotServedFromTheCache() throws IOException {
        Path build = out.resolve("build");
        Path plugins = out.resolve("plugins");
        Files.createDirectories(build);
        Files.createDirectories(plugins);
        Files.copy(PluginJars.build(build, "lin-1", Map.of("lin.Provider", linearPlugin("1.0")), "lin.Provider"),
                plugins.resolve("linear.jar"));
        ModelRegistry first = ModelRegistry.discover(getClass().getClassLoader(), plugins);
        assertTrue(first.problems().isEmpty(), first.problems().toString());
        BenchmarkRun.Outcome a = BenchmarkRun.execute(config(List.of("linear"), List.of("linear", "mlp"), "final",
                "w1", true), first, new BenchmarkRun.Listener() { });
        BenchmarkRun.Outcome again = BenchmarkRun.execute(config(List.of("linear"), List.of("linear", "mlp"), "final",
                "w1-again", true), ModelRegistry.discover(getClass().getClassLoader(), plugins),
                new BenchmarkRun.Listener() { });
        assertFalse(a.jobs().get(0).cached());
        assertTrue(again.jobs().get(0).cached(), "the same jar's work is reused");

        // Other weights, the same id and version string.
        Files.copy(PluginJars.build(build, "lin-2", Map.of("lin.Provider", linearPlugin("2.0")), "lin.Provider"),
                plugins.resolve("linear.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ModelRegistry second = ModelRegistry.discover(getClass().getClassLoader(), plugins);
        assertEquals(first.get("linear").card().version(), second.get("linear").card().version());
        assertFalse(first.get("linear").contentHash().equals(second.get("linear").contentHash()));
        BenchmarkRun.Outcome b = BenchmarkRun.execute(config(List.of("linear"), List.of("linear", "mlp"), "final",
                "w2", true), second, new BenchmarkRun.Listener() { });
        assertFalse(b.jobs().get(0).cached(), "changed weights are never served from the cache");
        JsonNode run = new ObjectMapper().readTree(b.runDir().resolve(ResultFiles.RUN_JSON).toFile());
        assertEquals(second.get("linear").contentHash(), run.at("/models/0/content_sha256").asText());
    }
}
