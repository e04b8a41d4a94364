package org.metamerbench.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.metamerbench.datasets.StimulusSetLoader;
import org.metamerbench.results.CsvTable;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.NaturalRow;
import org.metamerbench.results.RecognitionRow;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.results.RunLock;

/**
 * A result folder read back: run.json and the CSV tables, checked as they are read. Reports,
 * leaderboards and the gate are built from this alone; no model is run.
 */
public final class RunResults {
    /** A model of the run's panel as run.json records it. */
    public record ModelEntry(String id, String version, String provider, boolean generator, List<String> stages,
            String failure, boolean canGenerate, String logitsStage) {
    }

    /** One job of run.json. */
    public record Job(String generator, String stage, String status, String reason, double seconds, boolean cached) {
    }

    /** One sampled point of a metamer's loss curve. */
    public record LossPoint(String generator, String stage, String stimulus, int step, double loss) {
    }

    static final List<String> LOSS_HEADER = ResultFiles.LOSS_CURVES_HEADER;

    private final Path dir;
    private final JsonNode json;
    private final List<String> stimuli;
    private final List<String> classLabels;
    private final List<ModelEntry> models;
    private final List<Job> jobs;
    private final List<MetamerRow> metamers;
    private final List<RecognitionRow> recognition;
    private final List<NaturalRow> natural;
    private final List<LossPoint> lossCurves;
    private List<StageData> stageData;
    private Map<String, int[]> recognitionCounts;

    private RunResults(Path dir, JsonNode json, List<String> stimuli, List<String> classLabels, List<ModelEntry> models,
            List<Job> jobs, List<MetamerRow> metamers, List<RecognitionRow> recognition, List<NaturalRow> natural,
            List<LossPoint> lossCurves) {
        this.dir = dir;
        this.json = json;
        this.stimuli = stimuli;
        this.classLabels = classLabels;
        this.models = models;
        this.jobs = jobs;
        this.metamers = metamers;
        this.recognition = recognition;
        this.natural = natural;
        this.lossCurves = lossCurves;
    }

