package org.metamerbench.leaderboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.OwnedOutput;

/** The gate's outputs: a readable table, a JUnit XML report and a markdown summary. */
public final class GateReport {
    /** The tool named in a gate report's signature. */
    public static final String TOOL = "gate";

    private GateReport() {
    }

    /** The table printed by {@code gate}: every comparison that moved, and every failure. */
    public static String table(Gate.Result r, boolean all) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Gate: candidate %s against baseline %s (tolerance: recognisability %.3f, "
                + "pass rate %.3f; significant at p < %.2f, paired bootstrap of %d resamples over stimuli)%n%n",
                r.candidateRun(), r.baselineRun(), r.tolerances().recognisability(), r.tolerances().passRate(),
                r.tolerances().alpha(), r.tolerances().bootstrap()));
        b.append(String.format(Locale.ROOT, "%-14s %-12s %-16s %9s %9s %8s %8s  %s%n", "model", "stage", "metric",
                "baseline", "candidate", "change", "p", "verdict"));
        int shown = 0;
        int unchanged = 0;
        for (Gate.Comparison c : r.comparisons()) {
            boolean moved = !Double.isNaN(c.drop()) && Math.abs(c.drop()) > 1e-12;
            unchanged += !moved && c.verdict() == Gate.Verdict.OK ? 1 : 0;
            if (!all && !moved && !c.failed() && c.verdict() != Gate.Verdict.NOT_SCORED) {
                continue;
            }
            shown++;
            b.append(String.format(Locale.ROOT, "%-14s %-12s %-16s %9s %9s %8s %8s  %s%n", c.generator(), c.stage(),
                    c.metric(), num(c.baseline()), num(c.candidate()), signed(-c.drop()), p(c.pValue()),
                    verdict(c)));
        }
        if (shown == 0) {
            b.append("(nothing moved)\n");
        }
        long fails = r.failures().size();
        b.append(String.format(Locale.ROOT, "%n%d comparisons, %d unchanged, %d failed: %s%n", r.comparisons().size(),
                unchanged, fails, fails == 0 ? "PASS" : "FAIL"));
        for (Gate.Comparison c : r.failures()) {
            b.append("  FAIL ").append(c.name()).append(": ").append(c.detail()).append('\n');
        }
        return b.toString();
    }

    private static String verdict(Gate.Comparison c) {
        return switch (c.verdict()) {
            case OK -> "ok";
            case REGRESSION -> "REGRESSION: " + c.detail();
            case MISSING -> "MISSING: " + c.detail();
            case NOT_SCORED -> "not scored: " + c.detail();
        };
    }

    public static void writeJUnit(Gate.Result r, Path file) throws IOException {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- ")
                .append(OwnedOutput.signature(TOOL)).append(" -->\n");
        long skipped = r.comparisons().stream().filter(c -> c.verdict() == Gate.Verdict.NOT_SCORED).count();
        b.append(String.format(Locale.ROOT, "<testsuite name=\"metamer-bench gate\" tests=\"%d\" failures=\"%d\" "
                + "errors=\"0\" skipped=\"%d\">%n", r.comparisons().size(), r.failures().size(), skipped));
        b.append("  <properties>\n    <property name=\"baseline\" value=\"").append(xml(r.baselineRun()))
                .append("\"/>\n    <property name=\"candidate\" value=\"").append(xml(r.candidateRun()))
                .append("\"/>\n  </properties>\n");
        for (Gate.Comparison c : r.comparisons()) {
            b.append("  <testcase classname=\"").append(xml("metamer-bench." + c.generator())).append("\" name=\"")
                    .append(xml(c.stage() + " / " + c.metric())).append("\"");
            String summary = String.format(Locale.ROOT, "baseline %s, candidate %s, change %s, p %s", num(c.baseline()),
                    num(c.candidate()), signed(-c.drop()), p(c.pValue()));
            if (c.failed()) {
                b.append(">\n    <failure message=\"").append(xml(c.verdict() + ": " + c.detail())).append("\">")
                        .append(xml(summary)).append("</failure>\n  </testcase>\n");
            } else if (c.verdict() == Gate.Verdict.NOT_SCORED) {
                b.append(">\n    <skipped message=\"").append(xml(c.detail())).append("\"/>\n  </testcase>\n");
            } else {
                b.append(">\n    <system-out>").append(xml(summary)).append("</system-out>\n  </testcase>\n");
            }
        }
        b.append("</testsuite>\n");
        AtomicFiles.write(file.toAbsolutePath().getParent(), file, b.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static void writeMarkdown(Gate.Result r, Path file) throws IOException {
        StringBuilder b = new StringBuilder("<!-- ").append(OwnedOutput.signature(TOOL)).append(" -->\n");
        b.append("## metamer-bench gate: ").append(r.failed() ? "FAIL" : "PASS").append("\n\n");
        b.append(String.format(Locale.ROOT, "Candidate `%s` against baseline `%s`. A drop fails when it exceeds the "
                + "tolerance (recognisability %.3f, pass rate %.3f) and is significant (p < %.2f, paired bootstrap over "
                + "stimuli, %d resamples).%n%n", r.candidateRun(), r.baselineRun(), r.tolerances().recognisability(),
                r.tolerances().passRate(), r.tolerances().alpha(), r.tolerances().bootstrap()));
        b.append("| model | stage | metric | baseline | candidate | change | p | verdict |\n");
        b.append("| --- | --- | --- | ---: | ---: | ---: | ---: | --- |\n");
        for (Gate.Comparison c : r.comparisons()) {
            b.append("| ").append(c.generator()).append(" | ").append(c.stage()).append(" | ").append(c.metric())
                    .append(" | ").append(num(c.baseline())).append(" | ").append(num(c.candidate())).append(" | ")
                    .append(signed(-c.drop())).append(" | ").append(p(c.pValue())).append(" | ")
                    .append(c.failed() ? "**" + c.verdict().name().toLowerCase(Locale.ROOT) + "**"
                            : c.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                    .append(" |\n");
        }
        AtomicFiles.write(file.toAbsolutePath().getParent(), file, b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String p(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String signed(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%+.3f", v);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
