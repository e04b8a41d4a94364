package org.metamerbench.reports;

import org.metamerbench.scoring.HumanCalibration;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.scoring.StageScore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.metamerbench.api.harness.SafeName;

/** The charts of one generator, written as PNG and SVG into a folder. */
public final class GeneratorCharts {
    /** Rows per class in a metamer grid. */
    public static final int GRID_ROWS_PER_CLASS = 2;

    private GeneratorCharts() {
    }

    /**
     * Recognition by stage, pass rate by stage, loss curves and the metamers of {@code generator}: a grid of
     * pictures or, on graphs, {@link NeighbourhoodPicture}.
     *
     * @param human       stage -> {mean, SE} of human recognition, empty where no human data exists
     * @param calibration predicts human recognition from other models' (shown as a prediction); may be null
     */
    public static List<ChartFiles.Written> write(RunResults r, String generator, List<StageScore> scores,
            Map<String, double[]> human, HumanCalibration calibration, Path dir) throws IOException {
        String base = SafeName.check("model id", generator);
        List<ChartFiles.Written> out = new ArrayList<>();
        out.add(ChartFiles.write(Charts.recognitionByStage(r, generator, scores, human, calibration), dir, base + "-recognition"));
        out.add(ChartFiles.write(Charts.passRate(r, generator), dir, base + "-pass-rate"));
        out.add(ChartFiles.write(Charts.lossCurves(r, generator), dir, base + "-loss"));
        if (!r.publishedModality().equals("graph")) {
            out.add(ChartFiles.write(MetamerGrid.of(r, generator, GRID_ROWS_PER_CLASS), dir, base + "-metamers"));
        } else {
            NeighbourhoodPicture graphs = NeighbourhoodPicture.of(r, generator);
            if (graphs != null) { // a folder without graph_metamers.csv has no graphs to draw
                out.add(ChartFiles.write(graphs, dir, base + "-metamers"));
            }
        }
        return out;
    }
}
