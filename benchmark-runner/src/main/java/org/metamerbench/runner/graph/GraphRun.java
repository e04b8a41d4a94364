package org.metamerbench.runner.graph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.metamerbench.api.DifferentiableGraphModel;
import org.metamerbench.api.GraphInput;
import org.metamerbench.api.GraphModel;
import org.metamerbench.api.Modality;
import org.metamerbench.datasets.graph.GraphSetManifest;
import org.metamerbench.datasets.graph.GraphSets;
import org.metamerbench.datasets.graph.GraphStimulusSet;
import org.metamerbench.datasets.graph.Neighbourhood;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.CsvTable;
import org.metamerbench.results.GraphTables;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.NaturalRow;
import org.metamerbench.results.RecognitionRow;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.results.RunLock;
import org.metamerbench.results.RunRecord;
import org.metamerbench.results.StoredGraph;
import org.metamerbench.runner.acceptance.Acceptance;
import org.metamerbench.runner.engine.ModelRegistry;
import org.metamerbench.scoring.Bootstrap;
import org.metamerbench.scoring.Kinship;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.scoring.Scoring;
import org.metamerbench.scoring.StageScore;

/**
 * A benchmark run on graphs: for each generator x stage, metamers of the stimuli's neighbourhoods
 * ({@link GraphMetamerSynthesizer}), accepted or refused at the stimulus node against the null distribution of the
 * pool nodes at that stage, classified by every graph model, with each metamer's drift ({@link GraphDrift}) and each
 * stimulus's metamer dimension ({@link MetamerDimension}). It writes the tables every run writes (so the scores,
 * reports, leaderboard and gate read it as any run) and the graph tables ({@link GraphTables}). A job whose model
 * fails is recorded as failed with its reason, and the run goes on.
 */
public final class GraphRun {

    /**
     * What to run.
     *
     * @param stimuli   stimuli taken class by class in the set's order (0: all)
     * @param dimension whether to measure each stimulus's metamer dimension at each stage
     */
    public record Config(String profile, List<String> generators, List<String> observers, List<String> stages,
            String stimulusSet, int stimuli, GraphSynthesisConfig synthesis, long seed, int bootstrap,
            boolean dimension, Path resultsRoot, String runId) {
        public Config {
            org.metamerbench.api.harness.SafeName.check("run id", runId); // it names the run's folder
            if (generators.isEmpty() || stages.isEmpty()) {
                throw new IllegalArgumentException("a graph run needs at least one generator and one stage");
            }
        }
    }

    /** What a run produced. */
    public record Outcome(Path runDir, List<StageScore> scores, List<RunRecord.Job> jobs,
            Map<String, Double> naturalAccuracy, double chance, double seconds, Map<String, String> failures) {
    }

    /** The deviations from the seed work's method that every graph run makes, recorded in run.json. */
    public static final List<String> DEVIATIONS = List.of(
            "acceptance as for images and sounds (the seed work states none): the generator's class and Spearman, "
                    + "Pearson and SNR above the null maximum, judged at the stimulus node alone, against all ordered "
                    + "pairs of distinct null-pool nodes at that stage",
            "the loss is taken over every node of the stimulus's neighbourhood, as the seed work's node-activation "
                    + "match; its schedule is not public: the harness's (stages of equal length, the step halving "
                    + "after each)",
            "binary features start as standard normal logits (a random binary matrix with the reference's count of "
                    + "ones); real features at mu + tau * sigma * eps with the reference's scalar mean and sd",
            "edge logits start standard normal (a random graph with the reference's edge count); the top-m mask "
                    + "keeps the edge count exactly",
            "metamer dimension with respect to the node features of the receptive field (edges held)");

    private GraphRun() {
    }

