package org.metamerbench.leaderboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.metamerbench.api.harness.SafeName;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.OwnedOutput;
import org.metamerbench.results.CsvTable;
import org.metamerbench.scoring.Bootstrap;
import org.metamerbench.reports.ChartFiles;
import org.metamerbench.reports.Charts;
import org.metamerbench.reports.GeneratorCharts;
import org.metamerbench.reports.Html;
import org.metamerbench.reports.HtmlReport;
import org.metamerbench.scoring.HumanCalibration;
import org.metamerbench.scoring.HumanRecognition;
import org.metamerbench.scoring.ModelScore;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.scoring.Scoring;
import org.metamerbench.scoring.StageScore;

/**
 * The static leaderboard site: {@code index.html} (a sortable table and the ranking rule), one page
 * per model with its charts, {@code leaderboard.csv} and {@code leaderboard.json}. Pages open from
 * disk with no network. The site is built in a sibling folder and moved into place, so an earlier
 * site is replaced whole or not at all; a folder this tool did not write, or one that something was
 * added to, is never overwritten ({@link OwnedOutput}).
 */
public final class LeaderboardSite {
    /** The tool named in the site's ownership marker. */
    public static final String TOOL = "leaderboard build";
    public static final String JSON_FILE = "leaderboard.json";
    public static final List<String> CSV_HEADER = List.of("rank", "rank_low", "rank_high", "tier", "model", "plugin",
            "version", "recognisability",
            "recognisability_se", "human_recognisability", "human_se", "predicted_human_recognisability",
            "prediction_error", "idiosyncrasy", "natural_accuracy",
            "stages_scored", "stages_total", "observers", "run_id", "run_date", "harness_version", "score_stage",
            "unranked_reason", "stage_profile_mean", "stage_profile_mean_se");

    private LeaderboardSite() {
    }

    /**
     * Writes the site into {@code out}: built beside it, then put in its place. An existing folder is
     * replaced only if this tool wrote it and nothing was added to it, or with {@code force}
     * ({@link OwnedOutput}).
     */
    public static Path write(Leaderboard board, Path out, boolean force) throws IOException {
        return write(new java.util.LinkedHashMap<>(Map.of("images", board)), out, force);
    }

    /**
     * A site of several leaderboards, one per kind of stimulus set (image models and audio models are never
     * ranked together): the first at the site's root, each other in a sub-folder named by its key; every
     * index links to the others.
     */
    public static Path write(Map<String, Leaderboard> boards, Path out, boolean force) throws IOException {
        List<String> keys = List.copyOf(boards.keySet());
        keys.forEach(k -> SafeName.check("leaderboard section", k));
        return OwnedOutput.replaceFolder(out, TOOL, force, dir -> {
            for (int i = 0; i < keys.size(); i++) {
                List<String> links = new ArrayList<>();
                for (int j = 0; j < keys.size(); j++) {
                    if (j != i) {
                        String href = (i == 0 ? "" : "../") + (j == 0 ? "" : keys.get(j) + "/") + "index.html";
                        links.add("<a href=\"" + Html.esc(href) + "\">" + Html.esc(keys.get(j)) + "</a>");
                    }
                }
                Path at = i == 0 ? dir : dir.resolve(keys.get(i));
                Files.createDirectories(at);
                writeInto(boards.get(keys.get(i)), keys.get(i), at, links);
            }
        }).resolve("index.html");
    }

