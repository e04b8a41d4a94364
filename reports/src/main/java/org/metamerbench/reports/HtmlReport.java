package org.metamerbench.reports;

import org.metamerbench.scoring.Bootstrap;
import org.metamerbench.scoring.DepthProfile;
import org.metamerbench.scoring.HumanCalibration;
import org.metamerbench.scoring.HumanRecognition;
import org.metamerbench.scoring.Kinship;
import org.metamerbench.scoring.ModelScore;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.scoring.Scoring;
import org.metamerbench.scoring.StageData;
import org.metamerbench.scoring.StageScore;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.metamerbench.api.harness.SafeName;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.results.RunRecord;

/**
 * The report of one run: {@code report.html} in the result folder, one self-contained page (charts
 * embedded, style and script inlined) that opens offline, with its charts also written as PNG and
 * SVG under {@code report/charts/}. Built from the result folder alone; rebuilding replaces both.
 */
public final class HtmlReport {
    public static final String REPORT_HTML = "report.html";
    public static final String CHARTS_DIR = "report/charts";
    /** Bootstrap resamples for the report's standard errors. */
    public static final int BOOTSTRAP = 1000;

    private HtmlReport() {
    }

    /** What a report build wrote. */
    public record Built(Path html, List<ChartFiles.Written> charts) {
    }

    public static Built write(RunResults r) throws IOException {
        return write(r, null);
    }

    /**
     * @param calibration predicts human recognition from the other models' (from the published data);
     *                    shown in its own, labelled columns and chart series; null where none is available
     */
    public static Built write(RunResults r, HumanCalibration calibration) throws IOException {
        return write(r, calibration, null);
    }

