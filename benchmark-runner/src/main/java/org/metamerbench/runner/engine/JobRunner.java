package org.metamerbench.runner.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.Tensor;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.FloatIdx;
import org.metamerbench.results.Hashing;
import org.metamerbench.results.RecognitionRow;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.runner.acceptance.Acceptance;
import org.metamerbench.runner.acceptance.NullDistribution;
import org.metamerbench.runner.acceptance.StopCheck;
import org.metamerbench.runner.acceptance.NullDistribution.Statistic;
import org.metamerbench.runner.synthesis.Generator;
import org.metamerbench.runner.synthesis.MetamerSynthesizer;
import org.metamerbench.runner.synthesis.SynthesisConfig;

/**
 * Runs one job of a plan (a generator at one stage): synthesise, judge, observe, and write the job's
 * own files (its metamers as IDX and PNG, and its {@link JobOutput} folder). A job that fails is
 * recorded with its reason; the run goes on. In a stopped run taken up again, a job whose sealed
 * output matches its generator and its metamers is kept as it is.
 */
final class JobRunner {
    private final RunPlan plan;
    private final ModelRegistry registry;
    private final ModelPool models;
    private final Observe.Natural natural;
    private final Path runDir;
    private final boolean resumed;
    private final NullCache nullCache;
    private final SynthesisCache synthesisCache;
    private final BenchmarkRun.Listener listener;

    JobRunner(RunPlan plan, ModelRegistry registry, ModelPool models, Observe.Natural natural, Path runDir,
            boolean resumed, NullCache nullCache, SynthesisCache synthesisCache, BenchmarkRun.Listener listener) {
        this.plan = plan;
        this.registry = registry;
        this.models = models;
        this.natural = natural;
        this.runDir = runDir;
        this.resumed = resumed;
        this.nullCache = nullCache;
        this.synthesisCache = synthesisCache;
        this.listener = listener;
    }

    JobOutput run(RunPlan.Job job) throws IOException {
        long start = System.nanoTime();
        String g = job.generator();
        String stage = job.stage();
        RunConfig cfg = plan.config();
        boolean fake = cfg.fakeRelu() && registry.get(g).card().stage(stage).fakeReluApplies(
                cfg.fakeReluThroughMaxPool());
        String contentHash = registry.get(g).contentHash();
        String panelHash = plan.panelSha256(registry);
        long jobSteps = (long) cfg.totalSteps() * plan.ids().size();
        if (resumed) {
            JobOutput done = finishedBefore(job, contentHash, panelHash);
            if (done != null) {
                done.observerFailures().forEach(models::failed);
                listener.stepped(jobSteps);
                return new JobOutput("ok", "", done.seconds(), true, done.fakeRelu(), done.loop(), contentHash, panelHash,
                        done.metamersSha256(), done.observerFailures());
            }
        }
        try {
            return compute(job, contentHash, panelHash, fake, start);
        } catch (Exception | StackOverflowError | OutOfMemoryError ex) {
            listener.message("job " + g + " x " + stage + " failed: " + ex);
            listener.stepped(jobSteps);
            // Metamers a failed job may have written are not results: they are removed with its parts.
            Files.deleteIfExists(ResultFiles.metamerArray(runDir, g, stage));
            AtomicFiles.deleteTree(runDir, runDir.resolve(ResultFiles.IMAGES_DIR).resolve(g).resolve(stage));
            ObserverPart.remove(runDir, job);
            JobOutput failed = new JobOutput("failed", ex.toString(), seconds(start), false, fake, "", contentHash,
                    panelHash, "", Map.of());
            failed.write(runDir, job, List.of(), List.of(), List.of(), List.of());
            return failed;
        }
    }

    /** The output of a job that finished in the stopped run, if it still holds for this generator and panel. */
    private JobOutput finishedBefore(RunPlan.Job job, String contentHash, String panelHash) throws IOException {
        JobOutput done = JobOutput.read(runDir, job, listener::warning);
        if (done == null || !done.ok() || !done.generatorSha256().equals(contentHash)
                || !done.panelSha256().equals(panelHash)) {
            return null;
        }
        Path idx = ResultFiles.metamerArray(runDir, job.generator(), job.stage());
        if (!Files.isRegularFile(idx) || !Hashing.sha256(idx).equals(done.metamersSha256())) {
            listener.warning("job " + job + " of the stopped run: its metamers do not match its record; running it "
                    + "again");
            return null;
        }
        return done;
    }

