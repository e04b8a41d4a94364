package org.metamerbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.metamerbench.results.OwnedOutput;
import org.metamerbench.leaderboard.Baseline;
import org.metamerbench.scoring.RunResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes the gate's baseline file from a run. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "Write a baseline file for `gate` from a result folder: per model, stage and stimulus, whether "
                + "the metamer was accepted and recognised, with the stimulus set, protocol and model versions.")
final class BaselineCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "Result folder")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Baseline file to write (JSON); an "
            + "existing file is overwritten only if this command wrote it")
    Path out;

    @picocli.CommandLine.Mixin
    ForceOption force = new ForceOption();

    @Override
    public Integer call() throws Exception {
        RunResults r = RunResults.load(run);
        if (!r.status().equals("complete")) {
            throw new IllegalArgumentException(run + ": run status is '" + r.status() + "'; a baseline needs a "
                    + "complete run");
        }
        r.requireSealed();
        OwnedOutput.checkFile(out, Baseline.TOOL, force.force);
        Baseline b = Baseline.of(r);
        b.write(out);
        System.out.println("baseline of " + r.runId() + " (" + b.stages().size() + " model x stage records, "
                + b.stimuli().size() + " stimuli): " + out);
        return 0;
    }
}
