package org.metamerbench.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.api.Capability;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelProvider;
import org.metamerbench.api.Stage;
import org.metamerbench.api.Tensor;
import org.metamerbench.zoo.ZooProvider;

/** A model whose gradient throws fails its own jobs; the zoo's jobs complete. */
class FailingPluginTest {
    @TempDir
    Path out;

    /** Wraps the zoo's mlp under another id, with a gradient that throws. */
    static final class BrokenProvider implements ModelProvider {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public List<ModelCard> models() {
            ModelCard c = new ZooProvider().models().stream().filter(m -> m.id().equals("mlp")).findFirst().orElseThrow();
            ModelCard.Builder b = ModelCard.builder("broken").version("x").inputShape(c.inputShape())
                    .classLabels(c.classLabels()).capability(Capability.INPUT_GRADIENT);
            for (Stage s : c.stages()) {
                b.stage(s);
            }
            return List.of(b.build());
        }

        @Override
        public Model open(String id) {
            DifferentiableModel inner = (DifferentiableModel) new ZooProvider().open("mlp");
            ModelCard card = models().get(0);
            return new DifferentiableModel() {
                @Override
                public ModelCard card() {
                    return card;
                }

                @Override
                public Tensor logits(Tensor batch) {
                    return inner.logits(batch);
                }

                @Override
                public Map<String, Tensor> activations(Tensor batch, List<String> stages) {
                    return inner.activations(batch, stages);
                }

                @Override
                public StageGradient vjp(Tensor input, String stage, Upstream upstream, boolean fakeRelu) {
                    throw new IllegalStateException("deliberately broken gradient");
                }

                @Override
                public void close() {
                    inner.close();
                }
            };
        }
    }

    @Test
    void aBrokenGeneratorFailsAloneAndIsRecorded() throws IOException {
        RunConfig cfg = new RunConfig("test", List.of("broken", "mlp"), List.of(), List.of("fc2_relu"),
                "fashion-mnist-test-100", 10, "fashion-mnist-train-2000", 1, 5, true, false, 1, 100, 1.0, 20,
                out, "r", false);
        BenchmarkRun.Outcome o = BenchmarkRun.execute(cfg, ModelRegistry.of(new ZooProvider(), new BrokenProvider()),
                new BenchmarkRun.Listener() { });
        BenchmarkRun.JobStatus broken = o.jobs().stream().filter(j -> j.generator().equals("broken")).findFirst().orElseThrow();
        BenchmarkRun.JobStatus mlp = o.jobs().stream().filter(j -> j.generator().equals("mlp")).findFirst().orElseThrow();
        assertEquals("failed", broken.status());
        assertTrue(broken.reason().contains("deliberately broken gradient"), broken.reason());
        assertEquals("ok", mlp.status());
        assertTrue(o.scores().stream().anyMatch(s -> s.generator().equals("mlp") && s.metamers() == 10));
        // The broken model still observes: its logits work.
        assertTrue(o.naturalAccuracy().containsKey("broken"));
    }

    @Test
    void twoModelsWithOneIdAreRefusedNamingBothProviders() {
        ModelRegistry r = ModelRegistry.of(new ZooProvider(), new ZooProvider());
        assertTrue(r.cards().isEmpty(), "every doubly offered id is refused");
        assertTrue(r.problems().get(0).contains("model id 'mlp' is offered by built-in (provider zoo) and by "
                + "built-in (provider zoo)"), r.problems().get(0));
    }
}
