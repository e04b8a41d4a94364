package org.metamerbench.runner.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.Hashing;
import org.metamerbench.datasets.StimulusSet;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.scoring.Kinship;
import org.metamerbench.scoring.StageData;
import org.metamerbench.runner.HarnessInfo;

/**
 * A run's record, run.json: its status, the harness, every setting, the stimulus set and null pool
 * with their hashes, the reference panel, each model with its content hash and task, the models left
 * out, each job's status, and the machine. Written when the run starts, when it scores, and when it
 * is complete.
 */
final class RunRecord {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final RunPlan plan;
    private final ModelRegistry registry;
    private final ModelPool models;
    private final Path runDir;
    private final Instant startedAt;
    private final boolean resumed;
    private final Shard shard;
    private Kinship kinship;

    RunRecord(RunPlan plan, ModelRegistry registry, ModelPool models, Path runDir, Instant startedAt, boolean resumed,
            Shard shard) {
        this.plan = plan;
        this.registry = registry;
        this.models = models;
        this.runDir = runDir;
        this.startedAt = startedAt;
        this.resumed = resumed;
        this.shard = shard;
    }

    /** The comparison of generators with the panel, written with every later record. */
    void kinship(Kinship k) {
        this.kinship = k;
    }

    /** Writes run.json with {@code status}, the jobs so far and, once complete, the run's seconds. */
    void write(String status, List<BenchmarkRun.JobStatus> jobs, double seconds) throws IOException {
        RunConfig cfg = plan.config();
        StimulusSet set = plan.set();
        StimulusSet pool = plan.pool();
        List<String> ids = plan.ids();
        List<String> panel = plan.panel();
        Map<String, String> openFailures = models.failures();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "metamer-bench run 1");
        root.put("run_id", cfg.runId());
        root.put("status", status);
        root.put("started", startedAt.toString());
        root.put("resumed", resumed);
        if (!shard.whole()) {
            root.putObject("shard").put("index", shard.index()).put("count", shard.count());
        }
        if (!Double.isNaN(seconds)) {
            root.put("finished", Instant.now().toString());
            root.put("seconds", Math.round(seconds * 10) / 10.0);
        }
        ObjectNode harness = root.putObject("harness");
        harness.put("version", HarnessInfo.version());
        harness.put("git_commit", HarnessInfo.gitCommit());
        harness.put("synthesis_algorithm", SynthesisCache.ALGORITHM);
        harness.put("null_algorithm", cfg.nullPairs().algorithm());
        root.set("config", JSON.valueToTree(config(cfg)));
        ObjectNode stim = root.putObject("stimulus_set");
        stim.put("name", set.name());
        stim.put("sha256", set.sha256());
        stim.put("size", set.size());
        stim.put("used", ids.size());
        stim.put("modality", set.modality());
        if (set.sampleRate() > 0) {
            stim.put("sample_rate", set.sampleRate());
        }
        ArrayNode classes = stim.putArray("class_labels");
        set.classLabels().forEach(classes::add);
        ArrayNode used = stim.putArray("stimuli");
        ids.forEach(used::add);
        // Where a set given as a folder was found, for the commands that read the run later (shards of one run
        // may find it at other paths, so this is kept apart from what the shards must agree on).
        ObjectNode at = root.putObject("locations");
        for (String[] s : new String[][] {{"stimulus_set", cfg.stimulusSet()}, {"null_pool", cfg.nullPool()}}) {
            java.nio.file.Path p = java.nio.file.Path.of(s[1]);
            if (java.nio.file.Files.isDirectory(p)) {
                at.put(s[0], p.toAbsolutePath().normalize().toString());
            }
        }
        ObjectNode np = root.putObject("null_pool");
        np.put("name", pool.name());
        np.put("sha256", pool.sha256());
        np.put("size", pool.size());
        ObjectNode refPanel = root.putObject("panel");
        if (cfg.referencePanel().isEmpty()) {
            refPanel.put("name", "built-in reference panel");
            refPanel.put("rule", "recognition is scored by the built-in models of this harness only (the generator "
                    + "itself and its family excluded: panel.kinship); models from the plugin folder observe, and their recognition is stored and "
                    + "shown, but never enters a score");
        } else {
            refPanel.put("name", "declared reference panel");
            refPanel.put("rule", "recognition is scored by the models named with --reference-panel (the generator "
                    + "itself and its family excluded: panel.kinship), not by the built-in panel: scores compare only with runs of the same panel "
                    + "(its hash is part of the protocol)");
        }
        ArrayNode refObservers = refPanel.putArray("observers");
        List<String> panelHashes = new ArrayList<>();
        for (String id : plan.referencePanel()) {
            String h = registry.get(id).contentHash();
            refObservers.addObject().put("id", id).put("version", h);
            panelHashes.add(id + "@" + h);
        }
        refPanel.put("sha256", Hashing.sha256(String.join("\n", panelHashes)));
        if (kinship != null) {
            writeKinship(refPanel.putObject("kinship"), kinship);
        }
        ArrayNode models = root.putArray("models");
        for (String id : panel) {
            ModelRegistry.Entry e = registry.get(id);
            ObjectNode m = models.addObject();
            m.put("id", id);
            m.put("version", e.card().version());
            m.put("content_sha256", e.contentHash());
            List<String> cardStages = e.card().stageNames();
            m.put("logits_stage", cardStages.get(cardStages.size() - 1));
            ArrayNode cs = m.putArray("card_stages");
            cardStages.forEach(cs::add);
            m.put("task", plan.tasks().get(id).describe());
            m.put("provider", e.provider().name());
            m.put("generator", plan.stages().containsKey(id));
            m.put("observer", true);
            m.put("can_generate", e.card().canGenerate());
            org.metamerbench.api.Lineage l = e.card().lineage();
            m.putObject("lineage").put("recipe", l.recipe()).put("seed", l.seed())
                    .put("training_data", l.trainingData()).put("initialised_from", l.initialisedFrom());
            ArrayNode st = m.putArray("stages");
            plan.stages().getOrDefault(id, List.of()).forEach(st::add);
            if (openFailures.containsKey(id)) {
                m.put("failure", openFailures.get(id));
            }
        }
        ArrayNode refusedArray = root.putArray("refused_models");
        plan.refused().forEach((id, why) -> refusedArray.addObject().put("id", id).put("reason", why));
        ArrayNode planned = root.putArray("plan");
        plan.jobs().forEach(j -> planned.addObject().put("generator", j.generator()).put("stage", j.stage()));
        ArrayNode jobArray = root.putArray("jobs");
        for (BenchmarkRun.JobStatus j : jobs) {
            ObjectNode o = jobArray.addObject();
            o.put("generator", j.generator());
            o.put("stage", j.stage());
            o.put("status", j.status());
            o.put("reason", j.reason());
            o.put("seconds", Math.round(j.seconds() * 100) / 100.0);
            o.put("from_cache", j.cached());
            o.put("fake_relu", j.fakeRelu());
            o.put("synthesis_loop", j.loop());
        }
        root.set("machine", JSON.valueToTree(Machine.describe()));
        AtomicFiles.write(runDir, runDir.resolve(ResultFiles.RUN_JSON), JSON.writeValueAsBytes(root));
    }

    /**
     * The panel's kinship record: the rule, and per generator x reference observer the trials compared, answer
     * agreement, error consistency, the declared family link and, for an observer left out, why.
     */
    static void writeKinship(ObjectNode k, Kinship kinship) {
        k.put("rule", Kinship.RULE);
        Kinship.Limits limits = kinship.limits();
        k.put("max_error_consistency", limits.errorConsistency());
        k.put("max_error_agreement", limits.errorAgreement());
        ObjectNode cal = k.putObject("calibration");
        cal.put("independent_panel_pairs", limits.pairs());
        cal.put("most_alike", limits.mostAlike());
        number(cal, "their_error_consistency", limits.maxErrorConsistency());
        number(cal, "largest_error_agreement", limits.maxErrorAgreement());
        ArrayNode pairs = k.putArray("pairs");
        for (Kinship.Pair p : kinship.pairs()) {
            ObjectNode o = pairs.addObject();
            o.put("generator", p.generator());
            o.put("observer", p.observer());
            o.put("trials", p.items());
            number(o, "agreement", p.agreement());
            number(o, "error_agreement", p.errorAgreement());
            number(o, "error_consistency", p.consistency());
            if (p.family() != null) {
                o.put("family", p.family());
            }
            o.put("excluded", p.excluded());
            if (p.excluded()) {
                o.put("reason", p.reason());
            }
        }
    }

    private static void number(ObjectNode o, String field, double v) {
        if (Double.isNaN(v)) {
            o.putNull(field);
        } else {
            o.put(field, Math.round(v * 1e6) / 1e6);
        }
    }

    /**
     * The settings of the run that {@code record} (a run.json) describes, as {@link #config} wrote them: what
     * {@link RunVerification} plans the run again from. A set given as a folder is read where the run found it.
     */
    static RunConfig configOf(com.fasterxml.jackson.databind.JsonNode record, java.nio.file.Path resultsRoot)
            throws java.io.IOException {
        com.fasterxml.jackson.databind.JsonNode c = record.path("config");
        if (!c.isObject()) {
            throw new java.io.IOException("run.json: field 'config' is missing");
        }
        java.util.function.Function<String, List<String>> list = f -> {
            List<String> out = new ArrayList<>();
            c.path(f).forEach(v -> out.add(v.asText()));
            return out;
        };
        String pairs = c.path("null_pairs").asText();
        org.metamerbench.runner.acceptance.NullPairs nullPairs = java.util.Arrays.stream(
                org.metamerbench.runner.acceptance.NullPairs.values()).filter(p -> p.description().equals(pairs))
                .findFirst().orElseThrow(() -> new java.io.IOException("run.json: config.null_pairs '" + pairs
                        + "' is not a pairing this harness knows"));
        return new RunConfig(c.path("profile").asText(), list.apply("generators"), list.apply("observers"),
                list.apply("stages"), record.at("/locations/stimulus_set").asText(c.path("stimulus_set").asText()),
                c.path("stimulus_count").asInt(), record.at("/locations/null_pool").asText(c.path("null_pool").asText()),
                c.path("schedule_stages").asInt(), c.path("iterations_per_stage").asInt(), c.path("fake_relu")
                .asBoolean(), c.path("fake_relu_through_max_pool").asBoolean(), c.path("seed").asLong(),
                c.path("batch_size").asInt(), c.path("null_quantile").asDouble(), c.path("bootstrap_samples").asInt(),
                resultsRoot, record.path("run_id").asText(), false, list.apply("reference_panel"),
                c.path("observe_float").asBoolean(), nullPairs);
    }

    /** The "config" object of run.json: every setting that decides the run's results. */
    static Map<String, Object> config(RunConfig cfg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", cfg.profile());
        m.put("generators", cfg.generators());
        m.put("observers", cfg.observers());
        m.put("stages", cfg.stages());
        m.put("stimulus_set", cfg.stimulusSet());
        m.put("stimulus_count", cfg.stimulusCount());
        m.put("null_pool", cfg.nullPool());
        if (!cfg.referencePanel().isEmpty()) {
            m.put("reference_panel", cfg.referencePanel());
        }
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
        m.put("null_pairs", cfg.nullPairs().description());
        m.put("null_quantile", cfg.nullQuantile());
        m.put("acceptance_rule", (cfg.nullQuantile() == 1.0 ? "published: each statistic above the null maximum"
                : "deviation: each statistic above the null quantile " + cfg.nullQuantile())
                + " (at a threshold equal to the statistic's upper bound, the metamer must reach the bound)");
        m.put("observe_float", cfg.observeFloat());
        m.put("min_accepted_share", StageData.MIN_ACCEPTED_SHARE);
        m.put("bootstrap_samples", cfg.bootstrapSamples());
        m.put("cache", cfg.useCache());
        return m;
    }

}
