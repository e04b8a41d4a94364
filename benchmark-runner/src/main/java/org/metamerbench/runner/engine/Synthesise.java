package org.metamerbench.runner.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Model;
import org.metamerbench.api.Tensor;
import org.metamerbench.runner.acceptance.NullDistribution;
import org.metamerbench.runner.isolation.IsolatedModel;
import org.metamerbench.runner.synthesis.MetamerSynthesizer;
import org.metamerbench.runner.synthesis.SynthesisConfig;

/**
 * The synthesis part of a job: the null distribution of the generator's stage over the null pool, and
 * a metamer of every stimulus (both from their caches when a sealed entry matches).
 */
final class Synthesise {
    private static final int NULL_BATCH = 250;

    private Synthesise() {
    }

    /** The metamers of one job, and whether they came from the cache. */
    record Result(MetamerSynthesizer.Batch batch, boolean cached) {
    }

    static NullDistribution nullDistribution(RunPlan plan, DifferentiableModel model, String contentHash, String stage,
            NullCache cache) throws IOException {
        return cache.get(NullCache.key(contentHash, stage, plan.pool().sha256()),
                () -> NullDistribution.compute(activationsInBatches(model, plan.pool().tensor(), stage)));
    }

    static Result metamers(RunPlan plan, DifferentiableModel model, String contentHash, String stage,
            SynthesisConfig sc, SynthesisCache cache, LongConsumer stepped) throws IOException {
        RunConfig cfg = plan.config();
        List<String> ids = plan.ids();
        long[] seeds = ids.stream().mapToLong(id -> stimulusSeed(cfg.seed(), id)).toArray();
        String key = SynthesisCache.key(contentHash, model.card().stage(stage), plan.set().sha256(), ids, seeds, sc);
        MetamerSynthesizer.Batch batch = cache.load(key);
        if (batch != null) {
            stepped.accept((long) sc.totalSteps() * ids.size());
            return new Result(batch, true);
        }
        List<MetamerSynthesizer.Metamer> all = new ArrayList<>();
        double secs = 0;
        java.util.Set<String> loops = new java.util.TreeSet<>();
        for (int from = 0; from < ids.size(); from += cfg.batchSize()) {
            int to = Math.min(ids.size(), from + cfg.batchSize());
            Tensor refs = slice(plan.stimuli(), from, to);
            int width = to - from;
            MetamerSynthesizer.Batch b;
            if (model instanceof IsolatedModel isolated) {
                b = isolated.synthesize(stage, refs, Arrays.copyOfRange(seeds, from, to), sc);
                stepped.accept((long) width * sc.totalSteps());
            } else {
                b = MetamerSynthesizer.synthesize(model, stage, refs, Arrays.copyOfRange(seeds, from, to), sc,
                        (t, total) -> stepped.accept(width));
            }
            all.addAll(b.metamers());
            secs += b.seconds();
            loops.add(b.loop());
        }
        batch = new MetamerSynthesizer.Batch(all, secs, String.join("+", loops));
        cache.store(key, batch, plan.stimuli().sampleShape());
        return new Result(batch, false);
    }

    /** The seed of a stimulus's starting noise: shared by every stage and model of a run. */
    static long stimulusSeed(long runSeed, String stimulusId) {
        String h = org.metamerbench.datasets.Hashing.sha256(runSeed + ":" + stimulusId);
        return Long.parseUnsignedLong(h.substring(0, 15), 16);
    }

    private static Tensor activationsInBatches(Model model, Tensor images, String stage) {
        if (model instanceof IsolatedModel) {
            return model.activations(images, List.of(stage)).get(stage); // one forked job, not one per batch
        }
        List<Tensor> parts = new ArrayList<>();
        for (int from = 0; from < images.batchSize(); from += NULL_BATCH) {
            Tensor part = slice(images, from, Math.min(images.batchSize(), from + NULL_BATCH));
            Tensor act = model.activations(part, List.of(stage)).get(stage);
            for (int i = 0; i < act.batchSize(); i++) {
                parts.add(act.sample(i));
            }
        }
        return Tensor.stack(parts);
    }

    static Tensor slice(Tensor t, int from, int to) {
        int per = t.sampleSize();
        float[] d = new float[(to - from) * per];
        for (int i = from; i < to; i++) {
            t.copySample(i, d, (i - from) * per);
        }
        int[] shape = t.shape();
        shape[0] = to - from;
        return Tensor.wrap(shape, d);
    }
}