    /**
     * @param humans stored human judgments of this run's metamers; null where none are given
     */
    public static Built write(RunResults r, HumanCalibration calibration, HumanRecognition humans)
            throws IOException {
        calibration = HumanCalibration.admissible(calibration, r); // only in its own domain
        Path charts = r.dir().resolve(CHARTS_DIR);
        AtomicFiles.deleteTree(r.dir(), charts);
        Bootstrap bootstrap = new Bootstrap(BOOTSTRAP, r.seed());
        List<StageScore> scores = Scoring.score(r.stageData(), bootstrap);
        List<ModelScore> models = r.modelScores(bootstrap);
        List<ChartFiles.Written> written = new ArrayList<>();

        StringBuilder b = new StringBuilder();
        b.append("<h1>metamer-bench report: ").append(Html.esc(r.runId())).append("</h1>\n");
        b.append("<p class=\"note\">Model metamers (Feather et al. 2019, 2023) of every generator and stage of this run, "
                + "whether they passed acceptance, and how often the generator itself and the other models of the panel "
                + "recognise the accepted ones. Built from the result folder alone.</p>\n");
        if (!r.status().equals("complete")) {
            b.append("<p><strong>This run is not complete (status: ").append(Html.esc(r.status()))
                    .append("); the report shows what was stored.</strong></p>\n");
        }
        b.append(metadata(r));

        b.append("<h2 id=\"summary\">Summary</h2>\n");
        b.append("<p>").append(Html.esc(ModelScore.RULE)).append(" SE: bootstrap over stimuli and observers together ("
                + BOOTSTRAP + " resamples). Observer panel: ").append(Html.esc(r.panel() == null
                        ? "every observer of the run" : r.panelIdentity() + " " + r.panel())).append(".</p>\n");
        b.append(kinshipNote(r.kinship()));
        b.append(humanNote(r, humans));
        b.append(predictionNote(calibration, r.chance()));
        List<String> rows = new ArrayList<>();
        for (ModelScore m : models) {
            double predicted = Scoring.predictedHumanRecognisability(r.stageData(m.generator(), m.anchorStage()),
                    r.chance(), calibration);
            rows.add(Html.td(m.generator()) + Html.tdNum(m.recognisability(), m.ranked() ? Html.pm(m.recognisability(),
                    m.recognisabilitySe(), 3) : "unranked: " + m.unranked())
                    + Html.td(m.anchorStage() == null ? "" : m.anchorStage())
                    + Html.tdNum(m.idiosyncrasy(), Html.fixed(m.idiosyncrasy(), 3))
                    + Html.tdNum(m.profileMean(), Html.fixed(m.profileMean(), 3))
                    + Html.tdNum(m.stagesScored(), m.stagesScored() + " of " + m.stagesTotal())
                    + humanCell(r, humans, m)
                    + (calibration == null ? "" : Html.tdNum(predicted, Double.isNaN(predicted) ? "missing"
                            : Html.fixed(predicted, 3) + " (predicted \u00b1 " + Html.fixed(calibration.cvRmse(), 2)
                                    + ")")));
        }
        List<String> header = new ArrayList<>(List.of(Html.th("generator", "generating model"),
                Html.th("recognisability \u00b1 SE", "headline: by the panel, at the logits stage"),
                Html.th("at stage", "the logits stage the headline is taken at"),
                Html.th("idiosyncrasy", "1 - recognisability"),
                Html.th("stage profile mean", "mean over the scored stages; shown, not ranked"),
                Html.th("stages scored", "stages with at least " + Math.round(100 * StageData.MIN_ACCEPTED_SHARE)
                        + "% of the stimuli accepted"),
                Html.th("by humans", "from stored human judgments")));
        if (calibration != null) {
            header.add(Html.th("by humans, PREDICTED", "a prediction from the other models' recognition, not human "
                    + "data; \u00b1 the calibration's cross-validated error"));
        }
        b.append(Html.table("model-scores", header, rows));
        Map<String, double[]> depth = new java.util.LinkedHashMap<>();
        models.forEach(m -> depth.put(m.generator(), DepthProfile.of(r, m.generator(), r.cardStages(m.generator()))));
        b.append("<p class=\"note\">Depth profile (shown, never ranked): recognisability by a stage's position "
                + "between the input and the logits stage among its card's stages, the mean over the scored stages "
                + "in each bin.</p>\n");
        b.append(DepthProfileTable.of(depth));
        ChartFiles.Written summary = ChartFiles.write(Charts.summary(models), charts, "summary");
        written.add(summary);
        b.append(figure(summary, r.dir()));
        b.append("<h3>Cross-model recognition matrix</h3>\n");
        org.knowm.xchart.HeatMapChart matrixChart = Charts.crossMatrix(r);
        if (matrixChart == null) {
            b.append("<p>missing: no metamer of a late stage was accepted, so no observer's recognition of one can be "
                    + "shown.</p>\n");
        } else {
            ChartFiles.Written matrix = ChartFiles.write(matrixChart, charts, "cross-matrix");
            written.add(matrix);
            b.append(figure(matrix, r.dir()));
        }

        b.append("<h2 id=\"stages\">Scores by stage</h2>\n");
        b.append(stageTable(scores, r.chance(), calibration, humans, r));
        b.append(generatorCorrectTable(org.metamerbench.scoring.GeneratorCorrect.of(r.stageData(), r.natural(),
                r.chance(), bootstrap)));

        for (String g : r.generators()) {
            b.append("<h2 id=\"gen-").append(Html.esc(SafeName.check("model id", g))).append("\">Generator ")
                    .append(Html.esc(g)).append("</h2>\n");
            RunResults.ModelEntry entry = r.model(g);
            if (entry != null && entry.failure() != null) {
                b.append("<p><strong>Model failure:</strong> ").append(Html.esc(entry.failure())).append("</p>\n");
            }
            List<ChartFiles.Written> gc = GeneratorCharts.write(r, g, scores,
                    humans == null ? Map.of() : humans.byStage(g, r.stagesOf(g)), calibration, charts);
            written.addAll(gc);
            b.append("<div class=\"charts\">\n");
            for (ChartFiles.Written w : gc) {
                b.append(figure(w, r.dir()));
            }
            b.append("</div>\n");
            if (SoundPlayers.present(r)) {
                b.append(SoundPlayers.table(r, g, 1));
            }
        }

        b.append(GraphSection.of(r, scores, charts, written));

        b.append("<h2 id=\"jobs\">Jobs</h2>\n");
        List<String> jobRows = new ArrayList<>();
        for (RunResults.Job j : r.jobs()) {
            String row = Html.td(j.generator()) + Html.td(j.stage()) + Html.td(j.status()) + Html.tdNum(j.seconds(),
                    Html.fixed(j.seconds(), 1)) + Html.td(j.cached() ? "yes" : "no") + Html.td(j.reason());
            jobRows.add(row);
        }
        String jobTable = Html.table("jobs", List.of(Html.th("generator", ""), Html.th("stage", ""),
                Html.th("status", "ok or failed"), Html.th("seconds", "wall time of the job"),
                Html.th("from cache", "metamers reused from the synthesis cache"), Html.th("reason", "why it failed")),
                jobRows);
        b.append(markFailedRows(jobTable));
        b.append(files(r, written));
        Path html = r.dir().resolve(REPORT_HTML);
        AtomicFiles.write(r.dir(), html, Html.page("metamer-bench report " + r.runId(), b.toString())
                .getBytes(StandardCharsets.UTF_8));
        return new Built(html, written);
    }

