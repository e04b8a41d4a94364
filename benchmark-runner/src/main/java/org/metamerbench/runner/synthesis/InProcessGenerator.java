package org.metamerbench.runner.synthesis;

import java.util.List;
import java.util.function.LongConsumer;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Model;
import org.metamerbench.api.Tensor;

/** A generator in this JVM ({@link Generator#inProcess}). */
final class InProcessGenerator implements Generator {
    /** Images per activations call of a block: one block's activations and one batch's are held at a time. */
    static final int BATCH = 250;
    private final DifferentiableModel model;

    InProcessGenerator(DifferentiableModel model) {
        this.model = model;
    }

    @Override
    public Model model() {
        return model;
    }

    @Override
    public Tensor activationsOf(Tensor images, String stage) {
        int n = images.batchSize();
        float[] out = null;
        int[] shape = null;
        for (int at = 0; at < n; at += BATCH) {
            Tensor act = model.activations(images.samples(at, Math.min(n, at + BATCH)), List.of(stage)).get(stage);
            if (out == null) {
                shape = act.shape();
                shape[0] = n;
                out = new float[Math.toIntExact(Tensor.elementCount(shape))];
            }
            for (int i = 0; i < act.batchSize(); i++) {
                act.copySample(i, out, (at + i) * act.sampleSize());
            }
        }
        return Tensor.wrap(shape, out);
    }

    @Override
    public MetamerSynthesizer.Batch synthesize(String stage, Tensor references, long[] seeds, SynthesisConfig sc,
            org.metamerbench.runner.acceptance.StopCheck check, LongConsumer stepped) {
        MetamerSynthesizer.Batch b = MetamerSynthesizer.synthesize(model, stage, references, seeds, sc, check,
                stepped::accept);
        long taken = b.metamers().stream().mapToLong(MetamerSynthesizer.Metamer::steps).sum();
        stepped.accept((long) references.batchSize() * sc.totalSteps() - taken);
        return b;
    }
}
