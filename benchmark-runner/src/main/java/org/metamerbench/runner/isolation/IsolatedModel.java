package org.metamerbench.runner.isolation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelException;
import org.metamerbench.api.Tensor;
import org.metamerbench.runner.engine.Isolation;
import org.metamerbench.runner.engine.ModelRegistry;
import org.metamerbench.runner.synthesis.Generator;
import org.metamerbench.runner.synthesis.MetamerSynthesizer;
import org.metamerbench.runner.synthesis.SynthesisConfig;

/**
 * A plugin model whose every piece of work runs in a forked JVM: one child per model for the run
 * ({@link ModelProcess}, {@link ModelServer}), which opens the model once and answers call after call. A plugin
 * that throws, hangs, calls System.exit, runs out of memory, or returns NaN or a wrong shape fails the call with a
 * {@link ModelException} that says which, and nothing else. As a {@link Generator} it synthesises whole batches
 * in the child; single vector-Jacobian products are not offered.
 */
public final class IsolatedModel implements Model, Generator {
    private final ModelCard card;
    private final ModelProcess child;

    public IsolatedModel(ModelCard card, Path source, JobLimits limits) {
        this.card = card;
        this.child = new ModelProcess(source, card.id(), limits);
    }

    /**
     * Plugin models opened in a forked JVM each, with these limits ({@link ModelRegistry#isolatePlugins}): image and
     * sound models as {@link IsolatedModel}, graph models as {@link IsolatedGraphModel}.
     */
    public static Isolation in(JobLimits limits) {
        return new Isolation() {
            @Override
            public Model open(ModelCard card, Path source) {
                return new IsolatedModel(card, source, limits);
            }

            @Override
            public org.metamerbench.api.GraphModel openGraph(ModelCard card, Path source) {
                return new IsolatedGraphModel(card, source, limits);
            }
        };
    }

    @Override
    public Model model() {
        return this;
    }

    /** The block in one call: the child computes it as the model would in-process in one call. */
    @Override
    public Tensor activationsOf(Tensor images, String stage) {
        return activations(images, List.of(stage)).get(stage);
    }

    @Override
    public ModelCard card() {
        return card;
    }

    @Override
    public Map<String, Tensor> activations(Tensor batch, List<String> stages) {
        long bytes = 0;
        for (String stage : stages) {
            bytes += ModelCalls.idxBytes(batch.batchSize(), card.stage(stage).shape());
        }
        Frames.Frame answer = child.call(ModelCalls.activations(stages, batch), bytes);
        try {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (int i = 0; i < stages.size(); i++) {
                out.put(stages.get(i), ModelCalls.tensor(ModelCalls.blob(answer, i), "activations of " + stages.get(i)));
            }
            return out;
        } catch (IOException e) {
            throw new ModelException(card.id() + ": the model's JVM answered: " + e.getMessage(), e);
        }
    }

    /** Synthesises metamers of a batch of references in the child JVM; the steps are told when it is done. */
    @Override
    public MetamerSynthesizer.Batch synthesize(String stage, Tensor references, long[] seeds, SynthesisConfig sc,
            org.metamerbench.runner.acceptance.StopCheck check, LongConsumer stepped) {
        Frames.Frame answer = child.call(ModelCalls.synthesis(stage, seeds, sc, check, references),
                ModelCalls.idxBytes(references.batchSize(), references.sampleShape()));
        try {
            MetamerSynthesizer.Batch b = ModelCalls.batch(answer);
            stepped.accept((long) references.batchSize() * sc.totalSteps());
            return b;
        } catch (IOException e) {
            throw new ModelException(card.id() + ": the model's JVM answered: " + e.getMessage(), e);
        }
    }

    /** How many JVMs this model has started (one per run, unless one was lost to a hang, exit or crash). */
    public int jvmsStarted() {
        return child.started();
    }

    /** Ends the model's JVM. */
    @Override
    public void close() {
        child.close();
    }
}
