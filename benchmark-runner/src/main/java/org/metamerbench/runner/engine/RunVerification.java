package org.metamerbench.runner.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.metamerbench.api.Model;
import org.metamerbench.api.Tensor;
import org.metamerbench.results.FloatIdx;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.RunRecord;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.runner.acceptance.Acceptance;
import org.metamerbench.runner.acceptance.NullDistribution;
import org.metamerbench.runner.acceptance.Similarity;
import org.metamerbench.runner.synthesis.Generator;

/**
 * Recomputes what a finished run's tables claim from what it stored and the models it names, without synthesising
 * anything: the stimulus set, null pool and models must be those the run recorded (by their hashes); each job's
 * null distribution is computed again, each stored metamer array judged again by its generator, and every panel
 * observer classifies the metamers (as a person is shown them, or as floats where the run said so) and the natural
 * stimuli again. A table that disagrees with the recomputation (a verdict, a statistic beyond rounding, a class, an
 * answer) is a finding. A seal can be recomputed by whoever edits a folder; this cannot be passed without the
 * models' own answers.
 */
public final class RunVerification {
    /** Findings listed before the rest are counted only. */
    public static final int MAX_FINDINGS = 12;
    /** How far a recomputed correlation may differ from the stored one (float rounding across machines). */
    static final double STATISTIC_TOLERANCE = 1e-4;
    /** How far a recomputed SNR (dB) may differ. */
    static final double SNR_TOLERANCE = 1e-3;

    private RunVerification() {
    }

    /** What a verification found: disagreements (empty: none), and how much it recomputed. */
    public record Result(List<String> findings, int disagreements, int metamers, int answers, double seconds) {
        public boolean agrees() {
            return disagreements == 0;
        }
    }

