package org.metamerbench.scoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metamerbench.results.CsvTable;
import org.metamerbench.results.GraphTables;

/**
 * A graph run's measurements per generator x stage: the stimuli's metamer dimension (the Jacobian's mean rank, the
 * mean share of the receptive field's input dimensions the stage does not see, and the mean log-volume) and the metamers' drift from their
 * references (means over all metamers, NaN where a measure does not apply, e.g. Hamming for real features).
 */
public record GraphSummary(String generator, String stage, int stimuli, double rank, double dimensionShare,
        double logVolume,
        int metamers, double featureCosine, double hamming, double edgeJaccard, double wlSimilarity,
        double spectralDistance) {

    /** The summaries of the run in {@code dir}, in the order its tables list the jobs; empty for a run not on graphs. */
    public static List<GraphSummary> of(Path dir) throws IOException {
        Map<String, List<GraphTables.DriftRow>> drift = new LinkedHashMap<>();
        Map<String, List<GraphTables.DimensionRow>> dims = new LinkedHashMap<>();
        Path d = dir.resolve(GraphTables.DRIFT_CSV);
        if (!Files.isRegularFile(d)) {
            return List.of();
        }
        for (CsvTable.Row r : CsvTable.read(d, GraphTables.DRIFT_HEADER)) {
            GraphTables.DriftRow row = GraphTables.DriftRow.from(r);
            drift.computeIfAbsent(row.generator() + "\n" + row.stage(), k -> new ArrayList<>()).add(row);
        }
        Path m = dir.resolve(GraphTables.DIMENSION_CSV);
        if (Files.isRegularFile(m)) {
            for (CsvTable.Row r : CsvTable.read(m, GraphTables.DIMENSION_HEADER)) {
                GraphTables.DimensionRow row = GraphTables.DimensionRow.from(r);
                dims.computeIfAbsent(row.generator() + "\n" + row.stage(), k -> new ArrayList<>()).add(row);
            }
        }
        List<GraphSummary> out = new ArrayList<>();
        for (Map.Entry<String, List<GraphTables.DriftRow>> e : drift.entrySet()) {
            String[] key = e.getKey().split("\n", 2);
            List<GraphTables.DriftRow> rows = e.getValue();
            List<GraphTables.DimensionRow> dr = dims.getOrDefault(e.getKey(), List.of());
            out.add(new GraphSummary(key[0], key[1], dr.size(),
                    dr.isEmpty() ? Double.NaN : Stats.mean(dr.stream().mapToDouble(GraphTables.DimensionRow::rank)
                            .toArray()),
                    dr.isEmpty() ? Double.NaN : Stats.mean(dr.stream().mapToDouble(GraphTables.DimensionRow::share)
                            .toArray()),
                    dr.isEmpty() ? Double.NaN : Stats.mean(dr.stream().mapToDouble(GraphTables.DimensionRow::logVolume)
                            .toArray()), rows.size(),
                    mean(rows.stream().mapToDouble(GraphTables.DriftRow::featureCosine).toArray()),
                    mean(rows.stream().mapToDouble(GraphTables.DriftRow::hamming).toArray()),
                    mean(rows.stream().mapToDouble(GraphTables.DriftRow::edgeJaccard).toArray()),
                    mean(rows.stream().mapToDouble(GraphTables.DriftRow::wlSimilarity).toArray()),
                    mean(rows.stream().mapToDouble(GraphTables.DriftRow::spectralDistance).toArray())));
        }
        return out;
    }

    /** The mean of the values, NaN if any is NaN (a measure that does not apply is absent, never averaged in). */
    private static double mean(double[] v) {
        for (double x : v) {
            if (Double.isNaN(x)) {
                return Double.NaN;
            }
        }
        return Stats.mean(v);
    }
}
