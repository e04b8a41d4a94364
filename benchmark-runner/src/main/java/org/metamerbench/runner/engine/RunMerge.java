package org.metamerbench.runner.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.metamerbench.results.CsvTable;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.NaturalRow;
import org.metamerbench.results.RecognitionRow;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.results.RunRecord;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.scoring.StageScore;

/**
 * The merge: the run's tables, each written once, from the jobs' parts joined in plan order (cell for
 * cell as the jobs wrote them) and the panel's classes of the natural stimuli; then the scores, computed from
 * the rows the merge holds.
 */
final class RunMerge {
    private RunMerge() {
    }

    /** The rows of a run's tables, as the merge wrote them. */
    record Tables(List<MetamerRow> metamers, List<RecognitionRow> recognition, List<RunResults.LossPoint> lossCurves) {
    }

    /**
     * Writes the metamers, recognition, loss-curve and null-distribution tables from the parts of {@code jobs};
     * returns the rows written, for the run to score.
     */
    static Tables tables(Path runDir, List<RunPlan.Job> jobs) throws IOException {
        List<MetamerRow> metamers = new ArrayList<>();
        for (CsvTable.Row r : CsvTable.concat(runDir, runDir.resolve(ResultFiles.METAMERS_CSV), MetamerRow.HEADER,
                JobOutput.parts(runDir, jobs, ResultFiles.METAMERS_CSV))) {
            metamers.add(MetamerRow.from(r));
        }
        List<RecognitionRow> recognition = new ArrayList<>();
        for (CsvTable.Row r : CsvTable.concat(runDir, runDir.resolve(ResultFiles.RECOGNITION_CSV),
                RecognitionRow.HEADER, JobOutput.parts(runDir, jobs, ResultFiles.RECOGNITION_CSV))) {
            recognition.add(RecognitionRow.from(r));
        }
        List<RunResults.LossPoint> curves = new ArrayList<>();
        for (CsvTable.Row r : CsvTable.concat(runDir, runDir.resolve(ResultFiles.LOSS_CURVES_CSV),
                ResultFiles.LOSS_CURVES_HEADER, JobOutput.parts(runDir, jobs, ResultFiles.LOSS_CURVES_CSV))) {
            curves.add(RunResults.LossPoint.from(r));
        }
        CsvTable.concat(runDir, runDir.resolve(ResultFiles.NULL_CSV), JobOutput.nullHeader(),
                JobOutput.parts(runDir, jobs, ResultFiles.NULL_CSV));
        return new Tables(List.copyOf(metamers), List.copyOf(recognition), List.copyOf(curves));
    }

    /**
     * The run that {@code record} and its tables describe, scored from the rows the merge holds (nothing is read
     * back from the files just written).
     */
    static RunResults results(Path runDir, RunRecord record, Tables tables, List<NaturalRow> natural)
            throws IOException {
        return RunResults.of(runDir, record, tables.metamers(), tables.recognition(), natural, tables.lossCurves());
    }

    /** Writes natural.csv: the panel's classes of the natural stimuli. */
    static void natural(Path runDir, List<NaturalRow> natural) throws IOException {
        CsvTable.write(runDir, runDir.resolve(ResultFiles.NATURAL_CSV), NaturalRow.HEADER,
                natural.stream().map(NaturalRow::toRow).toList());
    }

    /** Writes scores.csv. */
    static void scores(Path runDir, List<StageScore> scores, double chance) throws IOException {
        if (!scores.isEmpty()) {
            CsvTable.write(runDir, runDir.resolve(ResultFiles.SCORES_CSV), StageScore.HEADER,
                    scores.stream().map(s -> s.toRow(chance)).toList());
        }
    }
}
