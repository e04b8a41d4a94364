package org.metamerbench.leaderboard;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.metamerbench.reports.Html;
import org.metamerbench.results.CsvTable;
import org.metamerbench.scoring.GraphSummary;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.scoring.StageScore;

/**
 * The leaderboard's graph table: for each graph model of the board and each of its stages, the pass rate, the other
 * models' recognition of its accepted metamers (+- SE) beside their accuracy on the same natural stimuli, the metamer
 * dimension and how far its metamers drift from their references. Shown beside the ranking, never ranked: a model
 * author chooses the stages, and dimension and drift have no direction that is better.
 */
final class GraphMeasuresTable {
    static final String CSV_FILE = "graph_measures.csv";
    static final List<String> CSV_HEADER = List.of("model", "stage", "metamers", "accepted", "cross_recognition",
            "cross_se", "cross_natural_accuracy", "jacobian_rank", "dimension_share", "log_volume", "feature_cosine",
            "hamming", "edge_jaccard", "wl_similarity", "spectral_distance", "run_id");

    private GraphMeasuresTable() {
    }

    /** Whether the board holds graph runs. */
    static boolean applies(Leaderboard board) {
        return board.entries().stream().anyMatch(e -> e.run().publishedModality().equals("graph"));
    }

    /** Writes {@value #CSV_FILE} into {@code dir} and returns the table's HTML. */
    static String write(Leaderboard board, Map<RunResults, List<StageScore>> stageScores, Path dir)
            throws IOException {
        List<List<?>> csv = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (Leaderboard.Entry e : board.entries()) {
            List<StageScore> scores = stageScores.get(e.run());
            for (GraphSummary g : GraphSummary.of(e.run().dir())) {
                if (!g.generator().equals(e.model())) {
                    continue;
                }
                StageScore s = scores.stream().filter(x -> x.generator().equals(g.generator())
                        && x.stage().equals(g.stage())).findFirst().orElse(null);
                int metamers = s == null ? 0 : s.metamers();
                int accepted = s == null ? 0 : s.accepted();
                double cross = s == null ? Double.NaN : s.cross();
                double crossSe = s == null ? Double.NaN : s.crossSe();
                double natural = s == null ? Double.NaN : s.crossNatural();
                csv.add(List.of(e.model(), g.stage(), metamers, accepted, cross, crossSe, natural, g.rank(),
                        g.dimensionShare(), g.logVolume(), g.featureCosine(), g.hamming(), g.edgeJaccard(),
                        g.wlSimilarity(), g.spectralDistance(), e.runId()));
                rows.add(Html.td(e.model()) + Html.td(g.stage())
                        + Html.tdNum(accepted, accepted + " of " + metamers)
                        + Html.tdNum(cross, Html.pm(cross, crossSe, 3))
                        + Html.tdNum(natural, Html.fixed(natural, 3))
                        + Html.tdNum(g.rank(), Html.fixed(g.rank(), 1))
                        + Html.tdNum(g.dimensionShare(), Html.fixed(g.dimensionShare(), 4))
                        + Html.tdNum(g.logVolume(), Html.fixed(g.logVolume(), 1))
                        + Html.tdNum(g.featureCosine(), Html.fixed(g.featureCosine(), 3))
                        + Html.tdNum(g.edgeJaccard(), Html.fixed(g.edgeJaccard(), 3))
                        + Html.tdNum(g.wlSimilarity(), Html.fixed(g.wlSimilarity(), 3))
                        + Html.tdNum(g.spectralDistance(), Html.fixed(g.spectralDistance(), 3)));
            }
        }
        CsvTable.write(dir, dir.resolve(CSV_FILE), CSV_HEADER, csv);
        return "<h2 id=\"graph-measures\">Graph measures (shown, never ranked)</h2>\n<p class=\"note\">People do not "
                + "judge graphs (the seed work on graph metamers has no human part), so the human column of a graph "
                + "board is empty by design. Per model and stage: metamers accepted; the panel's recognition of the "
                + "accepted ones (+- SE) beside the same observers' accuracy on those natural stimuli; the mean "
                + "numerical rank of the Jacobian of the stimulus node's activation by its receptive field's features, "
                + "the share of those dimensions the stage does not see, and the log-volume; the metamers' feature "
                + "cosine, edge Jaccard, Weisfeiler-Lehman similarity and Laplacian spectral distance to their "
                + "references. Data: <a href=\"" + CSV_FILE + "\">" + CSV_FILE + "</a>.</p>\n"
                + Html.table("graph-measures", List.of(Html.th("model", ""), Html.th("stage", ""),
                        Html.th("accepted", "metamers accepted, of those made"),
                        Html.th("recognition \u00b1 SE", "by the panel, accepted metamers"),
                        Html.th("natural", "the same observers' accuracy on the natural stimuli"),
                        Html.th("rank", "mean Jacobian rank"), Html.th("dim. share", "share of dimensions unseen"),
                        Html.th("log-volume", "sum of log singular values"), Html.th("cosine", "feature cosine"),
                        Html.th("Jaccard", "edge Jaccard"), Html.th("WL", "WL subtree kernel similarity"),
                        Html.th("spectral", "Laplacian spectral distance")), rows);
    }
}
