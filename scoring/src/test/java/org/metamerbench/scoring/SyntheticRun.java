package org.metamerbench.scoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.metamerbench.datasets.GrayPng;
import org.metamerbench.results.CsvTable;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.NaturalRow;
import org.metamerbench.results.RecognitionRow;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.results.RunRecord;

/**
 * Writes a result folder with constructed contents, in the store's real format, for tests of code
 * that only reads result folders (charts, reports, leaderboard, gate). The numbers are chosen by the
 * test, not measured: tests that need measured results use the runner.
 */
public final class SyntheticRun {
    public static final List<String> CLASSES = List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9");

    private final Map<String, List<String>> stages = new LinkedHashMap<>();
    private final List<String> observers = new ArrayList<>();
    private final Map<String, double[]> acceptP = new LinkedHashMap<>();
    private final Map<String, double[]> recogP = new LinkedHashMap<>();
    private int stimuli = 20;
    private long seed = 1;
    private String setSha = "a".repeat(64);
    private String started = "2026-11-01T10:00:00Z";
    private int iterations = 320;
    private String status = "complete";
    private List<String> panel;
    private final Map<String, String> kin = new LinkedHashMap<>();

    public SyntheticRun generator(String id, List<String> stageNames, double[] acceptProbability,
            double[] recognitionProbability) {
        stages.put(id, stageNames);
        acceptP.put(id, acceptProbability);
        recogP.put(id, recognitionProbability);
        if (!observers.contains(id)) {
            observers.add(id);
        }
        return this;
    }

    public SyntheticRun observer(String id) {
        if (!observers.contains(id)) {
            observers.add(id);
        }
        return this;
    }

    public SyntheticRun stimuli(int n) {
        this.stimuli = n;
        return this;
    }

    public SyntheticRun seed(long s) {
        this.seed = s;
        return this;
    }

    public SyntheticRun stimulusSetSha(String sha) {
        this.setSha = sha;
        return this;
    }

    public SyntheticRun started(String iso) {
        this.started = iso;
        return this;
    }

    public SyntheticRun status(String s) {
        this.status = s;
        return this;
    }

    /** Records a reference panel: only these observers' recognition is scored. */
    public SyntheticRun panel(List<String> observerIds) {
        this.panel = List.copyOf(observerIds);
        return this;
    }

    /**
     * Makes {@code observer} a sibling of {@code generator}: it recognises every metamer of the generator (as an
     * observer sharing its weights would), and run.json records it as of the generator's family, left out of its
     * score.
     */
    public SyntheticRun sibling(String generator, String observer) {
        observer(observer);
        kin.put(generator, observer);
        return this;
    }

    public SyntheticRun iterations(int n) {
        this.iterations = n;
        return this;
    }

