package org.metamerbench.runner.isolation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelException;
import org.metamerbench.api.Tensor;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.FloatIdx;
import org.metamerbench.runner.synthesis.MetamerSynthesizer;
import org.metamerbench.runner.synthesis.SynthesisConfig;

/**
 * A plugin model whose every piece of work runs in a forked JVM ({@link ForkedJob}): a plugin that
 * throws, hangs, calls System.exit, runs out of memory, or returns NaN or a wrong shape fails the
 * call with a {@link ModelException} that says which, and nothing else. Synthesis runs whole
 * batches in the child ({@link #synthesize}); single vector-Jacobian products are not offered.
 */
public final class IsolatedModel implements DifferentiableModel {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ModelCard card;
    private final Path source;
    private final JobLimits limits;

    public IsolatedModel(ModelCard card, Path source, JobLimits limits) {
        this.card = card;
        this.source = source;
        this.limits = limits;
    }

    @Override
    public ModelCard card() {
        return card;
    }

    private ObjectNode spec(String kind) {
        ObjectNode o = JSON.createObjectNode();
        o.put("kind", kind);
        o.put("source", source.toAbsolutePath().toString());
        o.put("model", card.id());
        return o;
    }

    @Override
    public Map<String, Tensor> activations(Tensor batch, List<String> stages) {
        ObjectNode spec = spec("activations");
        ArrayNode st = spec.putArray("stages");
        stages.forEach(st::add);
        Path dir = null;
        try {
            dir = ForkedJob.prepare(spec, batch);
            ForkedJob.run(dir, card.id(), limits);
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (int i = 0; i < stages.size(); i++) {
                FloatIdx f = FloatIdx.read(dir.resolve("activation-" + i + ".idx"));
                out.put(stages.get(i), Tensor.wrap(f.dims(), f.data()));
            }
            return out;
        } catch (IOException e) {
            throw new ModelException(card.id() + ": isolated job files: " + e.getMessage(), e);
        } finally {
            delete(dir);
        }
    }

    /** Synthesises metamers of a batch of references in the child JVM. */
    public MetamerSynthesizer.Batch synthesize(String stage, Tensor references, long[] seeds, SynthesisConfig sc) {
        ObjectNode spec = spec("synthesis");
        spec.put("stage", stage);
        ArrayNode s = spec.putArray("seeds");
        for (long seed : seeds) {
            s.add(seed);
        }
        spec.set("config", sc.toJson());
        Path dir = null;
        try {
            dir = ForkedJob.prepare(spec, references);
            ForkedJob.run(dir, card.id(), limits);
            return ForkedJob.readBatch(dir);
        } catch (IOException e) {
            throw new ModelException(card.id() + ": isolated job files: " + e.getMessage(), e);
        } finally {
            delete(dir);
        }
    }

    @Override
    public StageGradient vjp(Tensor input, String stage, Upstream upstream, boolean fakeRelu) {
        throw new UnsupportedOperationException(card.id() + " runs isolated: synthesis runs whole batches in its "
                + "own JVM (IsolatedModel.synthesize)");
    }

    @Override
    public void close() {
        // nothing is held in this JVM
    }

    private static void delete(Path dir) {
        if (dir != null) {
            try {
                AtomicFiles.deleteTree(dir.toAbsolutePath().getParent(), dir);
            } catch (IOException e) {
                // a temporary job folder left behind is harmless
            }
        }
    }
}
