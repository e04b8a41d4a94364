package org.metamerbench.cli;

import java.io.IOException;
import org.metamerbench.reports.HtmlReport;
import org.metamerbench.scoring.RunResults;

/** How every executor's whole run ends: its result table, its folder and its HTML report; the exit code of run. */
final class RunReport {
    /** The exit code of a run (or shard) that finished with a failed job, recorded in its folder. */
    static final int FAILED_JOBS = 3;

    private RunReport() {
    }

    /**
     * Prints the table of {@code run}, writes its report (a report that cannot be built is a warning: the results
     * are stored), and returns 0, or 3 if a job failed.
     */
    static int finish(RunExecutor.Executed run, HumanOptions human) {
        System.out.print(ResultTable.render(run.outcome()));
        System.out.println("results: " + run.folder().toAbsolutePath());
        try {
            RunResults results = RunResults.load(run.folder());
            HtmlReport.Built report = HtmlReport.write(results, human.calibration(results), human.judgments());
            System.out.println("report:  " + report.html().toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            System.err.println("warning: the report could not be built (" + e.getMessage() + "); the results are "
                    + "stored; rebuild it with: metamer-bench report " + run.folder());
        }
        return run.anyFailed() ? FAILED_JOBS : 0;
    }
}
