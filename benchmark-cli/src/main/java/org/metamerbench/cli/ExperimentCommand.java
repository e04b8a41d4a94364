package org.metamerbench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.metamerbench.results.OwnedOutput;
import org.metamerbench.datasets.human.HumanDatasets;
import org.metamerbench.datasets.human.Trial;
import org.metamerbench.datasets.human.TrialFile;
import org.metamerbench.runner.experiment.ExperimentPlan;
import org.metamerbench.runner.experiment.ExperimentServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A browser experiment that collects human judgments of a run's metamers. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Collect real human judgments of a run's metamers in the browser.",
        subcommands = {ExperimentCommand.Build.class, ExperimentCommand.Serve.class, ExperimentCommand.Import.class})
final class ExperimentCommand extends CommandGroup {

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Draw the trials from a run: each participant sees (or, for a run on sounds, hears once) "
                    + "each reference stimulus once, in one condition (an accepted generator x stage metamer or the "
                    + "natural stimulus), conditions balanced over participants; catch trials with natural training "
                    + "stimuli. Writes experiment.json and the pictures or WAV files into DIR.")
    static final class Build implements Callable<Integer> {
        @Option(names = "--run", paramLabel = "RUN", description = "Result folder (not with --mame)")
        Path run;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @picocli.CommandLine.ArgGroup(exclusive = false, heading = "%nMAME (an ABX experiment whose staircases adapt "
                + "to each participant's answers; its images are made by the server):%n")
        MameBuild mame;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Experiment folder: created, or "
                + "replaced if this command wrote it and it holds nothing else (no answers)")
        Path out;

        @picocli.CommandLine.Mixin
        ForceOption force = new ForceOption();

        @Option(names = "--name", description = "Experiment id recorded with every trial (default: the run id)")
        String name;

        @Option(names = "--participants", description = "Participant codes to prepare (default: ${DEFAULT-VALUE})")
        int participants = 20;

        @Option(names = "--catch", description = "Catch trials per participant (default: ${DEFAULT-VALUE})")
        int catchTrials = 4;

        @Option(names = "--seed", description = "(default: ${DEFAULT-VALUE})")
        long seed = 1;

        @Override
        public Integer call() throws Exception {
            if (mame != null) {
                if (spec.commandLine().getParseResult().hasMatchedOption("--catch")) {
                    throw new IllegalArgumentException("--catch: a MAME experiment places its catch trials with "
                            + "--catch-every N (one after every N staircase trials)");
                }
                if (run != null) {
                    throw new IllegalArgumentException("--run: a MAME experiment makes its images online from the "
                            + "generator's dimensions, not from a run");
                }
                return mame.build(out, force.force, name != null ? name : "mame", participants, seed);
            }
            if (run == null) {
                throw new IllegalArgumentException("--run RUN is required (or --mame)");
            }
            String experiment = org.metamerbench.api.harness.SafeName.check("experiment name",
                    name != null ? name : run.getFileName().toString());
            ExperimentPlan[] built = new ExperimentPlan[1];
            OwnedOutput.replaceFolder(out, "experiment build", force.force, dir -> built[0] = ExperimentPlan.build(run,
                    dir, experiment, participants, catchTrials, seed));
            ExperimentPlan p = built[0];
            String first = p.participants().keySet().iterator().next();
            System.out.printf("%s: %d participants x %d trials (%d catch); participant codes (also in %s):%n", out,
                    p.participants().size(), p.trials(first), catchTrials, ExperimentPlan.CODES_FILE);
            p.participants().keySet().forEach(c -> System.out.println("  " + c));
            return 0;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serve the experiment on a local web server. Every answered trial is appended to "
                    + "DIR/trials.csv as it arrives; restarted, the server continues where each participant stopped.")
    static final class Serve implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Experiment folder from `experiment build`")
        Path dir;

        @Option(names = "--port", description = "(default: ${DEFAULT-VALUE})")
        int port = 8080;

        @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only)")
        String host = "127.0.0.1";

        @Override
        public Integer call() throws Exception {
            AutoCloseable s;
            int port;
            int answered;
            if (org.metamerbench.space.MameExperiment.isMame(dir)) {
                MameBuild.Served m = MameBuild.serve(dir, host, this.port);
                s = m;
                port = m.server().port();
                answered = m.server().answeredCount();
            } else {
                ExperimentServer e = ExperimentServer.start(dir, host, this.port);
                s = e;
                port = e.port();
                answered = e.answeredCount();
            }
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    s.close();
                } catch (Exception e) {
                    System.err.println("closing the server: " + e.getMessage());
                }
                stop.countDown();
            }));
            System.out.printf("experiment at http://%s:%d/ (%d trials already answered); Ctrl-C stops%n", host,
                    port, answered);
            stop.await();
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Validate an experiment's trials.csv and add it to a human-judgment folder as "
                    + "<experiment>.trials.csv (merged with the judgments already there, each trial once).")
    static final class Import implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Experiment folder")
        Path dir;

        @Option(names = "--into", required = true, paramLabel = "HUMANS", description = "Human-judgment folder")
        Path into;

        @Override
        public Integer call() throws Exception {
            ExperimentPlan plan = ExperimentPlan.read(dir);
            List<Trial> fresh = TrialFile.read(dir.resolve(ExperimentPlan.TRIALS_CSV), plan.catalogue(), plan);
            Path target = into.resolve(plan.experiment() + HumanDatasets.TRIALS_SUFFIX);
            Map<String, Trial> merged = new LinkedHashMap<>();
            if (Files.exists(target)) {
                for (Trial t : TrialFile.read(target, plan.catalogue(), plan)) {
                    merged.put(t.participant() + "\u0000" + t.trial(), t);
                }
            }
            int added = 0;
            for (Trial t : fresh) {
                Trial old = merged.putIfAbsent(t.participant() + "\u0000" + t.trial(), t);
                if (old == null) {
                    added++;
                } else if (!old.equals(t)) {
                    throw new IOException(target + ": participant " + t.participant() + " trial " + t.trial()
                            + " is already stored with a different answer; nothing was changed");
                }
            }
            List<List<String>> rows = new ArrayList<>();
            merged.values().forEach(t -> rows.add(TrialFile.cells(t)));
            org.metamerbench.results.CsvTable.write(into, target, TrialFile.HEADER, rows);
            var failing = TrialFile.failingCatchTrials(new ArrayList<>(merged.values()), 0.75);
            System.out.printf("%s: %d trials (%d new) of %d participants; below 75%% on catch trials: %s%n", target,
                    merged.size(), added, TrialFile.participants(new ArrayList<>(merged.values())).size(),
                    failing.isEmpty() ? "none" : failing);
            return 0;
        }
    }
}