    private static void writeInto(Leaderboard board, String section, Path dir, List<String> links) throws IOException {
        List<Leaderboard.Entry> entries = board.entries();
        List<List<?>> csv = new ArrayList<>();
        for (Leaderboard.Entry e : entries) {
            csv.add(List.of(e.ranked() ? Integer.toString(e.rank()) : "", e.ranked() ? Integer.toString(e.rankLow()) : "",
                    e.ranked() ? Integer.toString(e.rankHigh()) : "", e.ranked() ? Integer.toString(e.tier()) : "",
                    e.model(), e.plugin(), e.version(),
                    e.recognisability(), e.recognisabilitySe(), e.humanRecognisability(), e.humanSe(),
                    e.predictedHuman(), e.predictionError(), e.idiosyncrasy(), e.naturalAccuracy(), e.stagesScored(), e.stagesTotal(), e.observers(), e.runId(),
                    e.runDate(), e.harnessVersion(), e.anchorStage() == null ? "" : e.anchorStage(),
                    e.unranked() == null ? "" : e.unranked(), e.profileMean(), e.profileMeanSe()));
        }
        CsvTable.write(dir, dir.resolve("leaderboard.csv"), CSV_HEADER, csv);
        AtomicFiles.write(dir, dir.resolve(JSON_FILE), json(board));

        Path charts = dir.resolve("charts");
        List<ModelScore> scores = entries.stream().map(e -> new ModelScore(e.model(), e.recognisability(),
                e.recognisabilitySe(), e.anchorStage(), e.unranked(), e.profileMean(), e.profileMeanSe(),
                e.stagesScored(), e.stagesTotal())).toList();
        ChartFiles.Written summary = ChartFiles.write(Charts.summary(scores), charts, "summary");

        StringBuilder b = new StringBuilder();
        b.append("<h1>metamer-bench leaderboard: ").append(Html.esc(section)).append("</h1>\n");
        if (!links.isEmpty()) {
            b.append("<p id=\"sections\">Also ranked, on their own: ").append(String.join(", ", links))
                    .append(".</p>\n");
        }
        b.append("<p class=\"note\">How recognisable are a model's metamers (Feather et al. 2019, 2023)? Stimulus set: ")
                .append(Html.esc(board.stimulusSet())).append(". Protocol: ").append(Html.esc(board.protocol()))
                .append(".</p>\n");
        b.append("<h2>Ranking rule</h2>\n<p id=\"ranking-rule\">").append(Html.esc(Leaderboard.RANKING_RULE))
                .append("</p>\n");
        b.append("<p class=\"note\" id=\"separation\">Separation of the ranked models: headline score ")
                .append(Html.esc(board.separation().toString())).append("; stage-profile mean (not ranked) ")
                .append(Html.esc(board.profileSeparation().toString())).append(".</p>\n");
        b.append("<p class=\"note\" id=\"seed-spread\">Spread of the headline score: ")
                .append(Html.esc(board.seedSpread().toString())).append(".</p>\n");
        List<String> rows = new ArrayList<>();
        for (Leaderboard.Entry e : entries) {
            String page = "models/" + SafeName.check("model id", e.model()) + ".html";
            rows.add(Html.tdNum(e.ranked() ? e.rank() : Double.NaN, e.ranked() ? Integer.toString(e.rank())
                    : "unranked: " + e.unranked())
                    + Html.tdNum(e.ranked() ? e.rankLow() : Double.NaN, e.rankInterval())
                    + Html.tdNum(e.ranked() ? e.tier() : Double.NaN, e.ranked() ? Integer.toString(e.tier()) : "")
                    + "<td><a href=\"" + Html.esc(page) + "\">" + Html.esc(e.model()) + "</a></td>"
                    + Html.td(e.plugin())
                    + Html.tdNum(e.recognisability(), Html.pm(e.recognisability(), e.recognisabilitySe(), 3))
                    + Html.tdNum(e.humanRecognisability(), Double.isNaN(e.humanRecognisability()) ? "no data"
                            : Html.pm(e.humanRecognisability(), e.humanSe(), 3))
                    + (board.calibration() == null ? "" : Html.tdNum(e.predictedHuman(), Double.isNaN(e.predictedHuman())
                            ? "missing" : Html.fixed(e.predictedHuman(), 3) + " (predicted \u00b1 "
                                    + Html.fixed(e.predictionError(), 2) + ")"))
                    + Html.tdNum(Double.isNaN(e.recognisability()) ? Double.NaN : e.idiosyncrasy(),
                            Html.fixed(Double.isNaN(e.recognisability()) ? Double.NaN : e.idiosyncrasy(), 3))
                    + Html.tdNum(e.naturalAccuracy(), Html.pct(e.naturalAccuracy()))
                    + Html.tdNum(e.profileMean(), Html.pm(e.profileMean(), e.profileMeanSe(), 3))
                    + Html.tdNum(e.stagesScored(), e.stagesScored() + " of " + e.stagesTotal())
                    + Html.td(e.runDate().length() >= 10 ? e.runDate().substring(0, 10) : e.runDate())
                    + Html.td(e.harnessVersion()));
        }
        b.append("<h2>Models</h2>\n<p class=\"note\">Click a column header to sort; click again to reverse.</p>\n");
        List<String> header = new ArrayList<>(List.of(Html.th("rank", "by recognisability by other models"),
                Html.th("rank interval", "2.5th to 97.5th percentile of the rank over bootstrap resamples of stimuli "
                        + "and observers"),
                Html.th("tier", "models in one tier are not told apart (paired bootstrap, Holm-corrected)"),
                Html.th("model", "model id"), Html.th("plugin", "the provider that offers the model"),
                Html.th("recognisability (models) \u00b1 SE", "headline: by the reference panel at the logits stage, "
                        + "observers of the model's family left out; bootstrap SE over stimuli and observers"),
                Html.th("recognisability (humans) \u00b1 SE", "by people, from stored human judgments")));
        if (board.calibration() != null) {
            header.add(Html.th("humans, PREDICTED", "not human data: predicted from the other models' recognition by a "
                    + "calibration fitted on human judgments of this stimulus set, \u00b1 its cross-validated error"));
        }
        header.addAll(List.of(Html.th("idiosyncrasy", "1 - recognisability by other models"),
                Html.th("natural accuracy", "the model's accuracy on the natural stimuli of its run"),
                Html.th("stage profile mean \u00b1 SE", "mean over the scored stages; shown, not ranked"),
                Html.th("stages", "stages scored, of the stages run"),
                Html.th("run date", "when the model's run started"), Html.th("harness", "harness version")));
        b.append(Html.table("leaderboard", header, rows));
        b.append("<figure>").append("<img class=\"chart\" alt=\"").append(Html.esc(summary.title()))
                .append("\" src=\"charts/summary.png\" width=\"").append(summary.width()).append("\">")
                .append("<figcaption class=\"note\"><a href=\"charts/summary.svg\">SVG</a></figcaption></figure>\n");
        b.append("<h2>Depth profile (shown, never ranked)</h2>\n<p class=\"note\">Recognisability of each model's "
                + "metamers by stage depth: a stage's position between the input and the logits stage among its card's "
                + "stages, in fixed bins, the mean over the scored stages in a bin; the logits stage is the headline. "
                + "It shows where a model's invariances part from the panel's; a model chooses its stages, so it is "
                + "never ranked.</p>\n");
        Map<String, double[]> depth = new java.util.LinkedHashMap<>();
        entries.forEach(e -> depth.put(e.model(), org.metamerbench.scoring.DepthProfile.of(e.run(), e.model(),
                e.run().cardStages(e.model()))));
        b.append(org.metamerbench.reports.DepthProfileTable.of(depth));
        Map<RunResults, List<StageScore>> stageScores = new java.util.IdentityHashMap<>();
        for (Leaderboard.Entry e : entries) {
            // The stage scores of a run (a bootstrap per stage) are computed once, for all its models.
            stageScores.computeIfAbsent(e.run(), r -> Scoring.score(r.stageData(), new Bootstrap(HtmlReport.BOOTSTRAP,
                    r.seed())));
        }
        if (GraphMeasuresTable.applies(board)) {
            b.append(GraphMeasuresTable.write(board, stageScores, dir));
        }
        b.append("<p class=\"note\" id=\"prediction-note\">")
                .append(board.calibration() == null ? Html.esc(HtmlReport.NO_PREDICTION) : "The column marked PREDICTED is not human data. "
                        + Html.esc(board.calibration().describe()))
                .append("</p>\n");
        if (!board.notes().isEmpty()) {
            b.append("<h2>Notes</h2>\n<ul>\n");
            board.notes().forEach(n -> b.append("<li>").append(Html.esc(n)).append("</li>\n"));
            b.append("</ul>\n");
        }
        b.append("<p class=\"note\">Data: <a href=\"leaderboard.csv\">leaderboard.csv</a>, <a href=\"leaderboard.json\">"
                + "leaderboard.json</a>.</p>\n");
        AtomicFiles.write(dir, dir.resolve("index.html"), Html.page("metamer-bench leaderboard", b.toString())
                .getBytes(StandardCharsets.UTF_8));

        for (Leaderboard.Entry e : entries) {
            writeModelPage(e, stageScores.get(e.run()), dir.resolve("models"), board.calibration(), board.humans());
        }
    }