    private static String markFailedRows(String table) {
        return table.replaceAll("<tr>(<td>[^<]*</td><td>[^<]*</td><td>failed</td>)",
                "<tr class=\"failed\">$1");
    }

    public static String stageTable(List<StageScore> scores, double chance, HumanCalibration calibration) {
        return stageTable(scores, chance, calibration, null, null);
    }

    /** The stage table; with {@code humans}, a column of measured human recognition (+- SEM, participants). */
    public static String stageTable(List<StageScore> scores, double chance, HumanCalibration calibration,
            HumanRecognition humans, RunResults r) {
        List<String> rows = new ArrayList<>();
        Map<String, Map<String, double[]>> human = new java.util.HashMap<>();
        if (humans != null) {
            for (StageScore s : scores) {
                human.computeIfAbsent(s.generator(), g -> humans.byStage(g, r.stagesOf(g)));
            }
        }
        for (StageScore s : scores) {
            double[] h = humans == null ? null : human.get(s.generator()).get(s.stage());
            String humanCell = humans == null ? "" : h == null ? Html.tdNum(Double.NaN, "no data")
                    : Html.tdNum(h[0], Html.pct(h[0]) + " \u00b1 " + Html.fixed(100 * h[1], 1) + " (n " + (int) h[2] + ")");
            double predicted = calibration == null ? Double.NaN : calibration.predict(s.cross(), chance);
            String predictedCell = calibration == null ? "" : Html.tdNum(predicted, Double.isNaN(predicted) ? "missing"
                    : Html.pct(predicted) + " \u00b1 " + Html.fixed(100 * calibration.cvRmse(chance), 1) + " (predicted)");
            rows.add(Html.td(s.generator()) + Html.td(s.stage())
                    + Html.tdNum(s.passRate(), s.accepted() + "/" + s.metamers())
                    + Html.tdNum(s.self(), Html.pct(s.self()))
                    + Html.tdNum(s.cross(), Double.isNaN(s.cross()) ? "missing"
                            : Html.pct(s.cross()) + " \u00b1 " + Html.fixed(100 * s.crossSe(), 1))
                    + Html.tdNum(s.crossNatural(), Html.pct(s.crossNatural()))
                    + Html.tdNum(s.crossRecognisability(chance), s.scored()
                            ? Html.fixed(s.crossRecognisability(chance), 3)
                            : "not scored (under " + Math.round(100 * StageData.MIN_ACCEPTED_SHARE) + "% accepted)")
                    + Html.tdNum(s.observers(), Integer.toString(s.observers()))
                    + humanCell + predictedCell);
        }
        List<String> header = new ArrayList<>(List.of(Html.th("generator", ""), Html.th("stage", ""),
                Html.th("pass rate", "accepted / synthesised"), Html.th("self", "generator's recognition"),
                Html.th("other models \u00b1 SE", "mean recognition by the other observers, bootstrap SE"),
                Html.th("natural", "other observers' accuracy on the natural stimuli"),
                Html.th("recognisability", "(p - chance) / (p_natural - chance), clipped"),
                Html.th("observers", "other observers")));
        if (humans != null) {
            header.add(Html.th("humans \u00b1 SEM", "measured: mean over participants of their share correct"));
        }
        if (calibration != null) {
            header.add(Html.th("humans, PREDICTED", "predicted from the other models' recognition by the calibration "
                    + "on published human data; not human data"));
        }
        return Html.table("stage-scores", header, rows);
    }

    /**
     * Beside the stage table: the other observers' recognition on the stimuli whose natural version the generator
     * labels correctly, so the cap its own errors put on its metamers' recognition is measured (never ranked).
     */
    static String generatorCorrectTable(List<org.metamerbench.scoring.GeneratorCorrect> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        List<String> cells = new ArrayList<>();
        for (org.metamerbench.scoring.GeneratorCorrect g : rows) {
            cells.add(Html.td(g.generator()) + Html.td(g.stage()) + Html.tdNum(g.stimuli(), g.accepted() + " of "
                    + g.stimuli()) + Html.tdNum(g.cross(), Double.isNaN(g.cross()) ? "missing" : Html.pct(g.cross())
                    + " \u00b1 " + Html.fixed(100 * g.crossSe(), 1)) + Html.tdNum(g.crossNatural(),
                    Html.pct(g.crossNatural())) + Html.tdNum(g.recognisability(), Double.isNaN(g.recognisability())
                    ? "not scored" : Html.fixed(g.recognisability(), 3)));
        }
        return "<h3>On the stimuli the generator labels correctly</h3>\n<p class=\"note\">The same observers' "
                + "recognition, counting only the stimuli whose natural version the generator itself labels "
                + "correctly: what its own errors cost its metamers' recognition. An analysis, never ranked.</p>\n"
                + Html.table("generator-correct", List.of(Html.th("generator", ""), Html.th("stage", ""),
                Html.th("accepted", "accepted metamers of the stimuli the generator gets right"),
                Html.th("other models \u00b1 SE", "bootstrap SE, the headline's resamples"),
                Html.th("natural", "the same observers on the same natural stimuli"),
                Html.th("recognisability", "(p - chance) / (p_natural - chance), clipped")), cells);
    }

