package org.metamerbench.results;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tables only a graph run writes: each metamer's drift from its reference ({@value #DRIFT_CSV}), each
 * stimulus's local metamer dimension at each stage ({@value #DIMENSION_CSV}), and the graphs themselves
 * ({@value #GRAPHS_CSV}).
 */
public final class GraphTables {
    public static final String DRIFT_CSV = "graph_drift.csv";
    public static final String DIMENSION_CSV = "metamer_dimension.csv";
    /** Every reference neighbourhood and metamer graph of the run, lossless: see {@link StoredGraph}. */
    public static final String GRAPHS_CSV = "graph_metamers.csv";

    public static final List<String> DRIFT_HEADER = List.of("generator", "stage", "stimulus", "kind",
            "feature_cosine", "hamming", "edge_jaccard", "wl_similarity", "spectral_distance", "accepted");
    public static final List<String> DIMENSION_HEADER = List.of("generator", "stage", "stimulus", "nodes",
            "input_dimensions", "rank", "metamer_dimension", "dimension_share", "log_volume", "tolerance");

    public static final List<String> GRAPHS_HEADER = List.of("graph", "generator", "stage", "stimulus", "node",
            "nodes", "feature_count", "encoding", "features", "neighbours");

    private GraphTables() {
    }

    /** One metamer's drift: feature cosine, Hamming share (NaN for real features), edge Jaccard, WL, spectral. */
    public record DriftRow(String generator, String stage, String stimulus, String kind, double featureCosine,
            double hamming, double edgeJaccard, double wlSimilarity, double spectralDistance, boolean accepted) {
        public List<Object> toRow() {
            return new ArrayList<>(Arrays.asList(generator, stage, stimulus, kind, featureCosine, hamming,
                    edgeJaccard, wlSimilarity, spectralDistance, accepted));
        }

        public static DriftRow from(CsvTable.Row r) throws IOException {
            return new DriftRow(r.get("generator"), r.get("stage"), r.get("stimulus"), r.get("kind"),
                    r.getDouble("feature_cosine"), r.getDouble("hamming"), r.getDouble("edge_jaccard"),
                    r.getDouble("wl_similarity"), r.getDouble("spectral_distance"), r.getBoolean("accepted"));
        }
    }

    /** One stimulus's metamer dimension at one stage: input dimensions minus the Jacobian's numerical rank. */
    public record DimensionRow(String generator, String stage, String stimulus, int nodes, int inputDimensions,
            int rank, double logVolume, double tolerance) {
        public int dimension() {
            return inputDimensions - rank;
        }

        /** The share of the receptive field's input dimensions the stage does not see. */
        public double share() {
            return (double) dimension() / inputDimensions;
        }

        public List<Object> toRow() {
            return List.of(generator, stage, stimulus, nodes, inputDimensions, rank, dimension(), share(), logVolume,
                    tolerance);
        }

        public static DimensionRow from(CsvTable.Row r) throws IOException {
            return new DimensionRow(r.get("generator"), r.get("stage"), r.get("stimulus"), (int) r.getLong("nodes"),
                    (int) r.getLong("input_dimensions"), (int) r.getLong("rank"), r.getDouble("log_volume"),
                    r.getDouble("tolerance"));
        }
    }
}
