package org.metamerbench.reports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.metamerbench.scoring.GraphSummary;

/** The part of a run's report only a graph run has: the metamer dimension and the drift of each job's metamers. */
final class GraphSection {
    private GraphSection() {
    }

    /** The section for the run in {@code dir}; empty for a run not on graphs. */
    static String of(Path dir) throws IOException {
        List<GraphSummary> summaries = GraphSummary.of(dir);
        if (summaries.isEmpty()) {
            return "";
        }
        List<String> rows = new ArrayList<>();
        for (GraphSummary g : summaries) {
            rows.add(Html.td(g.generator()) + Html.td(g.stage()) + num(g.rank(), 1) + num(g.dimensionShare(), 4)
                    + num(g.logVolume(), 1) + num(g.featureCosine(), 3) + num(g.hamming(), 4)
                    + num(g.edgeJaccard(), 3) + num(g.wlSimilarity(), 3) + num(g.spectralDistance(), 3));
        }
        return "<h2 id=\"graph\">Metamer dimension and drift</h2>\n<p class=\"note\">Per generator and stage, means "
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
