package org.metamerbench.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.metamerbench.results.OwnedOutput;
import org.metamerbench.datasets.human.HumanDatasets;
import org.metamerbench.datasets.human.PublishedData;
import org.metamerbench.datasets.human.StimulusCatalogue;
import org.metamerbench.datasets.human.SummaryFile;
import org.metamerbench.datasets.human.TrialFile;
import org.metamerbench.scoring.HumanCalibration;
import org.metamerbench.scoring.PublishedAnalysis;
import org.metamerbench.reports.PublishedReport;
import org.metamerbench.scoring.RunResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Stored human judgments: the published data of Feather et al. 2023, and validation of judgment files. */
@Command(name = "humans", mixinStandardHelpOptions = true,
        description = "Stored human judgments: analyse the published data, validate judgment files.",
        subcommands = {HumansCommand.Report.class, HumansCommand.Validate.class})
final class HumansCommand extends CommandGroup {

    /** Finds and loads the published data. */
    static PublishedData published(Path data) throws IOException {
        return PublishedData.load(data != null ? data : PublishedData.locate());
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Reproduce the analysis of Feather et al. 2023 from their stored data: human recognition by "
                    + "stage per experiment and model (mean +- SEM), the human vs other-model relation (Spearman rho, "
                    + "Pearson R^2) for images and audio, and the calibration of human from other-model recognition "
                    + "(leave-one-model-out error). Writes an HTML page with charts.")
    static final class Report implements Callable<Integer> {
        @Option(names = "--data", paramLabel = "DIR", description = "Folder with human_recognition.csv and "
                + "cross_model_recognition.csv (default: $" + PublishedData.ENV + ", then shared/datasets/feather2023 "
                + "above the working directory, then the copy that ships with the harness)")
        Path data;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for index.html and charts/: "
                + "created, or replaced if this command wrote it and nothing was added")
        Path out;

        @picocli.CommandLine.Mixin
        ForceOption force = new ForceOption();

        @Override
        public Integer call() throws Exception {
            long t = System.nanoTime();
            PublishedData d = published(data);
            PublishedAnalysis a = PublishedAnalysis.of(d);
            System.out.printf(Locale.ROOT, "%s: %d human summary rows, %d cross-model rows%n", d.where(), d.human().size(),
                    d.crossModel().size());
            System.out.printf(Locale.ROOT, "%-6s %11s %13s %11s%n", "", "conditions", "Spearman rho", "Pearson R^2");
            for (String m : List.of("image", "audio")) {
                PublishedAnalysis.Relation r = a.relation(m);
                if (r != null) {
                    System.out.printf(Locale.ROOT, "%-6s %11d %13.3f %11.3f%n", m, r.conditions().size(), r.spearman(),
                            r.pearsonR2());
                }
            }
            PublishedAnalysis.Curve c = a.curve("image", "1", "resnet50");
            if (c != null) {
                System.out.print("image experiment 1, resnet50, humans:");
                for (String s : List.of("natural_image", "layer4_fake_relu", "avgpool")) {
                    PublishedAnalysis.StagePoint p = c.stage(s);
                    if (p != null) {
                        System.out.printf(Locale.ROOT, "  %s %.3f +- %.3f (n %d)", s, p.human(), p.humanSem(),
                                p.participants());
                    }
                }
                System.out.println();
            }
            HumanCalibration cal = HumanCalibration.fit(a.relation("image"));
            System.out.println("calibration (images): " + cal.describe());
            Path html = OwnedOutput.replaceFolder(out, "humans report", force.force,
                    dir -> PublishedReport.write(a, cal, dir, d.dir())).resolve(PublishedReport.INDEX);
            System.out.printf(Locale.ROOT, "report: %s (%.1f s)%n", html, (System.nanoTime() - t) / 1e9);
            return 0;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Validate human-judgment files (*.trials.csv: trial level; *.summary.csv: per participant). "
                    + "Every problem is printed as file:line:column. Exit 0 if all are valid, 2 otherwise.")
    static final class Validate implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "FILE")
        List<Path> files;

        @Option(names = "--run", paramLabel = "RUN", description = "Result folder whose stimuli trial files may show")
        Path run;

        @Option(names = "--catch-threshold", description = "Participants below this share of correct catch trials "
                + "are reported as excluded (default: ${DEFAULT-VALUE})")
        double catchThreshold = 0.75;

        @Override
        public Integer call() throws Exception {
            StimulusCatalogue catalogue = null;
            if (run != null) {
                RunResults r = RunResults.load(run);
                // Catch trials show images of the run's null pool (see experiment build).
                catalogue = StimulusCatalogue.fromRun(run, r.classLabels(), r.nullPool());
            }
            int bad = 0;
            for (Path f : files) {
                try {
                    if (f.getFileName().toString().endsWith(HumanDatasets.SUMMARY_SUFFIX)) {
                        System.out.printf("%s: valid, %d participant x condition rows%n", f, SummaryFile.read(f).size());
                    } else {
                        var trials = TrialFile.read(f, catalogue);
                        var failing = TrialFile.failingCatchTrials(trials, catchThreshold);
                        System.out.printf("%s: valid, %d trials, %d participants, %d excluded by catch trials %s%n", f,
                                trials.size(), TrialFile.participants(trials).size(), failing.size(),
                                failing.isEmpty() ? "" : failing.toString());
                    }
                } catch (IOException e) {
                    bad++;
                    System.out.println(e.getMessage());
                }
            }
            return bad == 0 ? 0 : 2;
        }
    }
}
