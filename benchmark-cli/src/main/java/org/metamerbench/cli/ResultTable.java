package org.metamerbench.cli;

import java.util.Locale;
import org.metamerbench.scoring.ModelScore;
import org.metamerbench.scoring.StageScore;
import org.metamerbench.runner.engine.BenchmarkRun;
import org.metamerbench.runner.engine.RunPlan;

/** The table {@code run} ends with. */
final class ResultTable {
    private ResultTable() {
    }

    static String render(BenchmarkRun.Outcome o) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%nRun %s finished%s. Chance = %.3f.%n", o.runDir().getFileName(),
                Double.isNaN(o.seconds()) ? "" : String.format(Locale.ROOT, " in %.0f s", o.seconds()), o.chance()));
        sb.append("Natural-stimulus accuracy of the observers: ");
        o.naturalAccuracy().forEach((m, a) -> sb.append(String.format(Locale.ROOT, "%s %.2f  ", m, a)));
        sb.append(String.format(Locale.ROOT, "%n%n%-14s %-12s %9s %14s %18s %7s%n", "generator", "stage", "pass rate",
                "self recog.", "cross-model +- SE", "(obs)"));
        for (StageScore s : o.scores()) {
            sb.append(String.format(Locale.ROOT, "%-14s %-12s %4d/%-4d %14s %18s %7d%n", s.generator(), s.stage(),
                    s.accepted(), s.metamers(), pct(s.self()), pctSe(s.cross(), s.crossSe()), s.observers()));
        }
        for (BenchmarkRun.JobStatus j : o.jobs()) {
            if (!j.status().equals("ok")) {
                sb.append(String.format(Locale.ROOT, "%-14s %-12s FAILED: %s%n", j.generator(), j.stage(), j.reason()));
            }
        }
        o.modelFailures().forEach((m, why) -> sb.append(String.format(Locale.ROOT, "%-14s %-12s %s%n", m, "(observer)",
                why.startsWith(RunPlan.REFUSED) ? "left out: " + why.substring(RunPlan.REFUSED.length())
                        : "FAILED: " + why)));
        o.kinship().exclusions().forEach((g, left) -> left.forEach((obs, why) -> sb.append(String.format(Locale.ROOT,
                "%-14s left out of %s's score: %s%n", obs, g, why))));
        sb.append(String.format(Locale.ROOT, "%n%-14s %22s %13s %13s %s%n", "generator", "recognisability +- SE",
                "idiosyncrasy", "profile mean", "(headline: by the reference panel at the logits stage)"));
        for (ModelScore m : o.modelScores()) {
            sb.append(String.format(Locale.ROOT, "%-14s %22s %13s %13s %d/%d stages scored%s%n", m.generator(),
                    m.ranked() ? num(m.recognisability()) + " +- " + num(m.recognisabilitySe()) : "unranked",
                    m.ranked() ? num(m.idiosyncrasy()) : "n/a", num(m.profileMean()), m.stagesScored(), m.stagesTotal(),
                    m.ranked() ? " at " + m.anchorStage() : ": " + m.unranked()));
        }
        return sb.toString();
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String pctSe(double v, double se) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%% +- %.1f", 100 * v, 100 * se);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }
}