    static String humanCell(RunResults r, HumanRecognition humans, ModelScore m) {
        String generator = m.generator();
        if (humans == null || !humans.covers(generator) || m.anchorStage() == null) {
            return Html.tdNum(Double.NaN, "no data");
        }
        double[] v = humans.recognisability(generator, List.of(m.anchorStage()), r.chance());
        return Html.tdNum(v[0], Html.pm(v[0], v[1], 3) + " (" + humans.participants(generator).size()
                + " participants)");
    }

    static String humanNote(RunResults r, HumanRecognition humans) {
        if (humans == null && r.publishedModality().equals("graph")) {
            return "<p class=\"note\">Human recognition: people do not judge graphs; the seed work (Xu et al. 2025) "
                    + "has no human part, and this report shows none.</p>\n";
        }
        if (humans == null) {
            return "<p class=\"note\">Human recognition: no stored human judgments were given for this report.</p>\n";
        }
        StringBuilder b = new StringBuilder("<p class=\"note\">Human recognition: measured in stored trial-level "
                + "judgments; per stage the mean over participants of each one's share correct (\u00b1 SEM); "
                + "recognisability normalised between chance and the same participants' accuracy on natural "
                + "stimuli, SE by bootstrap over participants.");
        if (!humans.excludedParticipants().isEmpty()) {
            b.append(" Left out for failing catch trials (share correct): ")
                    .append(Html.esc(humans.excludedParticipants().toString())).append('.');
        }
        humans.refused().forEach((f, e) -> b.append(" Refused file ").append(Html.esc(f.toString())).append(": ")
                .append(Html.esc(e.getMessage())).append('.'));
        return b.append("</p>\n").toString();
    }

    /** Which observers were left out of whose score, and why ({@link Kinship}). */
    static String kinshipNote(Kinship kinship) {
        StringBuilder b = new StringBuilder("<p class=\"note\" id=\"kinship\">").append(Html.esc(
                "Observers of a generator's family never score it: " + Kinship.RULE + "."));
        Map<String, Map<String, String>> left = kinship.exclusions();
        if (left.isEmpty()) {
            return b.append(" In this run no observer was left out.</p>\n").toString();
        }
        b.append("</p>\n<ul id=\"left-out\">\n");
        left.forEach((g, obs) -> obs.forEach((o, why) -> b.append("<li>").append(Html.esc(o + " is left out of " + g
                + "'s score: " + why)).append("</li>\n")));
        return b.append("</ul>\n").toString();
    }

    /** What a report or leaderboard says where no calibration covers its stimulus set. */
    public static final String NO_PREDICTION = "No human recognition is predicted: a prediction counts only where it "
            + "was fitted on human judgments of this stimulus set and matches people's known accuracy on its natural "
            + "stimuli, and none exists (the published relation of Feather et al. 2023 was fitted on other stimuli). "
            + "Human recognition is shown only where stored judgments of these metamers exist; to collect them, "
            + "run `experiment build --run RUN`, `experiment serve` and `experiment import`, then pass the judgments with "
            + "--humans DIR (see docs/humans.md).";

    static String predictionNote(HumanCalibration calibration, double chance) {
        if (calibration == null) {
            return "<p class=\"note\">" + Html.esc(NO_PREDICTION) + "</p>\n";
        }
        return "<p class=\"note\">Columns and chart lines marked PREDICTED are not human data: they are human "
                + "recognition predicted from the other models' recognition by a calibration fitted on human judgments "
                + "of this stimulus set. " + Html.esc(calibration.describe()) + " On this task (chance "
                + Html.fixed(chance, 3) + ") the error is \u00b1" + Html.fixed(100 * calibration.cvRmse(chance), 1)
                + " percentage points per stage.</p>\n";
    }

