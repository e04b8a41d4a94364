package org.metamerbench.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * A run's record, run.json, as one typed value: the one shape that the harness writes and that every reader
 * (reports, leaderboard, gate, merge, resume, verification) reads. Its {@link #format} names the version; a
 * record of a version this harness does not know is refused, naming it. Fields added during version 1 (class
 * labels, modality, card stages, lineage, kinship, locations) are null in records written before them, and each
 * reader says what it takes in their place.
 *
 * <p>Field names are the JSON's in snake case ({@code contentSha256} is {@code content_sha256}); absent optional
 * fields are left out of the file.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRecord(String format, String runId, String status, String started, Boolean resumed, ShardOf shard,
        String finished, Double seconds, Harness harness, Config config, StimulusSetEntry stimulusSet,
        Locations locations, NullPool nullPool, Panel panel, List<Model> models, List<Refused> refusedModels,
        List<PlannedJob> plan, List<Job> jobs, Machine machine, List<MergedShard> mergedFrom) {

    /** The version this harness writes. */
    public static final int VERSION = 1;
    /** The {@link #format} field of a record of {@link #VERSION}. */
    public static final String FORMAT = "metamer-bench run " + VERSION;
    private static final String FORMAT_PREFIX = "metamer-bench run ";

    /** The mapper of run.json: snake-case names, indented as the harness has always written it. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Which shard of how many a shard's record describes. */
    public record ShardOf(int index, int count) {
    }

    /** The harness that wrote the record. */
    public record Harness(String version, String gitCommit, String synthesisAlgorithm, String nullAlgorithm) {
    }

    /** Every setting that decides the run's results, as the run was given them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Config(String profile, List<String> generators, List<String> observers, List<String> stages,
            String stimulusSet, int stimulusCount, String nullPool, List<String> referencePanel, int scheduleStages,
            int iterationsPerStage, int totalSteps, double initialStep, boolean fakeRelu, String fakeReluAppliesTo,
            boolean fakeReluThroughMaxPool, long seed, int batchSize, String nullPairs, double nullQuantile,
            String acceptanceRule, boolean observeFloat, double minAcceptedShare, int bootstrapSamples,
            Boolean cache, @JsonInclude(JsonInclude.Include.NON_NULL) GraphSettings graph,
            @JsonInclude(JsonInclude.Include.NON_NULL) Stopping stopping) {
    }

    /**
     * When each stimulus's synthesis ended: {@code fixed} (the published budget; also a run recorded before the rule
     * existed, which has no such field) or {@code adaptive} with its window (steps) and threshold.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Stopping(String rule, Integer window, Double threshold, String description) {
    }

    /**
     * The settings of a run on graphs (absent for images and sounds): what is optimised, the objective, the
     * features' step factor, the starting spread, the batching budget, where acceptance is judged, and every stated
     * deviation from the seed work's method.
     */
    public record GraphSettings(String kind, String loss, String objective, double featureStep, double tau,
            int nodesPerBatch, String acceptance, boolean metamerDimension, String dimensionTolerance,
            List<String> deviations) {
    }

    /** The stimulus set, its hash, and the stimuli the run used in order. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StimulusSetEntry(String name, String sha256, int size, int used, String modality, Integer sampleRate,
            List<String> classLabels, List<String> stimuli) {
    }

    /** Where a set given as a folder was found (kept apart: the shards of one run may find it at other paths). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Locations(String stimulusSet, String nullPool) {
    }

    /** The natural images the null distribution is drawn from. */
    public record NullPool(String name, String sha256, int size) {
    }

    /** The reference panel: who scores, by which rule, its hash, and who was left out of whose score. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Panel(String name, String rule, List<Observer> observers, String sha256, KinshipEntry kinship) {
    }

    /** One observer of the panel and its content hash. */
    public record Observer(String id, String version) {
    }

    /** The comparison of each generator with the panel's observers: the rule, its limits and every pair. */
    public record KinshipEntry(String rule, double maxErrorConsistency, double maxErrorAgreement,
            Calibration calibration, List<KinPair> pairs) {
    }

    /** How the panel's independent pairs set the limits (a NaN is written as null). */
    public record Calibration(int independentPanelPairs, String mostAlike, Double theirErrorConsistency,
            Double largestErrorAgreement) {
    }

    /** One generator x observer comparison (a NaN is written as null). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KinPair(String generator, String observer, int trials, Double agreement, Double errorAgreement,
            Double errorConsistency, String family, boolean excluded, String reason) {
    }

    /** A model of the run: its card, content hash, task, role, lineage, planned stages and, if any, its failure. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Model(String id, String version, String contentSha256, String logitsStage, List<String> cardStages,
            String task, String provider, boolean generator, Boolean observer, Boolean canGenerate, Lineage lineage,
            List<String> stages, String failure) {
        /** This entry without its failure, which may differ between the shards of one run. */
        public Model withoutFailure() {
            return new Model(id, version, contentSha256, logitsStage, cardStages, task, provider, generator, observer,
                    canGenerate, lineage, stages, null);
        }
    }

    /** Where a model's weights came from, as its card declares. */
    public record Lineage(String recipe, String seed, String trainingData, String initialisedFrom) {
    }

    /** A model left out of the run, and why. */
    public record Refused(String id, String reason) {
    }

    /** A job of the plan, in plan order. */
    public record PlannedJob(String generator, String stage) {
    }

    /** What happened to one job. */
    public record Job(String generator, String stage, String status, String reason, double seconds,
            boolean fromCache, boolean fakeRelu, String synthesisLoop) {
    }

    /** The machine and engine the run computed on. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Machine(String os, String arch, String cpu, Integer cores, Long maxHeapMib, String java,
            String engine, Integer engineThreads, String nullMemory) {
    }

    /** A shard a merged run was joined from. */
    public record MergedShard(String shard, String folder, double seconds, int cores) {
    }

    /** This record with another status. */
    public RunRecord withStatus(String newStatus) {
        return new RunRecord(format, runId, newStatus, started, resumed, shard, finished, seconds, harness, config,
                stimulusSet, locations, nullPool, panel, models, refusedModels, plan, jobs, machine, mergedFrom);
    }

    /** This record as the merged run of its shards: no shard, the given jobs, finished and seconds as given. */
    public RunRecord merged(String newStatus, List<Job> newJobs, List<MergedShard> from, String newFinished,
            Double newSeconds) {
        return new RunRecord(format, runId, newStatus, started, resumed, null, newFinished, newSeconds, harness, config,
                stimulusSet, locations, nullPool, panel, models, refusedModels, plan, newJobs, machine, from);
    }

    /** The record's version: the number in its {@link #format}. */
    public int version() {
        return format != null && format.startsWith(FORMAT_PREFIX) && format.length() > FORMAT_PREFIX.length()
                && format.substring(FORMAT_PREFIX.length()).chars().allMatch(Character::isDigit)
                ? Integer.parseInt(format.substring(FORMAT_PREFIX.length())) : -1;
    }

    /** The run.json bytes of this record. */
    public byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a run record could not be written as JSON", e);
        }
    }

    /**
     * Any part of the record as the JSON tree run.json holds it (for comparing and listing settings); a missing
     * node for a part not recorded.
     */
    public static JsonNode tree(Object part) {
        return part == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : JSON.valueToTree(part);
    }

    /** Writes the record as {@code dir}/run.json, atomically (a reader sees the old record or the new one). */
    public void write(Path dir) throws IOException {
        AtomicFiles.write(dir, dir.resolve(ResultFiles.RUN_JSON), toBytes());
    }

    /** Reads {@code dir}/run.json; a missing, malformed or unknown-version record is refused, naming the field. */
    public static RunRecord read(Path dir) throws IOException {
        Path file = dir.resolve(ResultFiles.RUN_JSON);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + ": missing; " + dir + " holds no run record");
        }
        return parse(Files.readAllBytes(file), file);
    }

    /** Parses run.json bytes read from {@code file} (named in every error). */
    public static RunRecord parse(byte[] bytes, Path file) throws IOException {
        RunRecord r;
        try {
            r = JSON.readValue(bytes, RunRecord.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(p -> p.getFieldName() != null ? p.getFieldName()
                    : "[" + p.getIndex() + "]").reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
            throw new IOException(file + ": " + (field.isEmpty() ? "" : "field '" + field + "': ")
                    + e.getOriginalMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (r == null) {
            throw new IOException(file + ": empty, not a run record");
        }
        if (r.format == null || !r.format.startsWith(FORMAT_PREFIX)) {
            throw new IOException(file + ": format '" + r.format + "' is not a metamer-bench run");
        }
        if (r.version() < 1 || r.version() > VERSION) {
            throw new IOException(file + ": format '" + r.format + "' is a version this harness does not read (it "
                    + "reads up to " + VERSION + "; a newer harness wrote it)");
        }
        require(file, "status", r.status);
        require(file, "stimulus_set", r.stimulusSet);
        require(file, "stimulus_set.name", r.stimulusSet.name());
        require(file, "stimulus_set.stimuli", r.stimulusSet.stimuli());
        require(file, "models", r.models);
        return r;
    }

    private static void require(Path file, String field, Object value) throws IOException {
        if (value == null) {
            throw new IOException(file + ": field '" + field + "' is missing");
        }
    }

    /** The models, or empty. */
    public List<Model> modelsOrEmpty() {
        return models == null ? List.of() : models;
    }

    /** The jobs, or empty (a record written when the run started lists none). */
    public List<Job> jobsOrEmpty() {
        return jobs == null ? List.of() : jobs;
    }

    /** The models left out, or empty. */
    public List<Refused> refusedOrEmpty() {
        return refusedModels == null ? List.of() : refusedModels;
    }

    /** The plan's jobs, or empty. */
    public List<PlannedJob> planOrEmpty() {
        return plan == null ? List.of() : plan;
    }
}