    private static void writeModelPage(Leaderboard.Entry e, List<StageScore> all, Path models,
            HumanCalibration calibration, HumanRecognition humans) throws IOException {
        RunResults r = e.run();
        String safe = SafeName.check("model id", e.model());
        List<StageScore> mine = all.stream().filter(s -> s.generator().equals(e.model())).toList();
        List<ChartFiles.Written> charts = GeneratorCharts.write(r, e.model(), all,
                humans == null ? Map.of() : humans.byStage(e.model(), r.stagesOf(e.model())), calibration,
                models.resolve(safe));
        StringBuilder b = new StringBuilder();
        b.append("<p><a href=\"../index.html\">\u2190 leaderboard</a></p>\n");
        b.append("<h1>").append(Html.esc(e.model())).append("</h1>\n<table id=\"model-card\"><tbody>\n");
        String[][] kv = {
            {"rank", e.ranked() ? e.rank() + " (interval " + e.rankInterval() + ", tier " + e.tier() + ")"
                    : "unranked: " + e.unranked()},
            {"headline stage", e.anchorStage() == null ? "" : e.anchorStage()},
            {"plugin", e.plugin()},
            {"version (weights SHA-256)", e.version()},
            {"recognisability by other models", Html.pm(e.recognisability(), e.recognisabilitySe(), 3)},
            {"recognisability by humans", Double.isNaN(e.humanRecognisability()) ? "no data"
                    : Html.pm(e.humanRecognisability(), e.humanSe(), 3)},
            {"idiosyncrasy", Html.fixed(Double.isNaN(e.recognisability()) ? Double.NaN : e.idiosyncrasy(), 3)},
            {"natural accuracy (stimuli of the run)", Html.pct(e.naturalAccuracy())},
            {"stage profile mean (not ranked)", Html.pm(e.profileMean(), e.profileMeanSe(), 3)},
            {"stages scored", e.stagesScored() + " of " + e.stagesTotal()},
            {"by humans, PREDICTED (not human data)", Double.isNaN(e.predictedHuman()) ? ""
                    : Html.fixed(e.predictedHuman(), 3) + " \u00b1 " + Html.fixed(e.predictionError(), 2)
                            + " (calibration on human judgments of this set, cross-validated error)"},
            {"other observers", Integer.toString(e.observers())},
            {"run", e.runId() + " (" + e.runDate() + ", harness " + e.harnessVersion() + ")"}
        };
        for (String[] p : kv) {
            if (p[1].isEmpty()) {
                continue; // no PREDICTED row without an in-domain calibration
            }
            b.append("<tr><th>").append(Html.esc(p[0])).append("</th><td>").append(Html.esc(p[1])).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n<h2>By stage</h2>\n").append(HtmlReport.stageTable(mine, r.chance(), calibration, humans, r));
        b.append("<h2>Charts</h2>\n<div class=\"charts\">\n");
        for (ChartFiles.Written w : charts) {
            String png = safe + "/" + w.png().getFileName();
            String svg = safe + "/" + w.svg().getFileName();
            b.append("<figure><img class=\"chart\" alt=\"").append(Html.esc(w.title())).append("\" src=\"")
                    .append(Html.esc(png)).append("\" width=\"").append(Math.min(w.width(), 1100)).append("\">")
                    .append("<figcaption class=\"note\">").append(Html.esc(w.title())).append(" (<a href=\"")
                    .append(Html.esc(svg)).append("\">SVG</a>)</figcaption></figure>\n");
        }
        b.append("</div>\n");
        AtomicFiles.write(models, models.resolve(safe + ".html"), Html.page(e.model() + " - metamer-bench leaderboard",
                b.toString()).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] json(Leaderboard board) throws IOException {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = om.createObjectNode();
        root.put("format", "metamer-bench leaderboard 2");
        root.put("stimulus_set", board.stimulusSet());
        root.put("protocol", board.protocol());
        root.put("ranking_rule", Leaderboard.RANKING_RULE);
        if (board.calibration() != null) {
            root.put("human_prediction", "predicted_human_recognisability is not human data: "
                    + board.calibration().describe());
        } else {
            root.putNull("human_prediction");
        }
        ArrayNode arr = root.putArray("models");
        for (Leaderboard.Entry e : board.entries()) {
            ObjectNode o = arr.addObject();
            if (e.ranked()) {
                o.put("rank", e.rank());
                o.putArray("rank_interval").add(e.rankLow()).add(e.rankHigh());
                o.put("tier", e.tier());
            } else {
                o.putNull("rank");
                o.putNull("rank_interval");
                o.putNull("tier");
            }
            o.put("model", e.model());
            o.put("plugin", e.plugin());
            o.put("version", e.version());
            number(o, "recognisability", e.recognisability());
            number(o, "recognisability_se", e.recognisabilitySe());
            number(o, "human_recognisability", e.humanRecognisability());
            number(o, "human_se", e.humanSe());
            number(o, "predicted_human_recognisability", e.predictedHuman());
            number(o, "prediction_error", e.predictionError());
            number(o, "idiosyncrasy", Double.isNaN(e.recognisability()) ? Double.NaN : e.idiosyncrasy());
            number(o, "natural_accuracy", e.naturalAccuracy());
            o.put("stages_scored", e.stagesScored());
            o.put("stages_total", e.stagesTotal());
            o.put("observers", e.observers());
            o.put("run_id", e.runId());
            o.put("run_date", e.runDate());
            o.put("harness_version", e.harnessVersion());
            if (e.anchorStage() == null) {
                o.putNull("score_stage");
            } else {
                o.put("score_stage", e.anchorStage());
            }
            if (e.unranked() == null) {
                o.putNull("unranked_reason");
            } else {
                o.put("unranked_reason", e.unranked());
            }
            number(o, "stage_profile_mean", e.profileMean());
            number(o, "stage_profile_mean_se", e.profileMeanSe());
            ObjectNode depth = o.putObject("depth_profile");
            double[] d = org.metamerbench.scoring.DepthProfile.of(e.run(), e.model(), e.run().cardStages(e.model()));
            for (int k = 0; k < d.length; k++) {
                number(depth, org.metamerbench.scoring.DepthProfile.BINS.get(k), d[k]);
            }
        }
        ArrayNode notes = root.putArray("notes");
        board.notes().forEach(notes::add);
        return om.writeValueAsBytes(root);
    }

    /** Missing numbers are JSON null, never 0. */
    private static void number(ObjectNode o, String field, double v) {
        if (Double.isNaN(v)) {
            o.putNull(field);
        } else {
            o.put(field, v);
        }
    }
}
