package org.metamerbench.runner.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.Tensor;
import org.metamerbench.datasets.AtomicFiles;
import org.metamerbench.datasets.FloatIdx;
import org.metamerbench.datasets.GrayPng;
import org.metamerbench.datasets.Hashing;
import org.metamerbench.datasets.ImageSet;
import org.metamerbench.datasets.ImageSetLoader;
import org.metamerbench.datasets.results.CsvTable;
import org.metamerbench.datasets.results.MetamerRow;
import org.metamerbench.datasets.results.NaturalRow;
import org.metamerbench.datasets.results.RecognitionRow;
import org.metamerbench.datasets.results.ResultFiles;
import org.metamerbench.reports.Bootstrap;
import org.metamerbench.reports.ModelScore;
import org.metamerbench.reports.RunResults;
import org.metamerbench.reports.Scoring;
import org.metamerbench.reports.StageData;
import org.metamerbench.reports.StageScore;
import org.metamerbench.runner.HarnessInfo;
import org.metamerbench.runner.ModelOutputs;
import org.metamerbench.runner.acceptance.Acceptance;
import org.metamerbench.runner.acceptance.NullDistribution;
import org.metamerbench.runner.acceptance.NullDistribution.Statistic;
import org.metamerbench.runner.acceptance.Similarity;
import org.metamerbench.runner.isolation.IsolatedModel;
import org.metamerbench.runner.synthesis.MetamerSynthesizer;
import org.metamerbench.runner.synthesis.SynthesisConfig;

/**
 * One benchmark run: plan, synthesis per generator x stage, acceptance, recognition by the observer
 * panel, scores, and the result store. A job (one generator x stage) that fails is recorded with its
 * reason and the run goes on.
 */
public final class BenchmarkRun {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int NULL_BATCH = 250;

    /** Receives progress. */
    public interface Listener {
        default void planned(long totalSteps) {
        }

        default void stepped(long steps) {
        }

        default void message(String text) {
        }

        /** Something the user must see (a damaged cache entry, a refused model); by default a message. */
        default void warning(String text) {
            message(text);
        }
    }

    /** What happened to one job. */
    public record JobStatus(String generator, String stage, String status, String reason, double seconds,
            boolean cached, boolean fakeRelu) {
    }

    /** What a run produced. */
    public record Outcome(Path runDir, List<StageScore> scores, List<ModelScore> modelScores, List<JobStatus> jobs,
            Map<String, Double> naturalAccuracy, double chance, double seconds, Map<String, String> modelFailures) {
    }

    private final RunConfig cfg;
    private final ModelRegistry registry;
    private final Listener listener;
    private final Map<String, Model> opened = new LinkedHashMap<>();
    private final Map<String, String> openFailures = new LinkedHashMap<>();
    private final List<MetamerRow> metamerRows = new ArrayList<>();
    private final List<RecognitionRow> recognitionRows = new ArrayList<>();
    private final List<NaturalRow> naturalRows = new ArrayList<>();
    private final List<List<?>> curveRows = new ArrayList<>();
    private final List<List<?>> nullRows = new ArrayList<>();
    private final List<JobStatus> jobs = new ArrayList<>();
    private final Map<String, int[]> naturalPredictions = new LinkedHashMap<>();
    private final Map<String, ObserverTask> tasks = new LinkedHashMap<>();
    private final Map<String, String> refused = new LinkedHashMap<>();
    private List<String> referencePanel = List.of();
    private boolean resumed;

    private BenchmarkRun(RunConfig cfg, ModelRegistry registry, Listener listener) {
        this.cfg = cfg;
        this.registry = registry;
        this.listener = listener;
    }

    public static Outcome execute(RunConfig cfg, ModelRegistry registry, Listener listener) throws IOException {
        BenchmarkRun run = new BenchmarkRun(cfg, registry, listener);
        try {
            return run.execute();
        } finally {
            run.opened.values().forEach(Model::close);
        }
    }

