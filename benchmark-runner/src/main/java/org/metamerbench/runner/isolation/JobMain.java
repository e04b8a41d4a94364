package org.metamerbench.runner.isolation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.Tensor;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.FloatIdx;
import org.metamerbench.runner.engine.ModelRegistry;
import org.metamerbench.runner.synthesis.MetamerSynthesizer;
import org.metamerbench.runner.synthesis.SynthesisConfig;

/**
 * The entry point of a forked job: opens one plugin model in a JVM of its own, does one piece of
 * work (activations of a batch, or the synthesis of a batch of metamers), checks what the model
 * returned (finite, of the declared shape) and writes the results as files into the job folder.
 * Exit codes: 0 done; 4 the model returned something invalid; 5 the model failed (error.txt says why).
 */
public final class JobMain {
    static final int INVALID = 4;
    static final int FAILED = 5;

    private JobMain() {
    }

    public static void main(String[] args) throws Exception {
        ParentWatch.startIfChild();
        System.setProperty("ai.djl.offline", "true");
        Path dir = Path.of(args[0]);
        JsonNode job = new ObjectMapper().readTree(dir.resolve(ForkedJob.SPEC).toFile());
        int code;
        try {
            code = run(dir, job);
        } catch (Throwable t) {
            AtomicFiles.write(dir, dir.resolve(ForkedJob.ERROR), t.toString().getBytes(StandardCharsets.UTF_8));
            code = FAILED;
        }
        System.exit(code);
    }

    private static int run(Path dir, JsonNode job) throws Exception {
        ModelRegistry registry = ModelRegistry.single(Path.of(job.get("source").asText()));
        String id = job.get("model").asText();
        if (!registry.contains(id)) {
            throw new IllegalStateException(job.get("source").asText() + " no longer offers '" + id + "': "
                    + registry.problems());
        }
        try (Model model = registry.open(id)) {
            ModelCard card = model.card();
            FloatIdx in = FloatIdx.read(dir.resolve(ForkedJob.INPUT));
            Tensor input = Tensor.wrap(in.dims(), in.data());
            if (job.get("kind").asText().equals("activations")) {
                List<String> stages = new ArrayList<>();
                job.get("stages").forEach(s -> stages.add(s.asText()));
                Map<String, Tensor> out = model.activations(input, stages);
                for (int i = 0; i < stages.size(); i++) {
                    Tensor t = out.get(stages.get(i));
                    String problem = check(card, stages.get(i), input.batchSize(), t);
                    if (problem != null) {
                        AtomicFiles.write(dir, dir.resolve(ForkedJob.ERROR), problem.getBytes(StandardCharsets.UTF_8));
                        return INVALID;
                    }
                    new FloatIdx(t.shape(), t.toFloatArray()).write(dir, dir.resolve("activation-" + i + ".idx"));
                }
                return 0;
            }
            String stage = job.get("stage").asText();
            long[] seeds = new long[job.get("seeds").size()];
            for (int i = 0; i < seeds.length; i++) {
                seeds[i] = job.get("seeds").get(i).asLong();
            }
            SynthesisConfig sc = SynthesisConfig.fromJson(job.get("config"));
            MetamerSynthesizer.Batch b = MetamerSynthesizer.synthesize((DifferentiableModel) model, stage, input,
                    seeds, sc, (t, total) -> { });
            for (MetamerSynthesizer.Metamer m : b.metamers()) {
                for (float v : m.image()) {
                    if (!Float.isFinite(v)) {
                        AtomicFiles.write(dir, dir.resolve(ForkedJob.ERROR), (card.id() + ": a metamer has non-finite "
                                + "pixels (the model's gradient is not finite)").getBytes(StandardCharsets.UTF_8));
                        return INVALID;
                    }
                }
            }
            ForkedJob.writeBatch(dir, b, input.sampleShape());
            return 0;
        }
    }

    /** Why an activation is unusable, or null. */
    static String check(ModelCard card, String stage, int batch, Tensor t) {
        int[] expected = new int[card.stage(stage).shape().length + 1];
        expected[0] = batch;
        System.arraycopy(card.stage(stage).shape(), 0, expected, 1, expected.length - 1);
        if (!Arrays.equals(expected, t.shape())) {
            return card.id() + ": stage " + stage + " returned shape " + Arrays.toString(t.shape()) + ", the card "
                    + "declares " + Arrays.toString(expected);
        }
        for (int i = 0; i < t.size(); i++) {
            if (!Float.isFinite(t.get(i))) {
                return card.id() + ": stage " + stage + " returned a non-finite value (" + t.get(i) + ")";
            }
        }
        return null;
    }
}