    private JobOutput compute(RunPlan.Job job, String contentHash, String panelHash, boolean fake, long start)
            throws IOException {
        String g = job.generator();
        String stage = job.stage();
        Model opened = models.open(g);
        if (opened == null) {
            throw new IllegalStateException("model could not be opened: " + models.failure(g));
        }
        Generator generator = Generator.of(opened);
        if (generator == null) {
            throw new IllegalStateException(g + " has no input gradient and cannot generate metamers");
        }
        Model model = generator.model();
        ModelCard card = model.card();
        int[] referenceClass = natural.predictions().get(g);
        if (referenceClass == null) {
            throw new IllegalStateException(g + " could not classify the natural stimuli: " + models.failure(g));
        }

        listener.message("null distribution " + g + " x " + stage);
        NullDistribution nul = Synthesise.nullDistribution(plan, generator, contentHash, stage, nullCache);
        List<List<?>> nullRows = new ArrayList<>();
        for (Statistic s : Statistic.values()) {
            List<Object> row = new ArrayList<>(List.of(g, stage, s.name().toLowerCase(java.util.Locale.ROOT),
                    nul.poolSize(), nul.pairs(), nul.zeroPairs()));
            for (double v : nul.quantiles().get(s)) {
                row.add(v);
            }
            nullRows.add(row);
        }
        Acceptance acceptance = Acceptance.fromNull(nul, plan.config().nullQuantile());

        SynthesisConfig sc = SynthesisConfig.published(plan.config().scheduleStages(),
                plan.config().iterationsPerStage(), card.modality()).withFakeRelu(fake)
                .withStopping(plan.config().stopping());
        // Under the adaptive rule an iterate at a plateau is judged as the metamers are judged below.
        StopCheck check = sc.stopping().adaptive() ? new StopCheck(acceptance, referenceClass, plan.tasks().get(g))
                : null;
        listener.message("synthesis " + g + " x " + stage);
        Synthesise.Result synthesis = Synthesise.metamers(plan, generator, contentHash, stage, sc, check,
                synthesisCache, listener::stepped);
        MetamerSynthesizer.Batch batch = synthesis.batch();

        int n = plan.ids().size();
        int per = plan.stimuli().sampleSize();
        float[] flat = new float[n * per];
        for (int i = 0; i < n; i++) {
            System.arraycopy(batch.metamers().get(i).image(), 0, flat, i * per, per);
        }
        int[] shape = plan.stimuli().shape();
        Tensor metamers = Tensor.wrap(shape, flat);
        Path idx = ResultFiles.metamerArray(runDir, g, stage);
        new FloatIdx(shape, flat).write(runDir, idx);

        Judge.Verdicts verdicts = Judge.judge(plan, model, stage, acceptance, batch, metamers, referenceClass);
        List<List<?>> curveRows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            MetamerSynthesizer.Metamer m = batch.metamers().get(i);
            for (int k = 0; k < m.curveSteps().length; k++) {
                curveRows.add(List.of(g, stage, plan.ids().get(i), m.curveSteps()[k], m.curveLoss()[k]));
            }
            plan.writeMetamer(runDir, g, stage, plan.ids().get(i), m.image());
        }
        Map<String, String> failures = new LinkedHashMap<>();
        String metamersSha = Hashing.sha256(idx);
        listener.message("observers " + g + " x " + stage);
        // An observer's part holds only for the metamers as it saw them (files or floats).
        String observedSha = ObserverPart.observedSha(metamersSha, plan.observedAs());
        List<RecognitionRow> recognition = Observe.metamers(plan, registry, models, natural, runDir, job, observedSha,
                plan.asObserved(metamers), verdicts.metamerClass(), verdicts.accepted(), failures, listener::message,
                listener::warning);
        JobOutput out = new JobOutput("ok", "", seconds(start), synthesis.cached(), fake, batch.loop(), contentHash, panelHash,
                metamersSha, failures);
        out.write(runDir, job, verdicts.rows(), recognition, curveRows, nullRows);
        ObserverPart.remove(runDir, job);
        return out;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
