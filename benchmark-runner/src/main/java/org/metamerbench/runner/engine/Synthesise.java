package org.metamerbench.runner.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import org.metamerbench.api.Model;
import org.metamerbench.api.Tensor;
import org.metamerbench.runner.acceptance.NullBlocks;
import org.metamerbench.runner.acceptance.NullDistribution;
import org.metamerbench.runner.acceptance.NullPairs;
import org.metamerbench.runner.acceptance.PoolRows;
import org.metamerbench.runner.acceptance.StopCheck;
import org.metamerbench.runner.synthesis.Generator;
import org.metamerbench.runner.synthesis.MetamerSynthesizer;
import org.metamerbench.runner.synthesis.SynthesisConfig;

/**
 * The synthesis part of a job: the null distribution of the generator's stage over the null pool, and
 * a metamer of every stimulus (both from their caches when a sealed entry matches).
 */
final class Synthesise {
    private Synthesise() {
    }

    /** The metamers of one job, and whether they came from the cache. */
    record Result(MetamerSynthesizer.Batch batch, boolean cached) {
    }

    static NullDistribution nullDistribution(RunPlan plan, Generator generator, String contentHash, String stage,
            NullCache cache) throws IOException {
        Model model = generator.model();
        long units = Tensor.elementCount(model.card().stage(stage).shape());
        if (plan.config().nullPairs() == NullPairs.DISJOINT) {
            long seed = plan.config().seed();
            Tensor shuffled = plan.pool().batch(NullPairs.order(plan.pool().size(), seed));
            int rows = (int) Math.max(2, Math.min(shuffled.batchSize(), Machine.nullMemoryBytes() / (8 * units)));
            NullBlocks one = NullBlocks.plan(2, units, Long.MAX_VALUE);
            return cache.get(NullCache.key(job(model, stage), NullPairs.DISJOINT, seed, contentHash, stage,
                    plan.pool().sha256(), one),
                    () -> NullDistribution.computeDisjoint(poolRows(generator, shuffled, stage), rows));
        }
        Tensor pool = plan.pool().tensor();
        NullBlocks blocks = NullBlocks.plan(pool.batchSize(), units, Machine.nullMemoryBytes())
                .withinDirectMemory(Machine.maxDirectMemory() / 10 * 9);
        return cache.get(NullCache.key(job(model, stage), contentHash, stage, plan.pool().sha256(), blocks),
                () -> NullDistribution.compute(poolRows(generator, pool, stage), blocks));
    }

    static Result metamers(RunPlan plan, Generator generator, String contentHash, String stage,
            SynthesisConfig sc, StopCheck check, SynthesisCache cache, LongConsumer stepped) throws IOException {
        Model model = generator.model();
        RunConfig cfg = plan.config();
        List<String> ids = plan.ids();
        long[] seeds = ids.stream().mapToLong(id -> stimulusSeed(cfg.seed(), id)).toArray();
        CacheKey key = SynthesisCache.key(job(model, stage), contentHash, model.card().stage(stage),
                plan.set().sha256(), ids, seeds, sc, check == null ? null : check.keyText());
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
            Tensor refs = plan.stimuli().samples(from, to);
            MetamerSynthesizer.Batch b = generator.synthesize(stage, refs, Arrays.copyOfRange(seeds, from, to), sc,
                    check == null ? null : check.slice(from, to), stepped);
            all.addAll(b.metamers());
            secs += b.seconds();
            loops.add(b.loop());
        }
        batch = new MetamerSynthesizer.Batch(all, secs, String.join("+", loops));
        cache.store(key, batch, plan.stimuli().sampleShape());
        return new Result(batch, false);
    }

    private static String job(Model model, String stage) {
        return model.card().id() + " x " + stage;
    }

    /** The seed of a stimulus's starting noise: shared by every stage and model of a run. */
    static long stimulusSeed(long runSeed, String stimulusId) {
        String h = org.metamerbench.results.Hashing.sha256(runSeed + ":" + stimulusId);
        return Long.parseUnsignedLong(h.substring(0, 15), 16);
    }

    /** The pool's activations at {@code stage}, computed a range of images at a time as they are asked for. */
    private static PoolRows poolRows(Generator generator, Tensor images, String stage) {
        return new PoolRows() {
            @Override
            public int size() {
                return images.batchSize();
            }

            @Override
            public Tensor rows(int from, int to) {
                return generator.activationsOf(images.samples(from, to), stage);
            }
        };
    }
}
