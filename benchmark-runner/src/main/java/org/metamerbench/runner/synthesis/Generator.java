package org.metamerbench.runner.synthesis;

import java.util.function.LongConsumer;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Model;
import org.metamerbench.api.Tensor;

/**
 * What a run asks of the model whose metamers it makes: the activations of its stage for a block of images (the
 * null distribution's pool) and metamers of a batch of references. Two implementations: in this JVM over the
 * model's gradients ({@link #inProcess}), and in the model's own forked JVM ({@code IsolatedModel}).
 */
public interface Generator {
    /** The model itself (its card, and its activations as an observer of its own metamers). */
    Model model();

    /** Its activations at {@code stage} for a block of images. */
    Tensor activationsOf(Tensor images, String stage);

    /**
     * Metamers of {@code references} at {@code stage}, one per seed, under {@code sc}'s stopping rule with
     * {@code check} (null: none) judging iterates at a plateau; {@code stepped} hears the stimulus-steps of the
     * budget done or no longer needed, as they are done or all at the end ({@code n x sc.totalSteps()} in all).
     */
    MetamerSynthesizer.Batch synthesize(String stage, Tensor references, long[] seeds, SynthesisConfig sc,
            org.metamerbench.runner.acceptance.StopCheck check, LongConsumer stepped);

    /** The model's generator: its own where it runs elsewhere, else over its gradients here; null if it has none. */
    static Generator of(Model model) {
        if (model instanceof Generator g) {
            return g;
        }
        return model instanceof DifferentiableModel d ? inProcess(d) : null;
    }

    /** A generator in this JVM: the harness's loop or the model's engine loop ({@link MetamerSynthesizer}). */
    static Generator inProcess(DifferentiableModel model) {
        return new InProcessGenerator(model);
    }
}