    public static Outcome execute(Config cfg, ModelRegistry registry, Consumer<String> log) throws IOException {
        long started = System.nanoTime();
        Instant startedAt = Instant.now();
        GraphStimulusSet set = GraphSets.resolve(cfg.stimulusSet());
        List<Integer> chosen = choose(set, cfg.stimuli());
        List<String> graphModels = registry.cards().stream().filter(c -> c.modality() == Modality.GRAPH)
                .map(c -> c.id()).toList();
        List<String> observers = cfg.observers().isEmpty() ? graphModels : cfg.observers();
        for (String id : concat(cfg.generators(), observers)) {
            if (!graphModels.contains(id)) {
                throw new IllegalArgumentException("'" + id + "' is not a graph model; the graph models are "
                        + graphModels);
            }
        }
        List<String> panelIds = observers.stream().filter(id -> registry.get(id).source()
                .equals(ModelRegistry.BUILT_IN)).toList();
        Path runDir = AtomicFiles.createFolder(cfg.resultsRoot(), cfg.resultsRoot().resolve(cfg.runId()));
        try (RunLock lock = RunLock.tryAcquire(runDir)) {
            if (lock == null) {
                throw new IOException("run " + cfg.runId() + " is running (" + runDir + " is held by another "
                        + "process); choose another --run-id");
            }
            if (Files.exists(runDir.resolve(ResultFiles.RUN_JSON))) {
                throw new IOException(runDir + " already holds a run; a graph run starts in an empty folder: choose "
                        + "another --run-id");
            }
            Map<String, GraphModel> opened = new LinkedHashMap<>();
            Map<String, String> failures = new LinkedHashMap<>();
            try {
                for (String id : concat(cfg.generators(), observers)) {
                    try {
                        opened.put(id, registry.openGraph(id));
                    } catch (RuntimeException e) {
                        failures.put(id, "opening failed: " + e.getMessage());
                        log.accept("warning: " + id + " could not be opened: " + e.getMessage());
                    }
                }
                return run(cfg, registry, set, chosen, observers, panelIds, opened, failures, runDir, startedAt,
                        started, log);
            } finally {
                for (GraphModel m : opened.values()) {
                    try {
                        m.close();
                    } catch (RuntimeException e) {
                        log.accept("warning: closing " + m.card().id() + " failed: " + e.getMessage());
                    }
                }
            }
        }
    }

