package org.metamerbench.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.metamerbench.scoring.GraphSummary;

/** The graph measurements of a run as a table for the terminal: metamer dimension and drift per job. */
final class GraphSummaryTable {
    private GraphSummaryTable() {
    }

    static String render(Path runDir) throws IOException {
        List<GraphSummary> rows = GraphSummary.of(runDir);
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%n%-14s %-8s %6s %11s %10s %8s %8s %8s "
                + "%8s %9s%n", "generator", "stage", "rank", "dim. share", "log vol.", "cosine", "Hamming", "Jaccard", "WL",
                "spectral"));
        for (GraphSummary g : rows) {
            sb.append(String.format(Locale.ROOT, "%-14s %-8s %6s %11s %10s %8s %8s %8s %8s %9s%n",
                    g.generator(), g.stage(), f(g.rank(), "%.1f"), f(g.dimensionShare(), "%.4f"), f(g.logVolume(), "%.1f"),
                    f(g.featureCosine(), "%.3f"),
                    f(g.hamming(), "%.4f"), f(g.edgeJaccard(), "%.3f"), f(g.wlSimilarity(), "%.3f"),
                    f(g.spectralDistance(), "%.3f")));
        }
        sb.append("(means over the stimuli and metamers of each job; rank: of the centre's Jacobian; dim. share: "
                + "the share of the receptive field's feature dimensions the stage does not see; people do not judge "
                + "graphs: no human part)\n");
        return sb.toString();
    }

    private static String f(double v, String fmt) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, fmt, v);
    }
}
