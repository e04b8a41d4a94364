package org.metamerbench.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.metamerbench.reports.HtmlReport;
import org.metamerbench.scoring.RunResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Rebuilds the HTML report and charts of result folders, from the stored files alone. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Rebuild the report of one or more result folders: report.html (self-contained, opens "
                + "offline) and report/charts/*.png|svg. Reads the stored results; runs no model.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Result folder(s), e.g. results/<run-id>")
    List<Path> runs;


    @picocli.CommandLine.Mixin
    HumanOptions human = new HumanOptions();

    @Override
    public Integer call() throws Exception {
        var people = human.judgments();
        for (Path run : runs) {
            long t = System.nanoTime();
            RunResults r = RunResults.load(run);
            HtmlReport.Built b = HtmlReport.write(r, human.calibration(r), people);
            System.out.printf(java.util.Locale.ROOT, "%s (%d charts, %.1f s)%n", b.html(), b.charts().size(),
                    (System.nanoTime() - t) / 1e9);
        }
        return 0;
    }
}