    public static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(String.format("test-%05d", i));
        }
        return ids;
    }

    public Path write(Path resultsRoot, String runId) throws IOException {
        Path dir = resultsRoot.resolve(runId);
        Files.createDirectories(dir);
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> ids = ids(stimuli);
        List<MetamerRow> metamers = new ArrayList<>();
        List<RecognitionRow> recognition = new ArrayList<>();
        List<NaturalRow> natural = new ArrayList<>();
        List<List<?>> curves = new ArrayList<>();
        for (int i = 0; i < stimuli; i++) {
            int label = i % CLASSES.size();
            GrayPng.write(dir, ResultFiles.referenceImage(dir, ids.get(i)), image(i, 0.0, rnd), 28, 28);
            for (String o : observers) {
                natural.add(new NaturalRow(o, ids.get(i), label, rnd.nextDouble() < 0.9 ? label : (label + 1) % 10));
            }
        }
        for (Map.Entry<String, List<String>> g : stages.entrySet()) {
            List<String> st = g.getValue();
            for (int s = 0; s < st.size(); s++) {
                for (int i = 0; i < stimuli; i++) {
                    int label = i % CLASSES.size();
                    boolean accepted = rnd.nextDouble() < acceptP.get(g.getKey())[s];
                    metamers.add(new MetamerRow(g.getKey(), "v-" + g.getKey(), st.get(s), ids.get(i), label, 7, 8 * iterations, "budget",
                            0.01 * (s + 1), 0.5, label, accepted ? label : (label + 3) % 10, 0.9, 0.95, 20,
                            0.8, 0.8, 10, accepted));
                    for (String o : observers) {
                        boolean right = o.equals(g.getKey()) || o.equals(kin.get(g.getKey()))
                                || rnd.nextDouble() < recogP.get(g.getKey())[s];
                        recognition.add(new RecognitionRow(g.getKey(), st.get(s), ids.get(i), label, o,
                                right ? label : (label + 2) % 10, accepted));
                    }
                    for (int step = 0; step <= 8 * iterations; step += iterations) {
                        curves.add(List.of(g.getKey(), st.get(s), ids.get(i), step, Math.pow(0.5, step / (double) iterations)
                                * (1 + s)));
                    }
                    GrayPng.write(dir, ResultFiles.metamerImage(dir, g.getKey(), st.get(s), ids.get(i)),
                            image(i, 0.1 * s, rnd), 28, 28);
                }
            }
        }
        CsvTable.write(dir, dir.resolve(ResultFiles.METAMERS_CSV), MetamerRow.HEADER,
                metamers.stream().map(MetamerRow::toRow).toList());
        CsvTable.write(dir, dir.resolve(ResultFiles.RECOGNITION_CSV), RecognitionRow.HEADER,
                recognition.stream().map(RecognitionRow::toRow).toList());
        CsvTable.write(dir, dir.resolve(ResultFiles.NATURAL_CSV), NaturalRow.HEADER,
                natural.stream().map(NaturalRow::toRow).toList());
        CsvTable.write(dir, dir.resolve(ResultFiles.LOSS_CURVES_CSV), RunResults.LOSS_HEADER, curves);

        RunRecord.Config cfg = new RunRecord.Config("synthetic", List.copyOf(stages.keySet()), observers, List.of(),
                "synthetic", stimuli, "pool", null, 8, iterations, 8 * iterations, 1.0, true,
                "published: stages ending in a ReLU", false, seed, 10, "1000", 1.0, "published: null maximum", false,
                StageData.MIN_ACCEPTED_SHARE, 0, true, null, null);
        RunRecord.KinshipEntry kinship = kin.isEmpty() ? null : new RunRecord.KinshipEntry(Kinship.RULE, 0.8, 0.9,
                new RunRecord.Calibration(0, "", null, null), kin.entrySet().stream().map(e -> new RunRecord.KinPair(
                e.getKey(), e.getValue(), 100, 1.0, 1.0, 1.0, "both were trained with seed 1", true,
                "one family: both were trained with seed 1")).toList());
        RunRecord.Panel p = panel == null && kinship == null ? null : new RunRecord.Panel(panel == null ? null
                : "synthetic panel", null, panel == null ? null : panel.stream().map(id -> new RunRecord.Observer(id,
                "v-" + id)).toList(), panel == null ? null : String.join(",", panel), kinship);
        List<RunRecord.Model> models = observers.stream().map(o -> new RunRecord.Model(o, "v-" + o, null, null, null,
                null, "synthetic", stages.containsKey(o), true, null, null, stages.getOrDefault(o, List.of()), null))
                .toList();
        List<RunRecord.Job> jobs = new ArrayList<>();
        stages.forEach((g, st) -> st.forEach(s -> jobs.add(new RunRecord.Job(g, s, "ok", "", 1.0, false, true,
                "synthetic"))));
        new RunRecord(RunRecord.FORMAT, runId, status, started, false, null, null, 12.5, new RunRecord.Harness("test",
                "0000000", null, null), cfg, new RunRecord.StimulusSetEntry("synthetic", setSha, stimuli, stimuli,
                null, null, CLASSES, ids), null, new RunRecord.NullPool("pool", "b".repeat(64), 100), p, models,
                List.of(), List.of(), jobs, new RunRecord.Machine(null, null, null, 2, null, null, null, null, null),
                null).write(dir);
        if (status.equals("complete")) {
            ResultFiles.seal(dir); // as the harness seals a finished run
        }
        return dir;
    }

    /** A 28 x 28 image: a bright square whose place depends on the stimulus, plus noise. */
    private static float[] image(int i, double noise, SplittableRandom rnd) {
        float[] px = new float[784];
        int x0 = 4 + (i % 5) * 3;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                double v = (x >= x0 && x < x0 + 10 && y >= 8 && y < 20) ? 0.9 : 0.1;
                v += noise * (rnd.nextDouble() - 0.5);
                px[y * 28 + x] = (float) Math.max(0, Math.min(1, v));
            }
        }
        return px;
    }

    /**
     * Simulated trials, for tests only (a simulated observer is never human data): people recognise each condition
     * of {@code stages} as often as the panel does, and natural stimuli at {@code natural}.
     */
    public static HumanRecognition simulatedPeople(RunResults run, List<String> judged, List<String> stages,
            double natural) {
        SplittableRandom rnd = new SplittableRandom(5);
        List<org.metamerbench.datasets.human.Trial> trials = new ArrayList<>();
        List<String> choices = CLASSES;
        for (int participant = 0; participant < 12; participant++) {
            int n = 0;
            for (String g : judged) {
                for (String stage : stages) {
                    double p = run.stageData(g, stage).crossRecognition(Resample.NONE);
                    for (int i = 0; i < 20; i++) {
                        boolean right = rnd.nextDouble() < p;
                        trials.add(new org.metamerbench.datasets.human.Trial("e", "p" + participant, ++n, g, stage, "test-0000" + (i % 10), false,
                                "c0", choices, right ? "c0" : "c1", right, 900, java.time.Instant.EPOCH));
                    }
                }
            }
            for (int i = 0; i < 40; i++) {
                boolean right = rnd.nextDouble() < natural;
                trials.add(new org.metamerbench.datasets.human.Trial("e", "p" + participant, ++n, "", "", "test-0000" + (i % 10), false, "c0", choices,
                        right ? "c0" : "c1", right, 900, java.time.Instant.EPOCH));
            }
        }
        return HumanRecognition.of(trials, Map.of());
    }

    /**
     * A run of five generators at {@code stages} (three), recognised by the panel from 0.9 down to 0.1: enough
     * conditions to fit a calibration on judgments of it.
     */
    public static RunResults calibrationRun(Path root, List<String> stages) throws IOException {
        SyntheticRun s = new SyntheticRun().stimuli(40).seed(3);
        double[][] p = {{0.9, 0.6, 0.2}, {0.85, 0.45, 0.15}, {0.95, 0.75, 0.5}, {0.8, 0.3, 0.1}, {0.9, 0.5, 0.3}};
        for (int g = 0; g < p.length; g++) {
            s.generator("g" + g, stages, new double[] {1, 1, 1}, p[g]);
        }
        return RunResults.load(s.write(root, "r"));
    }
}
