package org.metamerbench.scoring;

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
import org.metamerbench.results.RunRecord;

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
        /** A row of loss_curves.csv. */
        public static LossPoint from(CsvTable.Row r) throws IOException {
            return new LossPoint(r.get("generator"), r.get("stage"), r.get("stimulus"), (int) r.getLong("step"),
                    r.getDouble("loss"));
        }
    }

    static final List<String> LOSS_HEADER = ResultFiles.LOSS_CURVES_HEADER;

    private final Path dir;
    private final RunRecord record;
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

    private RunResults(Path dir, RunRecord record, List<String> classLabels, List<MetamerRow> metamers,
            List<RecognitionRow> recognition, List<NaturalRow> natural, List<LossPoint> lossCurves) {
        this.dir = dir;
        this.record = record;
        this.stimuli = List.copyOf(record.stimulusSet().stimuli());
        this.classLabels = List.copyOf(classLabels);
        this.models = record.modelsOrEmpty().stream().map(m -> new ModelEntry(m.id(), text(m.version()), text(m.provider()),
                m.generator(), m.stages() == null ? List.of() : List.copyOf(m.stages()), m.failure(),
                m.canGenerate() == null || m.canGenerate(), m.logitsStage())).toList();
        this.jobs = record.jobsOrEmpty().stream().map(j -> new Job(j.generator(), j.stage(), text(j.status()),
                text(j.reason()), j.seconds(), j.fromCache())).toList();
        this.metamers = List.copyOf(metamers);
        this.recognition = List.copyOf(recognition);
        this.natural = List.copyOf(natural);
        this.lossCurves = List.copyOf(lossCurves);
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
        RunRecord record = RunRecord.read(dir);
        List<MetamerRow> metamers = new ArrayList<>();
        Path metamersCsv = dir.resolve(ResultFiles.METAMERS_CSV);
        if (!Files.isRegularFile(metamersCsv)) {
            throw new IOException(metamersCsv + ": missing from the result folder");
        }
        metamers.addAll(MetamerRow.read(metamersCsv));
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
                curves.add(LossPoint.from(r));
            }
        }
        RunResults r = of(dir, record, metamers, recognition, natural, curves);
        r.sealed = org.metamerbench.results.Seal.present(dir);
        return r;
    }

    /**
     * The run that {@code record} and the rows describe, as a run scores the rows it holds before it writes its
     * tables' scores (no file is read but, for a record of a set that named no class labels, the built-in set's).
     * The rows are checked against the record as {@link #load} checks them.
     */
    public static RunResults of(Path dir, RunRecord record, List<MetamerRow> metamers,
            List<RecognitionRow> recognition, List<NaturalRow> natural, List<LossPoint> lossCurves)
            throws IOException {
        Path runJson = dir.resolve(ResultFiles.RUN_JSON);
        List<String> labels = record.stimulusSet().classLabels() != null ? record.stimulusSet().classLabels()
                : StimulusSetLoader.loadBuiltin(record.stimulusSet().name()).classLabels();
        Set<String> known = new LinkedHashSet<>(record.stimulusSet().stimuli());
        for (MetamerRow m : metamers) {
            if (!known.contains(m.stimulusId())) {
                throw new IOException(dir.resolve(ResultFiles.METAMERS_CSV) + ": stimulus " + m.stimulusId()
                        + " is not in " + runJson.getFileName() + "'s stimulus list");
            }
        }
        for (RunRecord.Job j : record.jobsOrEmpty()) {
            if ("ok".equals(j.status()) && metamers.stream().noneMatch(m -> m.generator().equals(j.generator())
                    && m.stage().equals(j.stage()))) {
                throw new IOException(dir + ": run.json lists job " + j.generator() + " x " + j.stage() + " as "
                        + "finished, but " + ResultFiles.METAMERS_CSV + " has no row of it; the folder contradicts "
                        + "itself and is refused");
            }
        }
        return new RunResults(dir, record, labels, metamers, recognition, natural, lossCurves);
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

    public Path dir() {
        return dir;
    }

    /** The run's record, run.json, as it was read. */
    public RunRecord record() {
        return record;
    }

    public String runId() {
        return record.runId() != null ? record.runId() : dir.getFileName().toString();
    }

    /**
     * "complete", "running" or "scoring" while the run's process works on it, or "stopped" where run.json
     * says running or scoring but no process holds the run's lock ({@link RunLock}).
     */
    public String status() {
        return RunLock.effectiveStatus(dir, record.status());
    }

    public String started() {
        return text(record.started());
    }

    public String harnessVersion() {
        return record.harness() == null ? "" : text(record.harness().version());
    }

    public String gitCommit() {
        return record.harness() == null ? "" : text(record.harness().gitCommit());
    }

    public String stimulusSetName() {
        return record.stimulusSet().name();
    }

    /**
     * The published data's name for the run's modality: "audio" for a run on sounds, "graph" for one on graphs
     * (which no published human data covers), else "image" (runs recorded before the set's modality was, were all on
     * images).
     */
    public String publishedModality() {
        String m = record.stimulusSet().modality();
        return "sound".equals(m) ? "audio" : "graph".equals(m) ? "graph" : "image";
    }

    public String stimulusSetSha() {
        return text(record.stimulusSet().sha256());
    }

    /** The run's seed: its bootstrap's, and its reports'. */
    public long seed() {
        return record.config() == null ? 1 : record.config().seed();
    }

    /** The bootstrap resamples the run scored with. */
    public int bootstrapSamples() {
        return record.config() == null ? 0 : record.config().bootstrapSamples();
    }

    /** The run's wall time in seconds; NaN while unfinished, and for a merged run (its shards' seconds summed). */
    public double seconds() {
        return record.seconds() == null || record.mergedFrom() != null ? Double.NaN : record.seconds();
    }

    /** The seconds run.json records (for a merged run, its shards' summed); NaN while unfinished. */
    public double recordedSeconds() {
        return record.seconds() == null ? Double.NaN : record.seconds();
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
        if (record.panel() == null || record.panel().observers() == null) {
            return null;
        }
        return record.panel().observers().stream().map(RunRecord.Observer::id).toList();
    }

    /**
     * The comparison of each generator with the reference panel's observers as run.json records it: who was left
     * out of whose score, and why ({@link Kinship}). A run that recorded none left nobody out.
     */
    public Kinship kinship() {
        return Kinship.of(record.panel() == null ? null : record.panel().kinship());
    }

    /** The panel's name and content hash, as the protocol compares them; "none" when not recorded. */
    public String panelIdentity() {
        RunRecord.Panel p = record.panel();
        return p == null ? "none" : text(p.name()) + " " + text(p.sha256());
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

    private RunRecord.Model recorded(String id) {
        return record.modelsOrEmpty().stream().filter(m -> id.equals(m.id())).findFirst().orElse(null);
    }

    /**
     * A model's stages as its card lists them (input first, logits last), as run.json records them; for a run
     * that recorded none, the input followed by its planned stages.
     */
    public List<String> cardStages(String id) {
        RunRecord.Model m = recorded(id);
        if (m != null && m.cardStages() != null) {
            return List.copyOf(m.cardStages());
        }
        List<String> out = new ArrayList<>(List.of("input"));
        stagesOf(id).stream().filter(s -> !s.equals("input")).forEach(out::add);
        return List.copyOf(out);
    }

    /** The lineage run.json records for model {@code id}; {@link org.metamerbench.api.Lineage#UNDECLARED} if none. */
    public org.metamerbench.api.Lineage lineage(String id) {
        RunRecord.Model m = recorded(id);
        if (m == null || m.lineage() == null) {
            return org.metamerbench.api.Lineage.UNDECLARED;
        }
        RunRecord.Lineage l = m.lineage();
        return new org.metamerbench.api.Lineage(text(l.recipe()), text(l.seed()), text(l.trainingData()),
                text(l.initialisedFrom()));
    }

    private static String text(String s) {
        return s == null ? "" : s;
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
     * pool, synthesis budget, schedule and stopping rule, fake ReLU, null pairs and acceptance rule.
     */
    public String protocol() {
        RunRecord.Config c = record.config();
        String pool = record.nullPool() == null ? "" : text(record.nullPool().sha256());
        String pairs = c == null ? "" : text(c.nullPairs());
        boolean counted = !pairs.isEmpty() && pairs.chars().allMatch(Character::isDigit); // runs before null_pairs named its pairing
        return String.format(Locale.ROOT, "%d stimuli, %dx%d steps, fake ReLU %s%s, null pool %s (%s), %s, "
                + "panel %s%s", stimuli.size(), c == null ? 0 : c.scheduleStages(), c == null ? 0
                : c.iterationsPerStage(), c != null && c.fakeRelu() ? "on" : "off",
                c != null && c.fakeReluThroughMaxPool() ? " (through max pooling)" : "",
                pool.substring(0, Math.min(12, pool.length())), counted ? pairs + " pairs" : pairs,
                c == null ? "" : text(c.acceptanceRule()), panelIdentity(),
                c != null && c.observeFloat() ? ", observers see the float metamers" : "") + stoppingProtocol(c)
                + graphProtocol(c);
    }

    /**
     * The stopping rule, for {@link #protocol()}: runs under the adaptive rule and runs of the whole budget are never
     * compared or ranked together. The fixed budget adds nothing (runs recorded before the rule existed took it).
     */
    private static String stoppingProtocol(RunRecord.Config c) {
        if (c == null || c.stopping() == null || !"adaptive".equals(c.stopping().rule())) {
            return "";
        }
        return String.format(Locale.ROOT, ", stopping adaptive (window %d, threshold %s)", c.stopping().window(),
                c.stopping().threshold());
    }

    /**
     * What a graph run optimised and how, for {@link #protocol()}: runs that optimise the structure and runs that
     * optimise the features, or with another objective or starting spread, are never compared or ranked together.
     * The batching is left out: a union of independent parts gives the metamers one graph per call gives.
     */
    private static String graphProtocol(RunRecord.Config c) {
        if (c == null || c.graph() == null) {
            return "";
        }
        RunRecord.GraphSettings g = c.graph();
        return String.format(Locale.ROOT, ", graphs: %s metamers, %s, tau %s", g.kind(), g.objective(), g.tau());
    }

    public List<String> stimuli() {
        return stimuli;
    }

    public List<String> classLabels() {
        return classLabels;
    }

    /** The run's null pool (natural training images): its null distribution, and the experiments' catch trials. */
    public org.metamerbench.datasets.StimulusSet nullPool() throws IOException {
        RunRecord.NullPool recorded = record.nullPool();
        String name = recorded == null || recorded.name() == null ? StimulusSetLoader.DEFAULT_NULL_POOL
                : recorded.name();
        // a lab's pool: the folder the run read
        String where = record.locations() != null && record.locations().nullPool() != null
                ? record.locations().nullPool() : name;
        org.metamerbench.datasets.StimulusSet pool;
        try {
            pool = StimulusSetLoader.resolve(where);
        } catch (IOException e) {
            throw new IOException(dir.resolve(ResultFiles.RUN_JSON) + ": the run's null pool " + name + " cannot be "
                    + "read at " + where + " (" + e.getMessage() + ")", e);
        }
        String sha = recorded == null ? "" : text(recorded.sha256());
        if (!sha.isEmpty() && !sha.equals(pool.sha256())) {
            throw new IOException(dir.resolve(ResultFiles.RUN_JSON) + ": the null pool at " + where + " is not the one "
                    + "the run used (sha256 " + pool.sha256() + ", the run's " + sha + ")");
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
