package org.metamerbench.runner.isolation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.metamerbench.api.GraphModel;
import org.metamerbench.api.Modality;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.Tensor;
import org.metamerbench.runner.engine.ModelRegistry;
import org.metamerbench.runner.isolation.Frames.Frame;
import org.metamerbench.runner.synthesis.Generator;
import org.metamerbench.runner.synthesis.MetamerSynthesizer;
import org.metamerbench.runner.synthesis.SynthesisConfig;

/**
 * The forked JVM of one plugin model for a whole run: opens the model once (a graph model as one, served by
 * {@link GraphCalls}), answers {@code ready}, then answers the harness's calls ({@link ModelCalls}) one at a time over its standard streams until {@code close} or the end
 * of its input. Every answer is checked first (finite, of the declared shape). Standard output carries only frames:
 * what the plugin prints goes to standard error, which the harness keeps as the child's log. Exit codes: 0 closed;
 * {@link #FAILED} the model could not be opened.
 */
public final class ModelServer {
    static final int FAILED = 5;

    private ModelServer() {
    }

    public static void main(String[] args) throws Exception {
        ParentWatch.startIfChild();
        System.setProperty("ai.djl.offline", "true");
        OutputStream protocol = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
        Model model = null;
        GraphModel graph = null;
        try {
            ModelRegistry registry = ModelRegistry.single(Path.of(args[0]));
            String id = args[1];
            if (!registry.contains(id)) {
                throw new IllegalStateException(args[0] + " no longer offers '" + id + "': " + registry.problems());
            }
            if (registry.get(id).card().modality() == Modality.GRAPH) {
                graph = registry.openGraph(id);
            } else {
                model = registry.open(id);
            }
        } catch (Throwable t) {
            Frames.write(protocol, ModelCalls.status(ModelCalls.FAILED, t.toString()));
            System.exit(FAILED);
            return;
        }
        Frames.write(protocol, ModelCalls.status(ModelCalls.READY, null));
        ByteArrayOutputStream noise = new ByteArrayOutputStream();
        while (true) {
            Frame call = Frames.read(in, noise);
            if (call == null || call.head().path(ModelCalls.OP).asText().equals(ModelCalls.CLOSE)) {
                break;
            }
            Frame answer;
            try {
                answer = graph != null ? GraphCalls.answer(graph, call, in, protocol, noise) : answer(model, call);
            } catch (Throwable t) {
                answer = ModelCalls.status(ModelCalls.FAILED, t.toString());
            }
            Frames.write(protocol, answer);
        }
        if (graph != null) {
            graph.close();
        } else {
            model.close();
        }
        System.exit(0);
    }

    private static Frame answer(Model model, Frame call) throws Exception {
        ModelCard card = model.card();
        JsonNode h = call.head();
        Tensor input = ModelCalls.tensor(ModelCalls.blob(call, 0), "the call's input");
        String op = h.path(ModelCalls.OP).asText();
        if (op.equals(ModelCalls.ACTIVATIONS)) {
            List<String> stages = new ArrayList<>();
            h.path("stages").forEach(s -> stages.add(s.asText()));
            Map<String, Tensor> out = model.activations(input, stages);
            List<byte[]> arrays = new ArrayList<>();
            for (String stage : stages) {
                Tensor t = out.get(stage);
                String problem = check(card, stage, input.batchSize(), t);
                if (problem != null) {
                    return ModelCalls.status(ModelCalls.INVALID, problem);
                }
                arrays.add(ModelCalls.idx(t));
            }
            return ModelCalls.ok(arrays);
        }
        if (!op.equals(ModelCalls.SYNTHESIS)) {
            throw new IllegalArgumentException("unknown call '" + op + "'");
        }
        long[] seeds = new long[h.path("seeds").size()];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = h.path("seeds").get(i).longValue();
        }
        SynthesisConfig sc = SynthesisConfig.fromJson(h.path("config"));
        Generator generator = Generator.of(model);
        if (generator == null) {
            throw new IllegalStateException(card.id() + " has no input gradient and cannot generate metamers");
        }
        org.metamerbench.runner.acceptance.StopCheck check = h.hasNonNull("stop_check")
                ? org.metamerbench.runner.acceptance.StopCheck.fromJson(h.path("stop_check")) : null;
        MetamerSynthesizer.Batch b = generator.synthesize(h.path("stage").asText(), input, seeds, sc, check,
                steps -> { });
        for (MetamerSynthesizer.Metamer m : b.metamers()) {
            for (float v : m.image()) {
                if (!Float.isFinite(v)) {
                    return ModelCalls.status(ModelCalls.INVALID, card.id() + ": a metamer has non-finite pixels (the "
                            + "model's gradient is not finite)");
                }
            }
        }
        return ModelCalls.batch(b, input.sampleShape());
    }

    /** Why an activation is unusable, or null. */
    static String check(ModelCard card, String stage, int batch, Tensor t) {
        if (t == null) {
            return card.id() + ": stage " + stage + " was asked for and not returned";
        }
        int[] expected = new int[card.stage(stage).shape().length + 1];
        expected[0] = batch;
        System.arraycopy(card.stage(stage).shape(), 0, expected, 1, expected.length - 1);
        if (!Arrays.equals(expected, t.shape())) {
            return card.id() + ": stage " + stage + " returned shape " + Arrays.toString(t.shape()) + ", the card "
                    + "declares " + Arrays.toString(expected);
        }
        return org.metamerbench.runner.ModelOutputs.nonFinite(t, card.id() + ": stage " + stage);
    }
}