    private static Outcome run(Config cfg, ModelRegistry registry, GraphStimulusSet set, List<Integer> chosen,
            List<String> observers, List<String> panelIds, Map<String, GraphModel> opened,
            Map<String, String> failures, Path runDir, Instant startedAt, long started, Consumer<String> log)
            throws IOException {
        List<GraphSetManifest.Node> nodes = set.stimuli();
        List<Neighbourhood> stimuli = chosen.stream().map(set::stimulus).toList();
        List<String> ids = chosen.stream().map(i -> nodes.get(i).id()).toList();
        int[] labels = stimuli.stream().mapToInt(Neighbourhood::label).toArray();
        List<Neighbourhood> pool = new ArrayList<>();
        for (int i = 0; i < set.nullPool().size(); i++) {
            pool.add(set.poolItem(i));
        }
        // more trials for the kinship test: the validation split's labelled nodes, classified only
        List<Neighbourhood> comparison = new ArrayList<>(pool);
        for (int node : set.graph().nodesOf(org.metamerbench.datasets.graph.Graph.Split.VAL)) {
            if (set.graph().label(node) != org.metamerbench.datasets.graph.Graph.UNLABELLED) {
                comparison.add(Neighbourhood.of(set.graph(), node, set.hops()));
            }
        }
        GraphRunRecord record = new GraphRunRecord(cfg, registry, set, ids, observers, panelIds, startedAt);
        record.write(runDir, "running", List.of(), Double.NaN, failures, null);

        // the natural stimuli, the pool and the validation nodes, as every observer classifies them (all of them
        // for the kinship test: with the stimuli and the pool alone, 175 trials on Cora, two GCN seeds answered
        // alike on every one)
        List<NaturalRow> natural = new ArrayList<>();
        Map<String, int[]> answers = new LinkedHashMap<>();
        int[] kinLabels = new int[stimuli.size() + comparison.size()];
        System.arraycopy(labels, 0, kinLabels, 0, labels.length);
        for (int i = 0; i < comparison.size(); i++) {
            kinLabels[stimuli.size() + i] = comparison.get(i).label();
        }
        for (String id : observers) {
            GraphModel m = opened.get(id);
            if (m == null) {
                continue;
            }
            try {
                int[] all = new int[kinLabels.length];
                List<NaturalRow> mine = new ArrayList<>();
                for (int i = 0; i < stimuli.size(); i++) {
                    all[i] = GraphObservers.classify(m, GraphObservers.input(stimuli.get(i)));
                    mine.add(new NaturalRow(id, ids.get(i), labels[i], all[i]));
                }
                for (int i = 0; i < comparison.size(); i++) {
                    all[stimuli.size() + i] = GraphObservers.classify(m, GraphObservers.input(comparison.get(i)));
                }
                natural.addAll(mine);
                answers.put(id, all);
            } catch (RuntimeException e) {
                failures.put(id, "classifying the natural stimuli failed: " + e.getMessage());
                opened.remove(id).close();
            }
        }
        Map<String, org.metamerbench.api.Lineage> lineages = new LinkedHashMap<>();
        for (String id : observers) {
            lineages.put(id, registry.get(id).vouchedLineage());
        }
        Kinship kinship = Kinship.measure(cfg.generators(), panelIds, lineages, answers, kinLabels);

        List<MetamerRow> metamers = new ArrayList<>();
        List<RecognitionRow> recognition = new ArrayList<>();
        List<RunResults.LossPoint> curves = new ArrayList<>();
        List<GraphTables.DriftRow> drift = new ArrayList<>();
        List<GraphTables.DimensionRow> dimension = new ArrayList<>();
        boolean binary = set.manifest().graph().binaryFeatures();
        List<List<Object>> graphs = new ArrayList<>();
        for (int i = 0; i < stimuli.size(); i++) {
            graphs.addAll(stored(stimuli.get(i), stimuli.get(i).features(), stimuli.get(i).adjacency())
                    .rows(StoredGraph.Key.reference(ids.get(i)), binary));
        }
        List<RunRecord.Job> jobs = new ArrayList<>();
        for (String gen : cfg.generators()) {
            for (String stage : cfg.stages()) {
                long t0 = System.nanoTime();
                try {
                    GraphModel m = opened.get(gen);
                    if (m == null) {
                        throw new IllegalStateException(gen + " is not open: " + failures.get(gen));
                    }
                    if (!(m instanceof DifferentiableGraphModel dm)) {
                        throw new IllegalStateException(gen + " gives no input gradients: it observes, it cannot "
                                + "generate");
                    }
                    m.card().stage(stage); // refuses a stage the card does not have, naming its stages
                    log.accept(gen + " x " + stage + ": " + stimuli.size() + " metamers");
                    Job job = new Job(cfg, dm, stage, stimuli, ids, labels, pool, binary);
                    job.run(opened, observers);
                    metamers.addAll(job.metamers);
                    recognition.addAll(job.recognition);
                    curves.addAll(job.curves);
                    drift.addAll(job.drift);
                    dimension.addAll(job.dimension);
                    graphs.addAll(job.graphs);
                    jobs.add(job(gen, stage, "ok", null, t0, job.loop));
                } catch (RuntimeException e) {
                    String why = e.getMessage() != null ? e.getMessage() : e.toString();
                    log.accept("warning: " + gen + " x " + stage + " failed: " + why);
                    jobs.add(job(gen, stage, "failed", why, t0, null));
                }
                record.write(runDir, "running", jobs, Double.NaN, failures, kinship);
            }
        }

        CsvTable.write(runDir, runDir.resolve(ResultFiles.METAMERS_CSV), MetamerRow.HEADER,
                metamers.stream().map(MetamerRow::toRow).toList());
        CsvTable.write(runDir, runDir.resolve(ResultFiles.RECOGNITION_CSV), RecognitionRow.HEADER,
                recognition.stream().map(RecognitionRow::toRow).toList());
        CsvTable.write(runDir, runDir.resolve(ResultFiles.NATURAL_CSV), NaturalRow.HEADER,
                natural.stream().map(NaturalRow::toRow).toList());
        CsvTable.write(runDir, runDir.resolve(ResultFiles.LOSS_CURVES_CSV), ResultFiles.LOSS_CURVES_HEADER,
                curves.stream().map(p -> List.<Object>of(p.generator(), p.stage(), p.stimulus(), p.step(), p.loss()))
                        .toList());
        CsvTable.write(runDir, runDir.resolve(GraphTables.DRIFT_CSV), GraphTables.DRIFT_HEADER,
                drift.stream().map(GraphTables.DriftRow::toRow).toList());
        CsvTable.write(runDir, runDir.resolve(GraphTables.GRAPHS_CSV), GraphTables.GRAPHS_HEADER, graphs);
        if (cfg.dimension()) {
            CsvTable.write(runDir, runDir.resolve(GraphTables.DIMENSION_CSV), GraphTables.DIMENSION_HEADER,
                    dimension.stream().map(GraphTables.DimensionRow::toRow).toList());
        }
        RunRecord scoring = record.write(runDir, "scoring", jobs, Double.NaN, failures, kinship);
        RunResults stored = RunResults.of(runDir, scoring, metamers, recognition, natural, curves);
        List<StageScore> scores = Scoring.score(stored.stageData(), new Bootstrap(cfg.bootstrap(), cfg.seed()));
        double chance = stored.chance();
        if (!scores.isEmpty()) {
            CsvTable.write(runDir, runDir.resolve(ResultFiles.SCORES_CSV), StageScore.HEADER,
                    scores.stream().map(s -> s.toRow(chance)).toList());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        record.write(runDir, "complete", jobs, seconds, failures, kinship);
        ResultFiles.seal(runDir);
        return new Outcome(runDir, scores, List.copyOf(jobs), stored.naturalAccuracy(), chance, seconds,
                Map.copyOf(failures));
    }

    private static RunRecord.Job job(String gen, String stage, String status, String reason, long t0, String loop) {
        return new RunRecord.Job(gen, stage, status, reason, Math.round((System.nanoTime() - t0) / 1e7) / 100.0,
                false, false, loop);
    }

    /** The first {@code count} stimuli taken class by class in turn (all of them for 0), in the set's order. */
    static List<Integer> choose(GraphStimulusSet set, int count) {
        List<GraphSetManifest.Node> nodes = set.stimuli();
        if (count <= 0 || count >= nodes.size()) {
            return java.util.stream.IntStream.range(0, nodes.size()).boxed().toList();
        }
        Map<Integer, List<Integer>> byClass = new java.util.TreeMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            byClass.computeIfAbsent(nodes.get(i).label(), k -> new ArrayList<>()).add(i);
        }
        List<Integer> out = new ArrayList<>();
        for (int round = 0; out.size() < count; round++) {
            for (List<Integer> of : byClass.values()) {
                if (round < of.size() && out.size() < count) {
                    out.add(of.get(round));
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        for (String s : b) {
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** One generator x stage: its metamers, their acceptance, recognition, drift and the stimuli's dimension. */
    private static final class Job {
        final Config cfg;
        final DifferentiableGraphModel gen;
        final String stage;
        final List<Neighbourhood> stimuli;
        final List<String> ids;
        final int[] labels;
        final List<Neighbourhood> pool;
        final boolean binary;
        final List<MetamerRow> metamers = new ArrayList<>();
        final List<RecognitionRow> recognition = new ArrayList<>();
        final List<RunResults.LossPoint> curves = new ArrayList<>();
        final List<GraphTables.DriftRow> drift = new ArrayList<>();
        final List<GraphTables.DimensionRow> dimension = new ArrayList<>();
        final List<List<Object>> graphs = new ArrayList<>();
        String loop;

        Job(Config cfg, DifferentiableGraphModel gen, String stage, List<Neighbourhood> stimuli, List<String> ids,
                int[] labels, List<Neighbourhood> pool, boolean binary) {
            this.cfg = cfg;
            this.gen = gen;
            this.stage = stage;
            this.stimuli = stimuli;
            this.ids = ids;
            this.labels = labels;
            this.pool = pool;
            this.binary = binary;
        }

        void run(Map<String, GraphModel> opened, List<String> observers) {
            String id = gen.card().id();
            Acceptance acceptance = GraphJudge.acceptance(gen, stage, pool);

            List<GraphMetamerSynthesizer.Reference> refs = stimuli.stream().map(nb ->
                    new GraphMetamerSynthesizer.Reference(nb.features(), nb.adjacency(), nb.size())).toList();
            long[] seeds = stimuli.stream().mapToLong(nb -> seed(cfg.seed(), nb.centre())).toArray();
            GraphMetamerSynthesizer.Result r = GraphMetamerSynthesizer.synthesize(gen, stage, refs, seeds, binary,
                    cfg.synthesis());
            loop = r.batched() ? String.format(java.util.Locale.ROOT, "disjoint union of up to %d nodes per call "
                    + "(parts' largest relative difference alone and together %.1e)", cfg.synthesis().nodesPerBatch(),
                    r.unionDifference()) : String.format(java.util.Locale.ROOT, "one graph per call (the model's "
                    + "parts differ by %.1e in a union)", r.unionDifference());
            double each = r.seconds() / Math.max(1, refs.size());
            for (int i = 0; i < refs.size(); i++) {
                GraphMetamerSynthesizer.Metamer mm = r.metamers().get(i);
                Neighbourhood nb = stimuli.get(i);
                GraphInput met = GraphObservers.input(mm.features(), mm.adjacency(), nb.size());
                GraphJudge.Judged judged = GraphJudge.judge(gen, stage, acceptance, nb, met);
                int refClass = judged.referenceClass();
                int metClass = judged.metamerClass();
                Acceptance.Verdict v = judged.verdict();
                metamers.add(new MetamerRow(id, gen.card().version(), stage, ids.get(i), labels[i], mm.seed(),
                        mm.steps(), org.metamerbench.api.harness.StopRule.BUDGET, mm.finalLoss(), each, refClass, metClass, v.scores().spearman(),
                        v.scores().pearson(), v.scores().snrDb(), acceptance.spearman(), acceptance.pearson(),
                        acceptance.snrDb(), v.accepted()));
                for (String o : observers) {
                    GraphModel obs = opened.get(o);
                    if (obs != null) {
                        recognition.add(new RecognitionRow(id, stage, ids.get(i), labels[i], o,
                                o.equals(id) ? metClass : GraphObservers.classify(obs, met), v.accepted()));
                    }
                }
                for (int k = 0; k < mm.curveSteps().length; k++) {
                    curves.add(new RunResults.LossPoint(id, stage, ids.get(i), mm.curveSteps()[k],
                            mm.curveLoss()[k]));
                }
                graphs.addAll(stored(nb, mm.features(), mm.adjacency()).rows(StoredGraph.Key.metamer(id, stage,
                        ids.get(i)), binary));
                GraphDrift d = GraphDrift.of(nb.features(), nb.adjacency(), mm.features(), mm.adjacency(),
                        nb.size(), binary);
                drift.add(new GraphTables.DriftRow(id, stage, ids.get(i), cfg.synthesis().kind().option(),
                        d.featureCosine(), d.hamming(), d.edgeJaccard(), d.wlSimilarity(), d.spectralDistance(),
                        v.accepted()));
                if (cfg.dimension()) {
                    MetamerDimension.Result dim = MetamerDimension.of(gen, GraphObservers.input(nb), stage, false);
                    dimension.add(new GraphTables.DimensionRow(id, stage, ids.get(i), nb.size(),
                            dim.inputDimensions(), dim.rank(), dim.logVolume(), dim.tolerance()));
                }
            }
        }
    }

    private static StoredGraph stored(Neighbourhood nb, float[] features, float[] adjacency) {
        return new StoredGraph(nb.size(), nb.featureCount(), features, adjacency);
    }

    /** A stimulus's starting noise: the run's seed and the stimulus's node, the same for every generator. */
    static long seed(long runSeed, int node) {
        return runSeed * 1_000_003L + node;
    }
}