    /** Verifies the sealed, complete run in {@code runDir} with the models of {@code registry}. */
    public static Result verify(Path runDir, ModelRegistry registry, Consumer<String> progress) throws IOException {
        long start = System.nanoTime();
        RunResults r = RunResults.load(runDir).requireSealed();
        Findings f = new Findings();
        RunRecord rec = r.record();
        if (rec.config() != null && rec.config().graph() != null) {
            return org.metamerbench.runner.graph.GraphVerification.verify(r, registry, progress);
        }
        RunConfig cfg = RunRecordWriter.configOf(rec, runDir.toAbsolutePath().getParent());
        if (!modelsMatch(rec, registry, f)) {
            return f.result(0, 0, start);
        }
        RunPlan plan = RunPlan.make(cfg, registry, w -> { });
        if (!plan.set().sha256().equals(rec.stimulusSet().sha256())
                || !plan.ids().equals(r.stimuli())) {
            f.add("the stimulus set here (" + plan.set().name() + ", SHA-256 " + plan.set().sha256().substring(0, 12)
                    + ") or its stimuli are not those run.json records");
            return f.result(0, 0, start);
        }
        if ((rec.nullPool() == null || !plan.pool().sha256().equals(rec.nullPool().sha256()))) {
            f.add("the null pool here (" + plan.pool().name() + ") is not the one run.json records");
            return f.result(0, 0, start);
        }
        int threads = rec.machine() == null || rec.machine().engineThreads() == null ? Machine.engineThreads()
                : rec.machine().engineThreads();
        if (threads != Machine.engineThreads()) {
            progress.accept("note: the run computed with " + threads + " engine threads, this process with "
                    + Machine.engineThreads() + "; statistics may differ in their last digits");
        }
        Map<String, List<MetamerRow>> rowsByJob = new LinkedHashMap<>();
        r.metamers().forEach(m -> rowsByJob.computeIfAbsent(m.generator() + " x " + m.stage(), k -> new ArrayList<>())
                .add(m));
        Map<String, Map<String, Integer>> answered = new HashMap<>(); // job|observer -> stimulus -> class
        r.recognition().forEach(x -> answered.computeIfAbsent(x.generator() + " x " + x.stage() + "|" + x.observer(),
                k -> new HashMap<>()).put(x.stimulusId(), x.predicted()));
        int metamers = 0;
        int answers = 0;
        NullCache noCache = new NullCache(null, progress);
        try (ModelPool models = new ModelPool(registry, progress)) {
            // The observers are the plan's, not those the tables name: a row removed from both tables is found too.
            Map<String, Map<String, Integer>> naturalTable = new HashMap<>();
            r.natural().forEach(n -> naturalTable.computeIfAbsent(n.observer(), k -> new HashMap<>())
                    .put(n.stimulusId(), n.predicted()));
            Map<String, int[]> natural = new HashMap<>();
            for (String o : plan.panel()) {
                int[] pred = answer(models, plan, o, plan.stimuli());
                Map<String, Integer> table = naturalTable.get(o);
                if (pred == null) {
                    if (table != null) {
                        f.add("natural.csv holds answers of " + o + ", which cannot answer here: "
                                + models.failure(o));
                    }
                    continue; // it failed in the run as it fails here
                }
                natural.put(o, pred);
                answers += compareAnswers(f, "natural.csv: " + o + " on ", plan.ids(), table, pred);
            }
            for (RunResults.Job job : r.jobs()) {
                if (!job.status().equals("ok")) {
                    continue;
                }
                String g = job.generator();
                String stage = job.stage();
                String key = g + " x " + stage;
                progress.accept("verifying " + key);
                Model model = models.open(g);
                int[] referenceClass = natural.get(g);
                if (model == null || referenceClass == null) {
                    f.add("generator " + g + " could not be opened or could not classify the natural stimuli");
                    continue;
                }
                Path idx = ResultFiles.metamerArray(runDir, g, stage);
                if (!Files.isRegularFile(idx)) {
                    f.add(runDir.relativize(idx) + ": missing: the metamers of a finished job");
                    continue;
                }
                FloatIdx stored = FloatIdx.read(idx);
                Tensor met = Tensor.wrap(stored.dims(), stored.data());
                if (met.batchSize() != plan.ids().size()) {
                    f.add(runDir.relativize(idx) + ": " + met.batchSize() + " metamers for " + plan.ids().size()
                            + " stimuli");
                    continue;
                }
                Generator generator = Generator.of(model);
                if (generator == null) {
                    f.add("generator " + g + " has no input gradient: it cannot have made metamers");
                    continue;
                }
                NullDistribution nul = Synthesise.nullDistribution(plan, generator, registry.get(g).contentHash(),
                        stage, noCache);
                Acceptance acceptance = Acceptance.fromNull(nul, cfg.nullQuantile());
                Judge.Judged judged = Judge.verdicts(plan, model, stage, acceptance, met, referenceClass);
                Map<String, MetamerRow> rows = new HashMap<>();
                rowsByJob.getOrDefault(key, List.of()).forEach(m -> rows.put(m.stimulusId(), m));
                for (int i = 0; i < plan.ids().size(); i++) {
                    metamers++;
                    compare(f, key, plan.ids().get(i), rows.get(plan.ids().get(i)), judged.verdicts()[i],
                            judged.metamerClass()[i], acceptance);
                }
                Tensor seen = plan.asObserved(met);
                for (String o : natural.keySet()) {
                    int[] pred = answer(models, plan, o, seen);
                    Map<String, Integer> table = answered.get(key + "|" + o);
                    if (pred == null) {
                        if (table != null) {
                            f.add("recognition.csv holds answers of " + o + " on " + key + ", which cannot answer "
                                    + "here: " + models.failure(o));
                        }
                        continue;
                    }
                    answers += compareAnswers(f, "recognition.csv: " + o + " on " + key + " ", plan.ids(), table, pred);
                }
            }
        }
        return f.result(metamers, answers, start);
    }

    /** Whether every model the run names is here with the content it had; a finding for each that is not. */
    public static boolean modelsMatch(RunRecord rec, ModelRegistry registry, Findings f) {
        int before = f.count;
        for (RunRecord.Model m : rec.modelsOrEmpty()) {
            String id = m.id();
            ModelRegistry.Entry e = registry.get(id);
            if (e == null || !e.contentHash().equals(m.contentSha256())) {
                f.add("model " + id + (e == null ? " is not available here" : " here is not the one the run used "
                        + "(content SHA-256 " + e.contentHash().substring(0, 12) + ", run.json "
                        + m.contentSha256() + ")") + ": give the plugin folder the run was made with "
                        + "(--plugins)");
            }
        }
        return f.count == before;
    }

