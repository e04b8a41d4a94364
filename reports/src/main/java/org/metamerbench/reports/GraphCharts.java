package org.metamerbench.reports;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import org.metamerbench.scoring.GraphSummary;
import org.metamerbench.scoring.StageScore;

/**
 * A graph run's charts by architecture and stage: one bar per generator and stage of the pass rate, of the other
 * models' recognition of the accepted metamers (+- SE, beside those observers' accuracy on the same natural stimuli)
 * and of the metamer dimension share. A value that is missing (no accepted metamer, no dimension measured) is left
 * out, never drawn as 0; a chart with nothing to show is null.
 */
final class GraphCharts {
    private static final Color[] STAGE_COLORS = {
        new Color(0x9e, 0xbc, 0xda), new Color(0x2c, 0x7f, 0xb8), new Color(0x08, 0x30, 0x6b),
        new Color(0xfd, 0xae, 0x6b), new Color(0xe6, 0x55, 0x0d)
    };

    private GraphCharts() {
    }

    static CategoryChart passRate(List<StageScore> scores) {
        return chart("Pass rate by architecture and stage", "share of metamers accepted", stagesOf(scores),
                generatorsOf(scores), (g, s) -> find(scores, g, s, StageScore::passRate), null, 1.0);
    }

    static CategoryChart recognition(List<StageScore> scores, double chance) {
        CategoryChart chart = chart("Recognition of accepted metamers by the other graph models (chance "
                + Html.fixed(chance, 3) + ")", "share recognised (true class)", stagesOf(scores),
                generatorsOf(scores), (g, s) -> find(scores, g, s, StageScore::cross),
                (g, s) -> find(scores, g, s, StageScore::crossSe), 1.0);
        if (chart == null) {
            return null;
        }
        List<String> generators = generatorsOf(scores);
        List<String> stages = stagesOf(scores);
        String last = stages.get(stages.size() - 1);
        List<Double> natural = values(generators, g -> find(scores, g, last, StageScore::crossNatural));
        if (natural.stream().anyMatch(v -> v != null)) {
            chart.addSeries("natural stimuli, same observers (" + last + ")", generators, natural)
                    .setFillColor(new Color(0xbb, 0xbb, 0xbb));
        }
        return chart;
    }

    static CategoryChart dimension(List<GraphSummary> summaries) {
        List<String> stages = new ArrayList<>();
        List<String> generators = new ArrayList<>();
        Map<String, GraphSummary> by = new LinkedHashMap<>();
        for (GraphSummary g : summaries) {
            if (!stages.contains(g.stage())) {
                stages.add(g.stage());
            }
            if (!generators.contains(g.generator())) {
                generators.add(g.generator());
            }
            by.put(g.generator() + "\u0000" + g.stage(), g);
        }
        return chart("Metamer dimension by architecture and stage", "share of the receptive field's feature "
                + "dimensions unseen", stages, generators, (g, s) -> {
                    GraphSummary x = by.get(g + "\u0000" + s);
                    return x == null ? Double.NaN : x.dimensionShare();
                }, null, 1.0);
    }

    private interface Cell {
        double at(String generator, String stage);
    }

    /** The chart, or null when nothing was measured (then nothing is drawn, rather than bars of 0). */
    private static CategoryChart chart(String title, String yTitle, List<String> stages, List<String> generators,
            Cell value, Cell se, double max) {
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title)
                .xAxisTitle("generator").yAxisTitle(yTitle).build();
        Charts.style(chart);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(max);
        chart.getStyler().setErrorBarsColor(Color.BLACK);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        boolean any = false;
        for (int k = 0; k < stages.size(); k++) {
            String stage = stages.get(k);
            List<Double> y = values(generators, g -> value.at(g, stage));
            if (y.stream().allMatch(v -> v == null)) {
                continue;
            }
            any = true;
            Color colour = STAGE_COLORS[k % STAGE_COLORS.length];
            if (se == null) {
                chart.addSeries(stage, generators, y).setFillColor(colour);
            } else {
                List<Double> e = values(generators, g -> se.at(g, stage));
                e.replaceAll(v -> v == null ? 0.0 : v);
                chart.addSeries(stage + " +- SE", generators, y, e).setFillColor(colour);
            }
        }
        return any ? chart : null;
    }

    private static List<Double> values(List<String> generators, ToDoubleFunction<String> f) {
        List<Double> out = new ArrayList<>();
        for (String g : generators) {
            double v = f.applyAsDouble(g);
            out.add(Double.isNaN(v) ? null : v);
        }
        return out;
    }

    private static double find(List<StageScore> scores, String g, String stage, ToDoubleFunction<StageScore> f) {
        for (StageScore s : scores) {
            if (s.generator().equals(g) && s.stage().equals(stage)) {
                return f.applyAsDouble(s);
            }
        }
        return Double.NaN;
    }

    private static List<String> stagesOf(List<StageScore> scores) {
        return scores.stream().map(StageScore::stage).distinct().toList();
    }

    private static List<String> generatorsOf(List<StageScore> scores) {
        return scores.stream().map(StageScore::generator).distinct().toList();
    }
}