    static String figure(ChartFiles.Written w, Path runDir) {
        String svg = runDir.relativize(w.svg()).toString();
        String png = runDir.relativize(w.png()).toString();
        return "<figure>" + Html.embeddedPng(w.pngBytes(), w.title(), Math.min(w.width(), 1100))
                + "<figcaption class=\"note\">" + Html.esc(w.title()) + " (<a href=\"" + Html.esc(png) + "\">PNG</a>, <a href=\""
                + Html.esc(svg) + "\">SVG</a>)</figcaption></figure>\n";
    }

    /** A part of run.json as "name=value; " pairs, in the record's order (nothing for a part not recorded). */
    private static String fields(JsonNode part, boolean json) {
        StringBuilder out = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = part.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            out.append(e.getKey()).append('=').append(!json || e.getValue().isTextual() ? e.getValue().asText()
                    : e.getValue().toString()).append("; ");
        }
        return out.toString();
    }

    private static String metadata(RunResults r) {
        RunRecord j = r.record();
        List<String[]> kv = new ArrayList<>();
        kv.add(new String[] {"run", r.runId()});
        kv.add(new String[] {"status", r.status()});
        kv.add(new String[] {"started", r.started()});
        kv.add(new String[] {"wall time", Double.isNaN(r.recordedSeconds()) ? "unfinished"
                : RunRecord.tree(j.seconds()).asText() + " s"});
        kv.add(new String[] {"harness", r.harnessVersion() + " (commit " + r.gitCommit() + ")"});
        kv.add(new String[] {"stimulus set", r.stimulusSetName() + ", " + r.stimuli().size() + " stimuli, SHA-256 "
                + r.stimulusSetSha()});
        if (j.nullPool() != null) {
            kv.add(new String[] {"null pool", j.nullPool().name() + ", " + j.nullPool().size() + " samples, SHA-256 "
                    + j.nullPool().sha256()});
        }
        kv.add(new String[] {"protocol", r.protocol()});
        kv.add(new String[] {"config", fields(RunRecord.tree(j.config()), true)});
        kv.add(new String[] {"machine", fields(RunRecord.tree(j.machine()), false)});
        StringBuilder models = new StringBuilder();
        for (RunResults.ModelEntry m : r.models()) {
            models.append(m.id()).append(" (").append(m.provider()).append(", ")
                    .append(m.version().substring(0, Math.min(12, m.version().length())))
                    .append(m.generator() ? ", generator" : m.canGenerate() ? ", observer"
                            : ", observer only: no input gradients, cannot generate metamers")
                    .append(m.failure() == null ? "" : ", FAILED: " + m.failure()).append(") ");
        }
        kv.add(new String[] {"models", models.toString()});
        StringBuilder b = new StringBuilder("<h2 id=\"run\">Run</h2>\n<table id=\"run-metadata\">\n<tbody>\n");
        for (String[] p : kv) {
            b.append("<tr><th>").append(Html.esc(p[0])).append("</th><td>").append(Html.esc(p[1])).append("</td></tr>\n");
        }
        return b.append("</tbody></table>\n").toString();
    }

    private static String files(RunResults r, List<ChartFiles.Written> charts) {
        StringBuilder b = new StringBuilder("<h2 id=\"files\">Data files</h2>\n<ul>\n");
        String[][] files = {
            {ResultFiles.RUN_JSON, "harness, config, hashes, models, machine, timings, job status"},
            {ResultFiles.METAMERS_CSV, "one row per metamer: synthesis record, acceptance statistics, verdict"},
            {ResultFiles.RECOGNITION_CSV, "one row per metamer x observer"},
            {ResultFiles.NATURAL_CSV, "one row per natural stimulus x observer"},
            {ResultFiles.SCORES_CSV, "scores per generator x stage"},
            {ResultFiles.LOSS_CURVES_CSV, "sampled loss curve of every metamer"},
            {ResultFiles.NULL_CSV, "null distribution quantiles per generator x stage"},
            {ResultFiles.IMAGES_DIR + "/", "PNG of every reference and metamer (of a sound: its cochleagram)"},
            {ResultFiles.SOUNDS_DIR + "/", "WAV (16-bit) of every reference and metamer of a sound run"},
            {ResultFiles.METAMER_ARRAYS_DIR + "/", "the metamers exactly, float32 IDX"},
            {CHARTS_DIR + "/", charts.size() + " charts as PNG and SVG"}
        };
        for (String[] f : files) {
            if (Files.exists(r.dir().resolve(f[0]))) {
                b.append("<li><a href=\"").append(Html.esc(f[0])).append("\">").append(Html.esc(f[0])).append("</a>: ")
                        .append(Html.esc(f[1])).append("</li>\n");
            }
        }
        return b.append("</ul>\n").toString();
    }
}