    private Outcome execute() throws IOException {
        long started = System.nanoTime();
        Instant startedAt = Instant.now();
        ImageSet set = ImageSetLoader.resolve(cfg.stimulusSet());
        ImageSet pool = ImageSetLoader.resolve(cfg.nullPool());
        int[] chosen = cfg.stimulusCount() >= set.size() ? allIndices(set.size()) : set.balancedSubset(cfg.stimulusCount());
        List<String> ids = Arrays.stream(chosen).mapToObj(set::id).toList();
        int[] labels = Arrays.stream(chosen).map(set::label).toArray();
        Tensor stimuli = set.batch(chosen);

        List<String> generators = shareTask(resolveGenerators(), cfg.generators(), set);
        List<String> panel = shareTask(new ArrayList<>(new LinkedHashSet<>(concat(generators, resolveObservers()))),
                cfg.observers(), set);
        referencePanel = panel.stream().filter(id -> registry.get(id).source().equals(ModelRegistry.BUILT_IN)).toList();
        Map<String, List<String>> plan = new LinkedHashMap<>();
        for (String g : generators) {
            plan.put(g, resolveStages(registry.get(g).card()));
        }
        long totalSteps = plan.values().stream().mapToLong(List::size).sum() * (long) cfg.totalSteps() * ids.size();
        listener.planned(totalSteps);

        try (RunFolder folder = RunFolder.claim(cfg.resultsRoot(), cfg.runId(), JSON.valueToTree(configMap()))) {
            if (folder.resumed()) {
                listener.message("run " + cfg.runId() + " was stopped; finishing it (jobs that finished before come "
                        + "from the cache)");
            }
            Outcome o = execute(folder, started, startedAt, set, pool, ids, labels, stimuli, panel, plan);
            folder.completed();
            return o;
        }
    }

    private Outcome execute(RunFolder folder, long started, Instant startedAt, ImageSet set, ImageSet pool,
            List<String> ids, int[] labels, Tensor stimuli, List<String> panel, Map<String, List<String>> plan)
            throws IOException {
        Path runDir = folder.dir();
        resumed = folder.resumed();
        // Without the shared cache, the run keeps its finished jobs in its own folder, to finish it if stopped.
        Path cacheRoot = cfg.useCache() ? cfg.resultsRoot().resolve(".cache") : runDir.resolve(RunFolder.RESUME_CACHE);
        NullCache nullCache = new NullCache(cacheRoot.resolve("null"), listener::warning);
        SynthesisCache synthesisCache = new SynthesisCache(cacheRoot.resolve("synthesis"), listener::warning);
        writeRunJson(runDir, "running", startedAt, set, pool, ids, panel, plan, Double.NaN);

        for (int i = 0; i < ids.size(); i++) {
            GrayPng.write(runDir, ResultFiles.referenceImage(runDir, ids.get(i)), stimuli.sample(i).toFloatArray(), 28, 28);
        }
        for (String observer : panel) {
            Model m = open(observer);
            if (m == null) {
                continue;
            }
            try {
                int[] pred = tasks.get(observer).answer(m, stimuli);
                naturalPredictions.put(observer, pred);
                for (int i = 0; i < ids.size(); i++) {
                    naturalRows.add(new NaturalRow(observer, ids.get(i), labels[i], pred[i]));
                }
            } catch (RuntimeException e) {
                openFailures.put(observer, "classifying natural stimuli failed: " + e);
            }
        }

        for (Map.Entry<String, List<String>> e : plan.entrySet()) {
            for (String stage : e.getValue()) {
                long jobStart = System.nanoTime();
                String g = e.getKey();
                boolean fake = cfg.fakeRelu() && registry.get(g).card().stage(stage)
                        .fakeReluApplies(cfg.fakeReluThroughMaxPool());
                try {
                    boolean cached = runJob(runDir, g, stage, set, ids, labels, stimuli, pool, panel, nullCache,
                            synthesisCache);
                    jobs.add(new JobStatus(g, stage, "ok", "", seconds(jobStart), cached, fake));
                } catch (Exception | StackOverflowError | OutOfMemoryError ex) {
                    jobs.add(new JobStatus(g, stage, "failed", ex.toString(), seconds(jobStart), false, fake));
                    listener.message("job " + g + " x " + stage + " failed: " + ex);
                    listener.stepped((long) cfg.totalSteps() * ids.size());
                }
                writeTables(runDir, List.of());
            }
        }
        writeTables(runDir, List.of());
        writeRunJson(runDir, "scoring", startedAt, set, pool, ids, panel, plan, Double.NaN);
        RunResults stored = RunResults.load(runDir);
        Bootstrap bootstrap = new Bootstrap(cfg.bootstrapSamples(), cfg.seed());
        List<StageScore> scores = Scoring.score(stored.stageData(), bootstrap);
        double chance = stored.chance();
        writeTables(runDir, scores.stream().map(s -> s.toRow(chance)).toList());
        double total = seconds(started);
        writeRunJson(runDir, "complete", startedAt, set, pool, ids, panel, plan, total);
        Map<String, String> failures = new LinkedHashMap<>(refused);
        failures.putAll(openFailures);
        return new Outcome(runDir, scores, stored.modelScores(bootstrap), List.copyOf(jobs), stored.naturalAccuracy(),
                chance, total, Map.copyOf(failures));
    }

