package org.metamerbench.runner.isolation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.metamerbench.api.Tensor;
import org.metamerbench.results.FloatIdx;
import org.metamerbench.runner.isolation.Frames.Frame;
import org.metamerbench.runner.synthesis.MetamerSynthesizer;
import org.metamerbench.runner.synthesis.SynthesisConfig;

/**
 * The calls of the protocol between the harness and a forked model and their answers, as {@link Frames}: requests
 * {@code activations}, {@code synthesis} and {@code close}; for graph models {@code graph_activations} and
 * {@code graph_vjp}, a conversation: the child answers with the stage's activation ({@code phase} {@code
 * activation}), the harness sends the {@code upstream} gradient it asks for, and the child answers with both input
 * gradients ({@code phase} {@code gradients}); answers {@code ready}, {@code ok}, {@code invalid} (the
 * model returned something unusable) and {@code failed} (it threw). Arrays travel as float32 IDX, numbers in the
 * head as JSON, which gives a double back bit for bit.
 */
final class ModelCalls {
    static final String OP = "op";
    static final String STATUS = "status";
    static final String ERROR = "error";
    static final String ACTIVATIONS = "activations";
    static final String SYNTHESIS = "synthesis";
    static final String CLOSE = "close";
    static final String GRAPH_ACTIVATIONS = "graph_activations";
    static final String GRAPH_VJP = "graph_vjp";
    static final String UPSTREAM = "upstream";
    static final String PHASE = "phase";
    static final String ACTIVATION_PHASE = "activation";
    static final String GRADIENT_PHASE = "gradients";
    static final String READY = "ready";
    static final String OK = "ok";
    static final String INVALID = "invalid";
    static final String FAILED = "failed";

    private ModelCalls() {
    }

    static Frame activations(List<String> stages, Tensor input) {
        ObjectNode h = op(ACTIVATIONS);
        ArrayNode st = h.putArray("stages");
        stages.forEach(st::add);
        return new Frame(h, List.of(idx(input)));
    }

    static Frame synthesis(String stage, long[] seeds, SynthesisConfig sc,
            org.metamerbench.runner.acceptance.StopCheck check, Tensor references) {
        ObjectNode h = op(SYNTHESIS);
        h.put("stage", stage);
        ArrayNode s = h.putArray("seeds");
        for (long seed : seeds) {
            s.add(seed);
        }
        h.set("config", sc.toJson());
        if (check != null) {
            h.set("stop_check", check.toJson());
        }
        return new Frame(h, List.of(idx(references)));
    }

    static Frame graphActivations(List<String> stages, org.metamerbench.api.GraphInput graph) {
        ObjectNode h = op(GRAPH_ACTIVATIONS);
        ArrayNode st = h.putArray("stages");
        stages.forEach(st::add);
        return new Frame(h, List.of(idx(graph.features()), idx(graph.adjacency())));
    }

    static Frame graphVjp(String stage, org.metamerbench.api.GraphInput graph) {
        ObjectNode h = op(GRAPH_VJP).put("stage", stage);
        return new Frame(h, List.of(idx(graph.features()), idx(graph.adjacency())));
    }

    static Frame upstream(Tensor u) {
        return new Frame(op(UPSTREAM), List.of(idx(u)));
    }

    /** An {@code ok} answer of one phase of a graph gradient call. */
    static Frame phase(String phase, List<byte[]> arrays) {
        return new Frame(Frames.JSON.createObjectNode().put(STATUS, OK).put(PHASE, phase), arrays);
    }

    /** The graph a graph call carries. */
    static org.metamerbench.api.GraphInput graph(Frame f) throws IOException {
        return new org.metamerbench.api.GraphInput(tensor(blob(f, 0), "the call's features"),
                tensor(blob(f, 1), "the call's adjacency"));
    }

    static Frame close() {
        return new Frame(op(CLOSE));
    }

    static Frame status(String status, String error) {
        ObjectNode h = Frames.JSON.createObjectNode().put(STATUS, status);
        if (error != null) {
            h.put(ERROR, error);
        }
        return new Frame(h);
    }

    static Frame ok(List<byte[]> arrays) {
        return new Frame(Frames.JSON.createObjectNode().put(STATUS, OK), arrays);
    }

    /** A synthesised batch: the metamers as one IDX array {@code [n, ...sample shape]}, the rest in the head. */
    static Frame batch(MetamerSynthesizer.Batch b, int[] sampleShape) {
        ObjectNode h = Frames.JSON.createObjectNode().put(STATUS, OK).put("seconds", b.seconds()).put("loop", b.loop());
        ArrayNode ms = h.putArray("metamers");
        for (MetamerSynthesizer.Metamer m : b.metamers()) {
            ObjectNode o = ms.addObject().put("seed", m.seed()).put("steps", m.steps()).put("final_loss", m.finalLoss())
                    .put("stopped", m.stopped());
            ArrayNode steps = o.putArray("curve_steps");
            for (int s : m.curveSteps()) {
                steps.add(s);
            }
            ArrayNode loss = o.putArray("curve_loss");
            for (double l : m.curveLoss()) {
                loss.add(l);
            }
        }
        return new Frame(h, List.of(b.stacked(sampleShape).encode()));
    }

    static MetamerSynthesizer.Batch batch(Frame f) throws IOException {
        float[] all = tensor(blob(f, 0), "the metamers").toFloatArray();
        JsonNode ms = f.head().path("metamers");
        int n = ms.size();
        List<MetamerSynthesizer.Metamer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            JsonNode m = ms.get(i);
            int[] steps = new int[m.path("curve_steps").size()];
            for (int k = 0; k < steps.length; k++) {
                steps[k] = m.path("curve_steps").get(k).intValue();
            }
            double[] loss = new double[m.path("curve_loss").size()];
            for (int k = 0; k < loss.length; k++) {
                loss[k] = m.path("curve_loss").get(k).asDouble();
            }
            out.add(new MetamerSynthesizer.Metamer(MetamerSynthesizer.Batch.sample(all, i, n),
                    m.path("final_loss").asDouble(), steps, loss, m.path("steps").intValue(), m.path("seed").longValue(),
                    m.path("stopped").asText()));
        }
        return new MetamerSynthesizer.Batch(out, f.head().path("seconds").asDouble(), f.head().path("loop").asText());
    }

    /** The size of the float32 IDX array of {@code n} samples of this shape: what an answer's array may hold. */
    static long idxBytes(int n, int[] sampleShape) {
        return 4L + 4L * (sampleShape.length + 1) + 4L * n * Tensor.elementCount(sampleShape);
    }

    static byte[] idx(Tensor t) {
        return new FloatIdx(t.shape(), t.toFloatArray()).encode();
    }

    static Tensor tensor(byte[] idx, String what) throws IOException {
        FloatIdx f = FloatIdx.decode(idx, what);
        return Tensor.wrap(f.dims(), f.data());
    }

    static byte[] blob(Frame f, int i) throws IOException {
        if (f.blobs().size() <= i) {
            throw new IOException("a message without its array " + i);
        }
        return f.blobs().get(i);
    }

    private static ObjectNode op(String op) {
        return Frames.JSON.createObjectNode().put(OP, op);
    }
}
