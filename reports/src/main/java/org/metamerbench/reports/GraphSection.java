package org.metamerbench.reports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.metamerbench.scoring.GraphSummary;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.scoring.StageScore;

/**
 * The part of a run's report only a graph run has: charts by architecture and stage, and the metamer dimension and
 * drift of each job's metamers.
 */
final class GraphSection {
    private GraphSection() {
    }

    /**
     * The section for the run {@code r} (empty for a run not on graphs): charts by architecture and stage, written
     * into {@code charts} and added to {@code written}, and the table of dimension and drift.
     */
    static String of(RunResults r, List<StageScore> scores, Path charts, List<ChartFiles.Written> written)
            throws IOException {
        List<GraphSummary> summaries = GraphSummary.of(r.dir());
        if (summaries.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<h2 id=\"graph\">By architecture and stage</h2>\n<p class=\"note\">"
                + "Pass rate; the other graph models' recognition of the accepted metamers (+- SE over stimuli and "
                + "observers; a stage with fewer than half of its metamers accepted is not scored, and its bar rests "
                + "on the few accepted) beside the same observers' accuracy on the natural stimuli; and the metamer "
                + "dimension. A missing bar is a value that was not measured.</p>\n<div class=\"charts\">\n");
        List<org.knowm.xchart.CategoryChart> made = new ArrayList<>();
        made.add(GraphCharts.passRate(scores));
        made.add(GraphCharts.recognition(scores, r.chance()));
        made.add(GraphCharts.dimension(summaries));
        String[] names = {"graph-pass-rate", "graph-recognition", "graph-dimension"};
        for (int k = 0; k < made.size(); k++) {
            if (made.get(k) != null) {
                ChartFiles.Written w = ChartFiles.write(made.get(k), charts, names[k]);
                written.add(w);
                b.append(HtmlReport.figure(w, r.dir()));
            }
        }
        b.append("</div>\n");
        List<String> rows = new ArrayList<>();
        for (GraphSummary g : summaries) {
            rows.add(Html.td(g.generator()) + Html.td(g.stage()) + num(g.rank(), 1) + num(g.dimensionShare(), 4)
                    + num(g.logVolume(), 1) + num(g.featureCosine(), 3) + num(g.hamming(), 4)
                    + num(g.edgeJaccard(), 3) + num(g.wlSimilarity(), 3) + num(g.spectralDistance(), 3));
        }
        return b + "<h3>Metamer dimension and drift</h3>\n<p class=\"note\">Per generator and stage, means "
                + "over the stimuli (dimension) and over all metamers, accepted or not (drift). Rank: the numerical "
                + "rank of the Jacobian of the stimulus node's activation by the features of its receptive field; "
                + "dimension share: the share of those feature dimensions the stage does not see; log-volume: the "
                + "sum of the log singular values. Drift: feature cosine and Hamming share (binary features), edge "
                + "Jaccard, Weisfeiler-Lehman subtree kernel similarity, Laplacian spectral distance; a measure that "
                + "does not apply is missing. Per stimulus: graph_drift.csv and metamer_dimension.csv.</p>\n"
                + Html.table("graph-measures", List.of(Html.th("generator", ""), Html.th("stage", ""),
                Html.th("rank", "mean rank of the centre's Jacobian"), Html.th("dim. share", "mean share of the "
                + "receptive field's feature dimensions the stage does not see"), Html.th("log-volume", ""),
                Html.th("cosine", "feature cosine"), Html.th("Hamming", "share of feature entries changed"),
                Html.th("Jaccard", "edge Jaccard"), Html.th("WL", "WL subtree kernel similarity"),
                Html.th("spectral", "Laplacian spectral distance")), rows);
    }

    private static String num(double v, int digits) {
        return Html.tdNum(v, Html.fixed(v, digits));
    }
}
