package org.metamerbench.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.metamerbench.leaderboard.Leaderboard;
import org.metamerbench.leaderboard.LeaderboardSite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The public leaderboard, built from stored result folders. */
@Command(name = "leaderboard", mixinStandardHelpOptions = true,
        description = "Build the leaderboard site from result folders.",
        subcommands = {LeaderboardCommand.Build.class})
final class LeaderboardCommand extends CommandGroup {

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Aggregate result folders (same stimulus-set version and protocol; mixing is refused) into a "
                    + "static site: index.html with a sortable table and the ranking rule, a page per model with its "
                    + "charts, leaderboard.csv and leaderboard.json. With --verify (the default) each folder's tables "
                    + "are first checked against a recomputation from its stored metamers; no metamer is synthesised.")
    static final class Build implements Callable<Integer> {
        @Option(names = "--results", arity = "1..*", required = true, paramLabel = "DIR",
                description = "Result folders, e.g. results/<run-id> (a model in several is taken from the newest)")
        List<Path> results;

        @Option(names = "--out", required = true, paramLabel = "SITE",
                description = "Site folder: created, or replaced if this command wrote it and nothing was added")
        Path out;

        @picocli.CommandLine.Mixin
        ForceOption force = new ForceOption();


        @picocli.CommandLine.Mixin
        HumanOptions human = new HumanOptions();

        @Option(names = "--no-verify", negatable = true, description = "Recompute every folder's acceptance and its "
                + "panel's answers from the stored metamers and the models the run names, and refuse a folder whose "
                + "tables disagree (default: on; --no-verify for folders you produced yourself)")
        boolean verify = true;

        @picocli.CommandLine.Mixin
        PluginOptions pluginOptions = new PluginOptions();

        @Override
        public Integer call() throws Exception {
            long t = System.nanoTime();
            if (verify) {
                org.metamerbench.runner.engine.ModelRegistry registry = pluginOptions.registry();
                List<String> refused = new java.util.ArrayList<>();
                for (Path r : results) {
                    var v = org.metamerbench.runner.engine.RunVerification.verify(r, registry, m -> { });
                    if (v.agrees()) {
                        System.out.printf(Locale.ROOT, "verified %s: %d metamers judged and %d answers given again, "
                                + "as the tables say (%.1f s)%n", r, v.metamers(), v.answers(), v.seconds());
                    } else {
                        refused.add(r + ": " + v.disagreements() + " disagreement(s) with the recomputation:\n  "
                                + String.join("\n  ", v.findings()) + (v.disagreements() > v.findings().size()
                                ? "\n  ..." : ""));
                    }
                }
                if (!refused.isEmpty()) {
                    throw new IllegalArgumentException("refused by --verify: " + String.join("\n", refused));
                }
            }
            // Image, audio and graph models are ranked apart: one leaderboard per modality (each holds one stimulus set,
            // checked by build), each with its own calibration; images first, at the site's root.
            java.util.Map<String, List<Path>> byModality = new java.util.TreeMap<>(java.util.Comparator
                    .comparing((String m) -> !m.equals("image")).thenComparing(m -> m));
            for (Path r : results) {
                byModality.computeIfAbsent(org.metamerbench.scoring.RunResults.load(r).publishedModality(),
                        k -> new java.util.ArrayList<>()).add(r);
            }
            if (byModality.isEmpty()) {
                byModality.put("image", results);
            }
            java.util.Map<String, Leaderboard> boards = new java.util.LinkedHashMap<>();
            for (var e : byModality.entrySet()) {
                boolean graphs = e.getKey().equals("graph"); // people do not judge graphs: no human data applies
                boards.put(e.getKey().equals("image") ? "images" : graphs ? "graphs" : "audio",
                        graphs ? Leaderboard.build(e.getValue(), null, null) : Leaderboard.build(e.getValue(),
                        human.calibration(org.metamerbench.scoring.RunResults.load(e.getValue().get(0))),
                        human.judgments()));
            }
            Path index = LeaderboardSite.write(boards, out, force.force);
            for (var section : boards.entrySet()) {
                print(section.getKey(), section.getValue());
            }
            System.out.printf(Locale.ROOT, "site: %s (%.1f s)%n", index, (System.nanoTime() - t) / 1e9);
            return 0;
        }

        private static void print(String section, Leaderboard board) {
            System.out.println("== " + section + ": " + board.stimulusSet());
            boolean predicted = board.calibration() != null;
            String format = "%-5s %-9s %-5s %-16s %-22s %-16s %-10s " + (predicted ? "%-22s " : "%s") + "%s%n";
            System.out.printf(Locale.ROOT, format, "rank", "interval", "tier", "model", "recognisability +- SE",
                    "profile mean", "by humans", predicted ? "humans (PREDICTED)" : "", "run");
            for (Leaderboard.Entry e : board.entries()) {
                System.out.printf(Locale.ROOT, format, e.ranked() ? e.rank() : "-", e.rankInterval(),
                        e.ranked() ? e.tier() : "", e.model(),
                        Double.isNaN(e.recognisability()) ? "unranked" : String.format(Locale.ROOT, "%.3f +- %.3f",
                                e.recognisability(), e.recognisabilitySe()),
                        Double.isNaN(e.profileMean()) ? "missing" : String.format(Locale.ROOT, "%.3f +- %.3f",
                                e.profileMean(), e.profileMeanSe()),
                        section.equals("graphs") ? "not judged" : Double.isNaN(e.humanRecognisability())
                                ? "no data" : String.format(Locale.ROOT, "%.3f", e.humanRecognisability()),
                        !predicted ? "" : Double.isNaN(e.predictedHuman()) ? "-" : String.format(Locale.ROOT,
                                "%.3f +- %.2f", e.predictedHuman(), e.predictionError()), e.runId());
            }
            if (!predicted) {
                System.out.println("humans: " + org.metamerbench.reports.HtmlReport.NO_PREDICTION);
            }
            board.entries().stream().filter(e -> !e.ranked())
                    .forEach(e -> System.out.println("unranked: " + e.model() + ": " + e.unranked()));
            System.out.println("separation, headline score: " + board.separation());
            System.out.println("separation, stage-profile mean (not ranked): " + board.profileSeparation());
            System.out.println("spread of the headline score: " + board.seedSpread());
            board.notes().forEach(n -> System.out.println("note: " + n));
        }
    }
}