    /**
     * The models of {@code ids} that share the stimulus set's task (input shape, value range, classes or
     * a declared mapping to the set's categories). A model the user named that does not is an error; one
     * that was only discovered is left out, with the reason recorded in run.json.
     */
    private List<String> shareTask(List<String> ids, List<String> named, ImageSet set) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            if (refused.containsKey(id)) {
                continue;
            }
            if (tasks.containsKey(id)) {
                out.add(id);
                continue;
            }
            try {
                tasks.put(id, ObserverTask.of(registry.get(id).card(), set));
                out.add(id);
            } catch (ObserverTask.Mismatch e) {
                if (named.contains(id)) {
                    throw e;
                }
                refused.put(id, "refused: " + e.getMessage());
                listener.warning("model " + e.getMessage() + "; it is left out of this run");
            }
        }
        return out;
    }

    /** Returns true when the metamers came from the cache. */
    private boolean runJob(Path runDir, String g, String stage, ImageSet set, List<String> ids, int[] labels,
            Tensor stimuli, ImageSet pool, List<String> panel, NullCache nullCache, SynthesisCache synthesisCache)
            throws IOException {
        Model opened = open(g);
        if (opened == null) {
            throw new IllegalStateException("model could not be opened: " + openFailures.get(g));
        }
        if (!(opened instanceof DifferentiableModel model)) {
            throw new IllegalStateException(g + " has no input gradient and cannot generate metamers");
        }
        ModelCard card = model.card();
        int[] referenceClass = naturalPredictions.get(g);
        if (referenceClass == null) {
            throw new IllegalStateException(g + " could not classify the natural stimuli: " + openFailures.get(g));
        }

        String contentHash = registry.get(g).contentHash();
        listener.message("null distribution " + g + " x " + stage);
        NullDistribution nul = nullCache.get(NullCache.key(contentHash, stage, pool.sha256()),
                () -> NullDistribution.compute(activationsInBatches(model, pool.tensor(), stage)));
        for (Statistic s : Statistic.values()) {
            double[] q = nul.quantiles().get(s);
            List<Object> row = new ArrayList<>(List.of(g, stage, s.name().toLowerCase(java.util.Locale.ROOT),
                    nul.poolSize(), nul.pairs(), nul.zeroPairs()));
            for (double v : q) {
                row.add(v);
            }
            nullRows.add(row);
        }
        Acceptance acceptance = Acceptance.fromNull(nul, cfg.nullQuantile());

        SynthesisConfig sc = SynthesisConfig.published(cfg.scheduleStages(), cfg.iterationsPerStage(), card.modality())
                .withFakeRelu(cfg.fakeRelu() && card.stage(stage).fakeReluApplies(cfg.fakeReluThroughMaxPool()));
        long[] seeds = ids.stream().mapToLong(id -> stimulusSeed(cfg.seed(), id)).toArray();
        String key = SynthesisCache.key(contentHash, card.stage(stage), set.sha256(), ids, seeds, sc);
        int[] sampleShape = stimuli.sampleShape();
        MetamerSynthesizer.Batch batch = synthesisCache.load(key);
        boolean cached = batch != null;
        if (cached) {
            listener.stepped((long) sc.totalSteps() * ids.size());
        } else {
            listener.message("synthesis " + g + " x " + stage);
            List<MetamerSynthesizer.Metamer> all = new ArrayList<>();
            double secs = 0;
            for (int from = 0; from < ids.size(); from += cfg.batchSize()) {
                int to = Math.min(ids.size(), from + cfg.batchSize());
                Tensor refs = slice(stimuli, from, to);
                int width = to - from;
                MetamerSynthesizer.Batch b;
                if (model instanceof IsolatedModel isolated) {
                    b = isolated.synthesize(stage, refs, Arrays.copyOfRange(seeds, from, to), sc);
                    listener.stepped((long) width * sc.totalSteps());
                } else {
                    b = MetamerSynthesizer.synthesize(model, stage, refs, Arrays.copyOfRange(seeds, from, to), sc,
                            (t, total) -> listener.stepped(width));
                }
                all.addAll(b.metamers());
                secs += b.seconds();
            }
            batch = new MetamerSynthesizer.Batch(all, secs);
            synthesisCache.store(key, batch, sampleShape);
        }

        int n = ids.size();
        int per = stimuli.sampleSize();
        float[] flat = new float[n * per];
        for (int i = 0; i < n; i++) {
            System.arraycopy(batch.metamers().get(i).image(), 0, flat, i * per, per);
        }
        int[] shape = stimuli.shape();
        Tensor metamers = Tensor.wrap(shape, flat);
        new FloatIdx(shape, flat).write(runDir, ResultFiles.metamerArray(runDir, g, stage));

        Tensor metAct = ModelOutputs.requireFinite(model.activations(metamers, List.of(stage)).get(stage),
                g + "'s activation of its metamers at " + stage);
        Tensor refAct = ModelOutputs.requireFinite(model.activations(stimuli, List.of(stage)).get(stage),
                g + "'s activation of the references at " + stage);
        int[] metamerClass = tasks.get(g).answer(model, metamers);
        boolean[] accepted = new boolean[n];
        double perMetamerSeconds = batch.seconds() / n;
        for (int i = 0; i < n; i++) {
            MetamerSynthesizer.Metamer m = batch.metamers().get(i);
            Acceptance.Verdict v = acceptance.judge(refAct.sample(i).toFloatArray(), metAct.sample(i).toFloatArray(),
                    referenceClass[i], metamerClass[i]);
            accepted[i] = v.accepted();
            Similarity.Scores s = v.scores();
            metamerRows.add(new MetamerRow(g, card.version(), stage, ids.get(i), labels[i], m.seed(), m.steps(),
                    m.finalLoss(), perMetamerSeconds, referenceClass[i], metamerClass[i], s.spearman(), s.pearson(),
                    s.snrDb(), acceptance.spearman(), acceptance.pearson(), acceptance.snrDb(), accepted[i]));
            for (int k = 0; k < m.curveSteps().length; k++) {
                curveRows.add(List.of(g, stage, ids.get(i), m.curveSteps()[k], m.curveLoss()[k]));
            }
            GrayPng.write(runDir, ResultFiles.metamerImage(runDir, g, stage, ids.get(i)), m.image(), 28, 28);
        }
        for (String observer : panel) {
            if (!naturalPredictions.containsKey(observer)) {
                continue; // failed observer: recorded in run.json
            }
            int[] pred;
            try {
                pred = observer.equals(g) ? metamerClass : tasks.get(observer).answer(opened(observer), metamers);
            } catch (RuntimeException e) {
                // A failing observer fails its own recognition, not the generator's job.
                openFailures.put(observer, "recognition of " + g + " x " + stage + " failed: " + e.getMessage());
                listener.message("observer " + observer + " failed on " + g + " x " + stage + ": " + e.getMessage());
                continue;
            }
            for (int i = 0; i < n; i++) {
                recognitionRows.add(new RecognitionRow(g, stage, ids.get(i), labels[i], observer, pred[i], accepted[i]));
            }
        }
        return cached;
    }

    private Model opened(String id) {
        return opened.get(id);
    }

    private Model open(String id) {
        if (opened.containsKey(id)) {
            return opened.get(id);
        }
        if (openFailures.containsKey(id)) {
            return null;
        }
        try {
            Model m = registry.open(id);
            opened.put(id, m);
            return m;
        } catch (RuntimeException | LinkageError e) {
            openFailures.put(id, "open failed: " + e);
            listener.message("model " + id + " could not be opened: " + e);
            return null;
        }
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

    /** The seed of a stimulus's starting noise: shared by every stage and model of a run. */
    public static long stimulusSeed(long runSeed, String stimulusId) {
        String h = Hashing.sha256(runSeed + ":" + stimulusId);
        return Long.parseUnsignedLong(h.substring(0, 15), 16);
    }

    private List<String> resolveGenerators() {
        if (cfg.generators().isEmpty()) {
            return registry.cards().stream().filter(ModelCard::canGenerate).map(ModelCard::id).toList();
        }
        for (String g : cfg.generators()) {
            if (!registry.get(g).card().canGenerate()) {
                throw new IllegalArgumentException(g + " has no input gradient and can only be an observer");
            }
        }
        return cfg.generators();
    }

    private List<String> resolveObservers() {
        if (cfg.observers().isEmpty()) {
            return registry.cards().stream().map(ModelCard::id).toList();
        }
        cfg.observers().forEach(registry::get);
        return cfg.observers();
    }

    private List<String> resolveStages(ModelCard card) {
        List<String> all = card.stageNames();
        if (cfg.stages().isEmpty()) {
            return all.subList(1, all.size());
        }
        List<String> chosen = cfg.stages().stream().filter(card::hasStage).toList();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException(card.id() + " has none of the stages " + cfg.stages()
                    + "; its stages are " + all);
        }
        return chosen;
    }

    private void writeTables(Path runDir, List<? extends List<?>> scoreRows) throws IOException {
        CsvTable.write(runDir, runDir.resolve(ResultFiles.METAMERS_CSV), MetamerRow.HEADER,
                metamerRows.stream().map(MetamerRow::toRow).toList());
        CsvTable.write(runDir, runDir.resolve(ResultFiles.RECOGNITION_CSV), RecognitionRow.HEADER,
                recognitionRows.stream().map(RecognitionRow::toRow).toList());
        CsvTable.write(runDir, runDir.resolve(ResultFiles.NATURAL_CSV), NaturalRow.HEADER,
                naturalRows.stream().map(NaturalRow::toRow).toList());
        CsvTable.write(runDir, runDir.resolve(ResultFiles.LOSS_CURVES_CSV),
                List.of("generator", "stage", "stimulus", "step", "loss"), curveRows);
        List<String> nullHeader = new ArrayList<>(List.of("generator", "stage", "statistic", "pool_size", "pairs",
                "zero_pairs"));
        for (double q : NullDistribution.QUANTILES) {
            nullHeader.add(q == 1.0 ? "max" : "q" + q);
        }
        CsvTable.write(runDir, runDir.resolve(ResultFiles.NULL_CSV), nullHeader, nullRows);
        if (!scoreRows.isEmpty()) {
            CsvTable.write(runDir, runDir.resolve(ResultFiles.SCORES_CSV), StageScore.HEADER, scoreRows);
        }
    }

    private void writeRunJson(Path runDir, String status, Instant startedAt, ImageSet set, ImageSet pool,
            List<String> ids, List<String> panel, Map<String, List<String>> plan, double seconds) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "metamer-bench run 1");
        root.put("run_id", cfg.runId());
        root.put("status", status);
        root.put("started", startedAt.toString());
        root.put("resumed", resumed);
        if (!Double.isNaN(seconds)) {
            root.put("finished", Instant.now().toString());
            root.put("seconds", Math.round(seconds * 10) / 10.0);
        }
        ObjectNode harness = root.putObject("harness");
        harness.put("version", HarnessInfo.version());
        harness.put("git_commit", HarnessInfo.gitCommit());
        harness.put("synthesis_algorithm", SynthesisCache.ALGORITHM);
        harness.put("null_algorithm", NullCache.ALGORITHM);
        root.set("config", JSON.valueToTree(configMap()));
        ObjectNode stim = root.putObject("stimulus_set");
        stim.put("name", set.name());
        stim.put("sha256", set.sha256());
        stim.put("size", set.size());
        stim.put("used", ids.size());
        ArrayNode classes = stim.putArray("class_labels");
        set.classLabels().forEach(classes::add);
        ArrayNode used = stim.putArray("stimuli");
        ids.forEach(used::add);
        ObjectNode np = root.putObject("null_pool");
        np.put("name", pool.name());
        np.put("sha256", pool.sha256());
        np.put("size", pool.size());
        ObjectNode refPanel = root.putObject("panel");
        refPanel.put("name", "built-in reference panel");
        refPanel.put("rule", "recognition is scored by the built-in models of this harness only (the generator "
                + "itself excluded); models from the plugin folder observe, and their recognition is stored and "
                + "shown, but never enters a score");
        ArrayNode refObservers = refPanel.putArray("observers");
        List<String> panelHashes = new ArrayList<>();
        for (String id : referencePanel) {
            String h = registry.get(id).contentHash();
            refObservers.addObject().put("id", id).put("version", h);
            panelHashes.add(id + "@" + h);
        }
        refPanel.put("sha256", Hashing.sha256(String.join("\n", panelHashes)));
        ArrayNode models = root.putArray("models");
        for (String id : panel) {
            ModelRegistry.Entry e = registry.get(id);
            ObjectNode m = models.addObject();
            m.put("id", id);
            m.put("version", e.card().version());
            m.put("content_sha256", e.contentHash());
            List<String> cardStages = e.card().stageNames();
            m.put("logits_stage", cardStages.get(cardStages.size() - 1));
            m.put("task", tasks.get(id).describe());
            m.put("provider", e.provider().name());
            m.put("generator", plan.containsKey(id));
            m.put("observer", true);
            m.put("can_generate", e.card().canGenerate());
            ArrayNode st = m.putArray("stages");
            plan.getOrDefault(id, List.of()).forEach(st::add);
            if (openFailures.containsKey(id)) {
                m.put("failure", openFailures.get(id));
            }
        }
        ArrayNode refusedArray = root.putArray("refused_models");
        refused.forEach((id, why) -> refusedArray.addObject().put("id", id).put("reason", why));
        ArrayNode jobArray = root.putArray("jobs");
        for (JobStatus j : jobs) {
            ObjectNode o = jobArray.addObject();
            o.put("generator", j.generator());
            o.put("stage", j.stage());
            o.put("status", j.status());
            o.put("reason", j.reason());
            o.put("seconds", Math.round(j.seconds() * 100) / 100.0);
            o.put("from_cache", j.cached());
            o.put("fake_relu", j.fakeRelu());
        }
        root.set("machine", JSON.valueToTree(Machine.describe()));
        AtomicFiles.write(runDir, runDir.resolve(ResultFiles.RUN_JSON), JSON.writeValueAsBytes(root));
    }

    private Map<String, Object> configMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", cfg.profile());
        m.put("generators", cfg.generators());
        m.put("observers", cfg.observers());
        m.put("stages", cfg.stages());
        m.put("stimulus_set", cfg.stimulusSet());
        m.put("stimulus_count", cfg.stimulusCount());
        m.put("null_pool", cfg.nullPool());
        m.put("schedule_stages", cfg.scheduleStages());
        m.put("iterations_per_stage", cfg.iterationsPerStage());
        m.put("total_steps", cfg.totalSteps());
        m.put("initial_step", 1.0);
        m.put("fake_relu", cfg.fakeRelu());
        m.put("fake_relu_applies_to", cfg.fakeRelu() ? (cfg.fakeReluThroughMaxPool()
                ? "deviation: stages ending in a ReLU, and max pooling straight after a ReLU"
                : "published: stages ending in a ReLU") : "none");
        m.put("fake_relu_through_max_pool", cfg.fakeReluThroughMaxPool());
        m.put("seed", cfg.seed());
        m.put("batch_size", cfg.batchSize());
        m.put("null_pairs", "all ordered pairs of the pool");
        m.put("null_quantile", cfg.nullQuantile());
        m.put("acceptance_rule", (cfg.nullQuantile() == 1.0 ? "published: each statistic above the null maximum"
                : "deviation: each statistic above the null quantile " + cfg.nullQuantile())
                + " (at a threshold equal to the statistic's upper bound, the metamer must reach the bound)");
        m.put("min_accepted_share", StageData.MIN_ACCEPTED_SHARE);
        m.put("bootstrap_samples", cfg.bootstrapSamples());
        m.put("cache", cfg.useCache());
        return m;
    }

    private static int[] allIndices(int n) {
        int[] a = new int[n];
        Arrays.setAll(a, i -> i);
        return a;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