    /** {@code o}'s answers on {@code batch}, or null where it cannot be opened or fails (its failure is recorded). */
    private static int[] answer(ModelPool models, RunPlan plan, String o, Tensor batch) {
        Model m = models.open(o);
        if (m == null) {
            return null;
        }
        try {
            return plan.tasks().get(o).answer(m, batch);
        } catch (RuntimeException e) {
            models.failed(o, "answering failed: " + e);
            return null;
        }
    }

    /** Compares recomputed answers with a table's (null: none); returns the answers compared. */
    public static int compareAnswers(Findings f, String at, List<String> ids, Map<String, Integer> table, int[] pred) {
        for (int i = 0; i < ids.size(); i++) {
            Integer was = table == null ? null : table.get(ids.get(i));
            if (was == null || was != pred[i]) {
                f.add(at + ids.get(i) + ": class " + (was == null ? "missing" : was) + " in the table, " + pred[i]
                        + " recomputed");
            }
        }
        return ids.size();
    }

    /** Compares a metamers.csv row with the recomputed verdict and class (a missing row is a finding). */
    public static void compare(Findings f, String job, String stimulus, MetamerRow row, Acceptance.Verdict v,
            int metamerClass, Acceptance a) {
        String at = "metamers.csv: " + job + " " + stimulus + ": ";
        if (row == null) {
            f.add(at + "no row for a stored metamer");
            return;
        }
        Similarity.Scores s = v.scores();
        if (row.accepted() != v.accepted()) {
            f.add(at + (row.accepted() ? "accepted" : "rejected") + " in the table, " + (v.accepted() ? "accepted"
                    : "rejected") + " recomputed" + String.format(Locale.ROOT, " (spearman %.4f, pearson %.4f, snr "
                    + "%.2f dB against %.4f, %.4f, %.2f; class %d)", s.spearman(), s.pearson(), s.snrDb(),
                    a.spearman(), a.pearson(), a.snrDb(), metamerClass));
        }
        if (row.metamerClass() != metamerClass) {
            f.add(at + "the generator's class " + row.metamerClass() + " in the table, " + metamerClass
                    + " recomputed");
        }
        differs(f, at, "spearman", row.spearman(), s.spearman(), STATISTIC_TOLERANCE);
        differs(f, at, "pearson", row.pearson(), s.pearson(), STATISTIC_TOLERANCE);
        differs(f, at, "snr_db", row.snrDb(), s.snrDb(), SNR_TOLERANCE);
        differs(f, at, "null_spearman", row.nullSpearman(), a.spearman(), STATISTIC_TOLERANCE);
        differs(f, at, "null_pearson", row.nullPearson(), a.pearson(), STATISTIC_TOLERANCE);
        differs(f, at, "null_snr_db", row.nullSnrDb(), a.snrDb(), SNR_TOLERANCE);
    }

    private static void differs(Findings f, String at, String column, double stored, double recomputed,
            double tolerance) {
        boolean same = stored == recomputed || Math.abs(stored - recomputed) <= tolerance * Math.max(1,
                Math.abs(recomputed));
        if (!same) {
            f.add(at + column + " " + stored + " in the table, " + recomputed + " recomputed");
        }
    }

    /** The findings of one folder, the first {@link #MAX_FINDINGS} kept. */
    public static final class Findings {
        final List<String> kept = new ArrayList<>();
        int count;
        final long start = System.nanoTime();

        public int count() {
            return count;
        }

        public void add(String finding) {
            count++;
            if (kept.size() < MAX_FINDINGS) {
                kept.add(finding);
            }
        }

        Result result(int metamers, int answers, long start) {
            return new Result(List.copyOf(kept), count, metamers, answers, (System.nanoTime() - start) / 1e9);
        }

        /** What was found, timed from when these findings began. */
        public Result result(int metamers, int answers) {
            return result(metamers, answers, start);
        }
    }
}
