package org.metamerbench.runner.graph;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.metamerbench.api.Lineage;
import org.metamerbench.datasets.graph.GraphSetManifest;
import org.metamerbench.datasets.graph.GraphStimulusSet;
import org.metamerbench.results.Hashing;
import org.metamerbench.results.RunRecord;
import org.metamerbench.runner.HarnessInfo;
import org.metamerbench.runner.engine.Machine;
import org.metamerbench.runner.engine.ModelRegistry;
import org.metamerbench.scoring.Kinship;
import org.metamerbench.scoring.StageData;

/**
 * A graph run's run.json: the record every run writes, with the graph set as its stimulus set (modality
 * {@value GraphSetManifest#MODALITY}), its training-split nodes as the null pool, and the graph settings and stated
 * deviations under {@code config.graph}.
 */
final class GraphRunRecord {
    /** The synthesis algorithm's name in the record. */
    static final String ALGORITHM = "graph-synthesis-1";
    static final String NULL_PAIRS = "all ordered pairs of distinct null-pool nodes";

    private final GraphRun.Config cfg;
    private final ModelRegistry registry;
    private final GraphStimulusSet set;
    private final List<String> ids;
    private final List<String> observers;
    private final List<String> panel;
    private final Instant startedAt;

    GraphRunRecord(GraphRun.Config cfg, ModelRegistry registry, GraphStimulusSet set, List<String> ids,
            List<String> observers, List<String> panel, Instant startedAt) {
        this.cfg = cfg;
        this.registry = registry;
        this.set = set;
        this.ids = ids;
        this.observers = observers;
        this.panel = panel;
        this.startedAt = startedAt;
    }

    RunRecord write(Path runDir, String status, List<RunRecord.Job> jobs, double seconds,
            Map<String, String> failures, Kinship kinship) throws IOException {
        boolean finished = !Double.isNaN(seconds);
        GraphSynthesisConfig s = cfg.synthesis();
        RunRecord.GraphSettings graph = new RunRecord.GraphSettings(s.kind().option(), s.loss().option(),
                s.describe(), s.featureStep(), s.tau(), s.nodesPerBatch(), "at the stimulus node (node 0 of its "
                + "neighbourhood)", cfg.dimension(), "sigma_max * max(m, n) * " + MetamerDimension.EPSILON
                + " (float32 epsilon)", GraphRun.DEVIATIONS);
        RunRecord.Config config = new RunRecord.Config(cfg.profile(), cfg.generators(), cfg.observers(), cfg.stages(),
                set.name(), ids.size(), set.name() + " (training split)", null, s.stages(), s.iterationsPerStage(),
                s.totalSteps(), s.initialStep(), false, "none", false, cfg.seed(), s.nodesPerBatch(), NULL_PAIRS, 1.0,
                "published: each statistic above the null maximum (at a threshold equal to the statistic's upper "
                        + "bound, the metamer must reach the bound)", false, StageData.MIN_ACCEPTED_SHARE,
                cfg.bootstrap(), false, graph, org.metamerbench.runner.engine.RunRecordWriter.stopping(
                org.metamerbench.api.harness.StopRule.FIXED));
        RunRecord.StimulusSetEntry stim = new RunRecord.StimulusSetEntry(set.name(), set.sha256(),
                set.stimuli().size(), ids.size(), GraphSetManifest.MODALITY, null, List.copyOf(set.classLabels()),
                List.copyOf(ids));
        List<RunRecord.Observer> obs = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (String id : panel) {
            String h = registry.get(id).contentHash();
            obs.add(new RunRecord.Observer(id, h));
            hashes.add(id + "@" + h);
        }
        RunRecord.Panel p = new RunRecord.Panel("built-in reference panel", "recognition is scored by the "
                + "built-in graph models of this harness only (the generator itself and its family excluded: "
                + "panel.kinship); other graph models observe, and their recognition is stored and shown, but "
                + "never enters a score", List.copyOf(obs), Hashing.sha256(String.join("\n", hashes)),
                kinship == null ? null : kinship.entry());
        List<RunRecord.Model> models = new ArrayList<>();
        for (String id : observers.stream().distinct().toList()) {
            models.add(model(id, failures.get(id)));
        }
        for (String id : cfg.generators()) {
            if (!observers.contains(id)) {
                models.add(model(id, failures.get(id)));
            }
        }
        RunRecord r = new RunRecord(RunRecord.FORMAT, cfg.runId(), status, startedAt.toString(), false, null,
                finished ? Instant.now().toString() : null, finished ? Math.round(seconds * 10) / 10.0 : null,
                new RunRecord.Harness(HarnessInfo.version(), HarnessInfo.gitCommit(), ALGORITHM, NULL_PAIRS), config,
                stim, null, new RunRecord.NullPool(set.name() + " training split", set.sha256(),
                set.nullPool().size()), p, List.copyOf(models), List.of(), cfg.generators().stream().flatMap(g ->
                cfg.stages().stream().map(st -> new RunRecord.PlannedJob(g, st))).toList(), List.copyOf(jobs),
                Machine.describe(), null);
        r.write(runDir);
        return r;
    }

    private RunRecord.Model model(String id, String failure) {
        ModelRegistry.Entry e = registry.get(id);
        List<String> stages = e.card().stageNames();
        Lineage l = e.card().lineage();
        boolean generator = cfg.generators().contains(id);
        return new RunRecord.Model(id, e.card().version(), e.contentHash(), stages.get(stages.size() - 1),
                List.copyOf(stages), "node classification: the largest of the centre node's logits at "
                + stages.get(stages.size() - 1), e.provider().name(), generator, observers.contains(id),
                e.card().canGenerate(), new RunRecord.Lineage(l.recipe(), l.seed(), l.trainingData(),
                l.initialisedFrom()), generator ? List.copyOf(cfg.stages()) : List.of(), failure);
    }
}
