package org.metamerbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.metamerbench.results.OwnedOutput;
import org.metamerbench.leaderboard.Baseline;
import org.metamerbench.leaderboard.Gate;
import org.metamerbench.leaderboard.GateReport;
import org.metamerbench.scoring.RunResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The CI gate. */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = "Compare a candidate run with a stored baseline, per model and stage, on recognisability by "
                + "other models and on pass rate. Exit 1 when a drop exceeds the tolerance and is significant (paired "
                + "bootstrap over stimuli), naming model and stage; 0 otherwise; 2 on unusable input.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no significant drop beyond the tolerance", "1:a regression (named in the output)",
            "2:unusable input (message names the file or field)"})
final class GateCommand implements Callable<Integer> {
    @Option(names = "--baseline", required = true, paramLabel = "FILE", description = "Baseline file from `baseline`")
    Path baseline;

    @Option(names = "--candidate", required = true, paramLabel = "RUN", description = "Result folder to check")
    Path candidate;

    @Option(names = "--tolerance", paramLabel = "X",
            description = "Largest allowed drop of recognisability (0..1) (default: ${DEFAULT-VALUE})")
    double tolerance = Gate.Tolerances.defaults().recognisability();

    @Option(names = "--pass-rate-tolerance", paramLabel = "X",
            description = "Largest allowed drop of pass rate (0..1) (default: ${DEFAULT-VALUE})")
    double passRateTolerance = Gate.Tolerances.defaults().passRate();

    @Option(names = "--alpha", description = "Significance level of the one-sided test (default: ${DEFAULT-VALUE})")
    double alpha = Gate.Tolerances.defaults().alpha();

    @Option(names = "--bootstrap", paramLabel = "N", description = "Bootstrap resamples (default: ${DEFAULT-VALUE})")
    int bootstrap = Gate.Tolerances.defaults().bootstrap();

    @Option(names = "--junit", paramLabel = "FILE", description = "Write a JUnit XML report here "
            + "(an existing file only if this command wrote it)")
    Path junit;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Write a markdown summary here "
            + "(an existing file only if this command wrote it)")
    Path markdown;

    @Option(names = "--all", description = "Print every comparison, not only what moved")
    boolean all;

    @picocli.CommandLine.Mixin
    ForceOption force = new ForceOption();

    @Override
    public Integer call() throws Exception {
        for (Path report : new Path[] {junit, markdown}) {
            if (report != null) {
                OwnedOutput.checkFile(report, GateReport.TOOL, force.force);
            }
        }
        Gate.Tolerances t = new Gate.Tolerances(tolerance, passRateTolerance, alpha, bootstrap, 1);
        Baseline b = Baseline.read(baseline);
        RunResults c = RunResults.load(candidate).requireSealed();
        Gate.Result result = Gate.compare(b, c, t);
        System.out.print(GateReport.table(result, all));
        if (junit != null) {
            GateReport.writeJUnit(result, junit);
        }
        if (markdown != null) {
            GateReport.writeMarkdown(result, markdown);
        }
        return result.failed() ? 1 : 0;
    }
}