    /** Reads a result folder; any missing or malformed file is named in the exception. */
    public static RunResults load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a result folder (no such directory)");
        }
        Path runJson = dir.resolve(ResultFiles.RUN_JSON);
        if (!Files.isRegularFile(runJson)) {
            throw new IOException(runJson + ": missing; " + dir + " is not a result folder");
        }
        String broken = ResultFiles.sealProblem(dir);
        if (broken != null) {
            throw new IOException(dir + ": " + broken + " (" + org.metamerbench.results.Seal.FILE + "): the "
                    + "folder was changed after the harness sealed it, and its results are refused");
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(runJson.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(runJson + ": not valid JSON: " + e.getOriginalMessage());
        }
        String format = text(json, runJson, "/format");
        if (!format.startsWith("metamer-bench run")) {
            throw new IOException(runJson + ": format '" + format + "' is not a metamer-bench run");
        }
        List<String> stimuli = strings(json, runJson, "/stimulus_set/stimuli");
        List<String> labels;
        if (json.at("/stimulus_set/class_labels").isArray()) {
            labels = strings(json, runJson, "/stimulus_set/class_labels");
        } else {
            labels = StimulusSetLoader.loadBuiltin(text(json, runJson, "/stimulus_set/name")).classLabels();
        }
        List<ModelEntry> models = new ArrayList<>();
        for (JsonNode m : node(json, runJson, "/models")) {
            List<String> st = new ArrayList<>();
            m.path("stages").forEach(s -> st.add(s.asText()));
            models.add(new ModelEntry(m.path("id").asText(), m.path("version").asText(), m.path("provider").asText(),
                    m.path("generator").asBoolean(), List.copyOf(st),
                    m.hasNonNull("failure") ? m.get("failure").asText() : null, m.path("can_generate").asBoolean(true),
                    m.hasNonNull("logits_stage") ? m.get("logits_stage").asText() : null));
        }
        List<Job> jobs = new ArrayList<>();
        for (JsonNode j : json.path("jobs")) {
            jobs.add(new Job(j.path("generator").asText(), j.path("stage").asText(), j.path("status").asText(),
                    j.path("reason").asText(), j.path("seconds").asDouble(), j.path("from_cache").asBoolean()));
        }
        List<MetamerRow> metamers = new ArrayList<>();
        for (CsvTable.Row r : table(dir, ResultFiles.METAMERS_CSV, MetamerRow.HEADER)) {
            metamers.add(MetamerRow.from(r));
        }
        List<RecognitionRow> recognition = new ArrayList<>();
        for (CsvTable.Row r : table(dir, ResultFiles.RECOGNITION_CSV, RecognitionRow.HEADER)) {
            recognition.add(RecognitionRow.from(r));
        }
        List<NaturalRow> natural = new ArrayList<>();
        for (CsvTable.Row r : table(dir, ResultFiles.NATURAL_CSV, NaturalRow.HEADER)) {
            natural.add(NaturalRow.from(r));
        }
        List<LossPoint> curves = new ArrayList<>();
        if (Files.exists(dir.resolve(ResultFiles.LOSS_CURVES_CSV))) {
            for (CsvTable.Row r : table(dir, ResultFiles.LOSS_CURVES_CSV, LOSS_HEADER)) {
                curves.add(new LossPoint(r.get("generator"), r.get("stage"), r.get("stimulus"), (int) r.getLong("step"),
                        r.getDouble("loss")));
            }
        }
        Set<String> known = new LinkedHashSet<>(stimuli);
        for (MetamerRow m : metamers) {
            if (!known.contains(m.stimulusId())) {
                throw new IOException(dir.resolve(ResultFiles.METAMERS_CSV) + ": stimulus " + m.stimulusId()
                        + " is not in run.json's stimulus list");
            }
        }
        for (Job j : jobs) {
            if (j.status().equals("ok") && metamers.stream().noneMatch(m -> m.generator().equals(j.generator())
                    && m.stage().equals(j.stage()))) {
                throw new IOException(dir + ": run.json lists job " + j.generator() + " x " + j.stage() + " as "
                        + "finished, but " + ResultFiles.METAMERS_CSV + " has no row of it; the folder contradicts "
                        + "itself and is refused");
            }
        }
        RunResults r = new RunResults(dir, json, List.copyOf(stimuli), List.copyOf(labels), List.copyOf(models),
                List.copyOf(jobs), List.copyOf(metamers), List.copyOf(recognition), List.copyOf(natural),
                List.copyOf(curves));
        r.sealed = org.metamerbench.results.Seal.present(dir);
        return r;
    }

    private boolean sealed;

    /** Whether the folder's top-level files are sealed (and were found as sealed: {@link #load} checks). */
    public boolean sealed() {
        return sealed;
    }

    /**
     * This run if its folder is sealed: what a leaderboard, a baseline or the gate takes. A folder without a seal (a
     * run that did not finish, or one written before runs were sealed) is refused, naming why.
     */
    public RunResults requireSealed() throws IOException {
        if (!sealed) {
            throw new IOException(dir + ": not sealed (no " + org.metamerbench.results.Seal.FILE + "): a run "
                    + "that did not finish, or one written by an older harness; leaderboards, baselines and the gate "
                    + "take only sealed runs (run it again to seal it)");
        }
        return this;
    }

    private static List<CsvTable.Row> table(Path dir, String name, List<String> header) throws IOException {
        Path f = dir.resolve(name);
        if (!Files.isRegularFile(f)) {
            throw new IOException(f + ": missing from the result folder");
        }
        return CsvTable.read(f, header);
    }

    private static JsonNode node(JsonNode root, Path file, String pointer) throws IOException {
        JsonNode n = root.at(pointer);
        if (n.isMissingNode() || n.isNull()) {
            throw new IOException(file + ": field '" + pointer.substring(1).replace('/', '.') + "' is missing");
        }
        return n;
    }

    private static String text(JsonNode root, Path file, String pointer) throws IOException {
        return node(root, file, pointer).asText();
    }

    private static List<String> strings(JsonNode root, Path file, String pointer) throws IOException {
        JsonNode n = node(root, file, pointer);
        if (!n.isArray()) {
            throw new IOException(file + ": field '" + pointer.substring(1).replace('/', '.') + "' is not a list");
        }
        List<String> out = new ArrayList<>();
        n.forEach(v -> out.add(v.asText()));
        return out;
    }

    public Path dir() {
        return dir;
    }

    public JsonNode json() {
        return json;
    }

    public String runId() {
        return json.path("run_id").asText(dir.getFileName().toString());
    }

    /**
     * "complete", "running" or "scoring" while the run's process works on it, or "stopped" where run.json
     * says running or scoring but no process holds the run's lock ({@link RunLock}).
     */
    public String status() {
        return RunLock.effectiveStatus(dir, json.path("status").asText());
    }

    public String started() {
        return json.path("started").asText();
    }

    public String harnessVersion() {
        return json.at("/harness/version").asText();
    }

    public String gitCommit() {
        return json.at("/harness/git_commit").asText();
    }

    public String stimulusSetName() {
        return json.at("/stimulus_set/name").asText();
    }

    /**
     * The published data's name for the run's modality: "audio" for a run on sounds, else "image" (runs
     * recorded before the set's modality was, were all on images).
     */
    public String publishedModality() {
        return json.at("/stimulus_set/modality").asText("image").equals("sound") ? "audio" : "image";
    }

    public String stimulusSetSha() {
        return json.at("/stimulus_set/sha256").asText();
    }

    /** Whether the run finished: only a complete run may enter a leaderboard or a baseline. */
    public boolean complete() {
        return "complete".equals(status());
    }

    /**
     * The observers whose recognition is scored (the run's reference panel), or null for a run that
     * recorded none (every observer is then scored).
     */
    public List<String> panel() {
        JsonNode obs = json.at("/panel/observers");
        if (!obs.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        obs.forEach(o -> out.add(o.path("id").asText()));
        return List.copyOf(out);
    }

    /**
     * The comparison of each generator with the reference panel's observers as run.json records it: who was left
     * out of whose score, and why ({@link Kinship}). A run that recorded none left nobody out.
     */
    public Kinship kinship() {
        JsonNode pairs = json.at("/panel/kinship/pairs");
        if (!pairs.isArray()) {
            return Kinship.none();
        }
        List<Kinship.Pair> out = new ArrayList<>();
        for (JsonNode p : pairs) {
            out.add(new Kinship.Pair(p.path("generator").asText(), p.path("observer").asText(), p.path("trials").asInt(),
                    p.path("agreement").isNumber() ? p.get("agreement").asDouble() : Double.NaN,
                    p.path("error_consistency").isNumber() ? p.get("error_consistency").asDouble() : Double.NaN,
                    p.path("error_agreement").isNumber() ? p.get("error_agreement").asDouble() : Double.NaN,
                    p.hasNonNull("family") ? p.get("family").asText() : null,
                    p.path("excluded").asBoolean() ? p.path("reason").asText("left out") : null));
        }
        JsonNode k = json.at("/panel/kinship");
        return Kinship.of(out, new Kinship.Limits(k.path("max_error_consistency").asDouble(Double.NaN),
                k.path("max_error_agreement").asDouble(Double.NaN), k.at("/calibration/independent_panel_pairs").asInt(),
                k.at("/calibration/most_alike").asText(""),
                k.at("/calibration/their_error_consistency").asDouble(Double.NaN),
                k.at("/calibration/largest_error_agreement").asDouble(Double.NaN)));
    }

    /** The panel's name and content hash, as the protocol compares them; "none" when not recorded. */
    public String panelIdentity() {
        JsonNode p = json.path("panel");
        if (!p.isObject()) {
            return "none";
        }
        return p.path("name").asText() + " " + p.path("sha256").asText();
    }

    /**
     * Each generator's logits stage as run.json records it; for a run that records none, its last
     * planned stage.
     */
    public Map<String, String> logitsStages() {
        Map<String, String> logits = new LinkedHashMap<>();
        for (String g : generators()) {
            ModelEntry m = model(g);
            List<String> planned = stagesOf(g);
            if (m != null && m.logitsStage() != null) {
                logits.put(g, m.logitsStage());
            } else if (!planned.isEmpty()) {
                logits.put(g, planned.get(planned.size() - 1));
            }
        }
        return logits;
    }

    /**
     * A model's stages as its card lists them (input first, logits last), as run.json records them; for a run
     * that recorded none, the input followed by its planned stages.
     */
    public List<String> cardStages(String id) {
        for (JsonNode m : json.path("models")) {
            if (m.path("id").asText().equals(id) && m.path("card_stages").isArray()) {
                List<String> out = new ArrayList<>();
                m.get("card_stages").forEach(s -> out.add(s.asText()));
                return List.copyOf(out);
            }
        }
        List<String> out = new ArrayList<>(List.of("input"));
        stagesOf(id).stream().filter(s -> !s.equals("input")).forEach(out::add);
        return List.copyOf(out);
    }

    /** The lineage run.json records for model {@code id}; {@link org.metamerbench.api.Lineage#UNDECLARED} if none. */
    public org.metamerbench.api.Lineage lineage(String id) {
        for (JsonNode m : json.path("models")) {
            if (m.path("id").asText().equals(id) && m.path("lineage").isObject()) {
                JsonNode l = m.get("lineage");
                return new org.metamerbench.api.Lineage(l.path("recipe").asText(""), l.path("seed").asText(""),
                        l.path("training_data").asText(""), l.path("initialised_from").asText(""));
            }
        }
        return org.metamerbench.api.Lineage.UNDECLARED;
    }

    /** Each generator's headline score and stage-profile mean. */
    public List<ModelScore> modelScores(Bootstrap bootstrap) {
        Map<String, List<String>> planned = new LinkedHashMap<>();
        for (String g : generators()) {
            planned.put(g, stagesOf(g));
        }
        return Scoring.modelScores(stageData(), logitsStages(), planned, chance(), bootstrap);
    }

    /**
     * What must be equal for two runs' scores to be comparable: stimulus set and the stimuli used, null
     * pool, synthesis budget and schedule, fake ReLU, null pairs and acceptance rule.
     */
    public String protocol() {
        JsonNode c = json.path("config");
        String pool = json.at("/null_pool/sha256").asText();
        JsonNode pairs = c.path("null_pairs");
        return String.format(Locale.ROOT, "%d stimuli, %dx%d steps, fake ReLU %s%s, null pool %s (%s), %s, "
                + "panel %s%s", stimuli.size(), c.path("schedule_stages").asInt(), c.path("iterations_per_stage").asInt(),
                c.path("fake_relu").asBoolean() ? "on" : "off",
                c.path("fake_relu_through_max_pool").asBoolean() ? " (through max pooling)" : "",
                pool.substring(0, Math.min(12, pool.length())),
                pairs.isNumber() ? pairs.asText() + " pairs" : pairs.asText(), c.path("acceptance_rule").asText(),
                panelIdentity(), c.path("observe_float").asBoolean() ? ", observers see the float metamers" : "");
    }

    public List<String> stimuli() {
        return stimuli;
    }

    public List<String> classLabels() {
        return classLabels;
    }

    /** The run's null pool (natural training images): its null distribution, and the experiments' catch trials. */
    public org.metamerbench.datasets.StimulusSet nullPool() throws IOException {
        String name = json.at("/null_pool/name").asText(org.metamerbench.datasets.StimulusSetLoader.DEFAULT_NULL_POOL);
        String where = json.at("/locations/null_pool").asText(name); // a lab's pool: the folder the run read
        org.metamerbench.datasets.StimulusSet pool;
        try {
            pool = org.metamerbench.datasets.StimulusSetLoader.resolve(where);
        } catch (IOException e) {
            throw new IOException(dir.resolve("run.json") + ": the run's null pool " + name + " cannot be read at "
                    + where + " (" + e.getMessage() + ")", e);
        }
        String sha = json.at("/null_pool/sha256").asText("");
        if (!sha.isEmpty() && !sha.equals(pool.sha256())) {
            throw new IOException(dir.resolve("run.json") + ": the null pool at " + where + " is not the one the run "
                    + "used (sha256 " + pool.sha256() + ", the run's " + sha + ")");
        }
        return pool;
    }

    public double chance() {
        return 1.0 / classLabels.size();
    }

    public List<ModelEntry> models() {
        return models;
    }

    public ModelEntry model(String id) {
        return models.stream().filter(m -> m.id().equals(id)).findFirst().orElse(null);
    }

    public List<Job> jobs() {
        return jobs;
    }

    public List<MetamerRow> metamers() {
        return metamers;
    }

    public List<RecognitionRow> recognition() {
        return recognition;
    }

    public List<NaturalRow> natural() {
        return natural;
    }

    public List<LossPoint> lossCurves() {
        return lossCurves;
    }

    /** Generators in run order (those with at least one job). */
    public List<String> generators() {
        Set<String> g = new LinkedHashSet<>();
        models.stream().filter(ModelEntry::generator).forEach(m -> g.add(m.id()));
        jobs.forEach(j -> g.add(j.generator()));
        return List.copyOf(g);
    }

    /** Observers in panel order (those with natural-stimulus rows). */
    public List<String> observers() {
        Set<String> o = new LinkedHashSet<>();
        natural.forEach(n -> o.add(n.observer()));
        return List.copyOf(o);
    }

    /** A generator's planned stages, in order from input to final. */
    public List<String> stagesOf(String generator) {
        ModelEntry m = model(generator);
        if (m != null && !m.stages().isEmpty()) {
            return m.stages();
        }
        Set<String> s = new LinkedHashSet<>();
        metamers.stream().filter(r -> r.generator().equals(generator)).forEach(r -> s.add(r.stage()));
        return List.copyOf(s);
    }

    public synchronized List<StageData> stageData() {
        if (stageData == null) {
            stageData = StageData.of(metamers, recognition, natural, stimuli, panel(), kinship());
        }
        return stageData;
    }

    public StageData stageData(String generator, String stage) {
        return stageData().stream().filter(d -> d.generator().equals(generator) && d.stage().equals(stage))
                .findFirst().orElse(null);
    }

    /** Natural-stimulus accuracy per observer over the run's stimuli. */
    public Map<String, Double> naturalAccuracy() {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (NaturalRow n : natural) {
            int[] c = counts.computeIfAbsent(n.observer(), k -> new int[2]);
            c[0] += n.correct() ? 1 : 0;
            c[1]++;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        counts.forEach((o, c) -> out.put(o, (double) c[0] / c[1]));
        return out;
    }

    /**
     * Share of {@code generator}'s accepted metamers at {@code stage} that {@code observer} labels with
     * the true class; NaN without accepted metamers.
     */
    public double recognition(String generator, String stage, String observer) {
        int[] c = recognitionCounts().get(generator + "\u0000" + stage + "\u0000" + observer);
        return c == null || c[1] == 0 ? Double.NaN : (double) c[0] / c[1];
    }

    /** generator \0 stage \0 observer -> {correct, accepted metamers}, counted once (charts ask often). */
    private synchronized Map<String, int[]> recognitionCounts() {
        if (recognitionCounts == null) {
            Map<String, int[]> m = new HashMap<>();
            for (RecognitionRow r : recognition) {
                if (r.accepted()) {
                    int[] c = m.computeIfAbsent(r.generator() + "\u0000" + r.stage() + "\u0000" + r.observer(),
                            k -> new int[2]);
                    c[0] += r.correct() ? 1 : 0;
                    c[1]++;
                }
            }
            recognitionCounts = m;
        }
        return recognitionCounts;
    }
}
