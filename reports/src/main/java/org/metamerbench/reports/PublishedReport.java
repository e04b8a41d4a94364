package org.metamerbench.reports;

import org.metamerbench.scoring.HumanCalibration;
import org.metamerbench.scoring.PublishedAnalysis;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.metamerbench.results.AtomicFiles;

/**
 * A report page of the published human data: the human vs other-model relation per modality, and
 * human recognition by stage for every experiment x generating model, with charts as PNG and SVG.
 */
public final class PublishedReport {
    public static final String INDEX = "index.html";

    private PublishedReport() {
    }

    public static Path write(PublishedAnalysis a, HumanCalibration calibration, Path out, Path source)
            throws IOException {
        Path charts = out.resolve("charts");
        AtomicFiles.deleteTree(out, charts);
        StringBuilder b = new StringBuilder();
        b.append("<h1>Human recognition of model metamers: the published data</h1>\n");
        b.append("<p class=\"note\">Feather, Leclerc, M\u0105dry &amp; McDermott (2023), Nature Neuroscience 26. "
                + "Analysed from the stored data in <code>").append(Html.esc(source.toString()))
                .append("</code>; nothing is re-run. Human means are over participants (SEM: sample SD / sqrt(n)); "
                        + "other models: mean over the observer models other than the generator of their recognition "
                        + "of the accepted metamers (the published cross-model table).</p>\n");
        b.append("<h2>Human vs other-model recognition</h2>\n");
        List<String> rows = new ArrayList<>();
        for (String modality : List.of("image", "audio")) {
            PublishedAnalysis.Relation rel = a.relation(modality);
            if (rel == null) {
                continue;
            }
            rows.add(Html.td(modality) + Html.tdNum(rel.conditions().size(), Integer.toString(rel.conditions().size()))
                    + Html.tdNum(rel.spearman(), Html.fixed(rel.spearman(), 3))
                    + Html.tdNum(rel.pearsonR2(), Html.fixed(rel.pearsonR2(), 3)));
            ChartFiles.Written w = ChartFiles.write(scatter(rel), charts, "relation-" + modality);
            b.append(figure(w, out));
        }
        b.insert(b.indexOf("<h2>Human vs other-model recognition</h2>\n") + 44, Html.table("relation",
                List.of(Html.th("modality", ""), Html.th("conditions", "experiment x model x stage, natural excluded"),
                        Html.th("Spearman rho", "rank correlation, average ranks for ties"),
                        Html.th("Pearson R\u00b2", "squared linear correlation")), rows));
        if (calibration != null) {
            b.append("<h2>Calibration: predicting human recognition from other models</h2>\n");
            b.append("<p>").append(Html.esc(calibration.describe())).append("</p>\n");
        }
        b.append("<h2>Human recognition by stage</h2>\n");
        for (PublishedAnalysis.Curve c : a.curves()) {
            // Published model names (stored data, not a submitter's) may hold spaces: mapped to a file name.
            String name = c.modality() + "-exp" + c.experiment() + "-" + c.generator().replaceAll("[^A-Za-z0-9._-]", "_");
            b.append("<h3 id=\"").append(Html.esc(name)).append("\">").append(Html.esc(c.modality())).append(" experiment ")
                    .append(Html.esc(c.experiment())).append(": ").append(Html.esc(c.generator())).append("</h3>\n");
            List<String> stageRows = new ArrayList<>();
            for (PublishedAnalysis.StagePoint p : c.stages()) {
                stageRows.add(Html.td(p.stage()) + Html.tdNum(p.human(), Html.pm(p.human(), p.humanSem(), 3))
                        + Html.tdNum(p.participants(), Integer.toString(p.participants()))
                        + Html.tdNum(p.generator(), Html.fixed(p.generator(), 3))
                        + Html.tdNum(p.otherModels(), Html.fixed(p.otherModels(), 3)));
            }
            b.append(Html.table(name, List.of(Html.th("stage", ""), Html.th("humans \u00b1 SEM", ""),
                    Html.th("participants", ""), Html.th("generating network", "its own score on the same trials"),
                    Html.th("other models", "mean over other observer models")), stageRows));
            b.append(figure(ChartFiles.write(curve(c), charts, name), out));
        }
        Path html = out.resolve(INDEX);
        AtomicFiles.write(out, html, Html.page("Published human recognition of model metamers", b.toString())
                .getBytes(StandardCharsets.UTF_8));
        return html;
    }

    private static String figure(ChartFiles.Written w, Path out) {
        String png = out.relativize(w.png()).toString();
        String svg = out.relativize(w.svg()).toString();
        return "<figure><img class=\"chart\" alt=\"" + Html.esc(w.title()) + "\" src=\"" + Html.esc(png) + "\" width=\""
                + Math.min(w.width(), 1100) + "\"><figcaption class=\"note\">" + Html.esc(w.title()) + " (<a href=\""
                + Html.esc(svg) + "\">SVG</a>)</figcaption></figure>\n";
    }

    static XYChart scatter(PublishedAnalysis.Relation rel) {
        XYChart chart = new XYChartBuilder().width(700).height(560)
                .title(String.format(Locale.ROOT, "%s: humans vs other models (rho %.3f, R\u00b2 %.3f, %d conditions)",
                        rel.modality(), rel.spearman(), rel.pearsonR2(), rel.conditions().size()))
                .xAxisTitle("mean recognition by other models").yAxisTitle("human recognition").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setChartBackgroundColor(Color.WHITE).setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setMarkerSize(6);
        double[] x = rel.conditions().stream().mapToDouble(PublishedAnalysis.Condition::otherModels).toArray();
        double[] y = rel.conditions().stream().mapToDouble(PublishedAnalysis.Condition::human).toArray();
        XYSeries s = chart.addSeries("experiment x model x stage", x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(new Color(0x2c, 0x7f, 0xb8, 170));
        XYSeries d = chart.addSeries("identity", new double[] {0, 1}, new double[] {0, 1});
        d.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        d.setMarker(SeriesMarkers.NONE);
        d.setLineColor(Color.GRAY);
        return chart;
    }

    static CategoryChart curve(PublishedAnalysis.Curve c) {
        List<String> stages = c.stages().stream().map(PublishedAnalysis.StagePoint::stage).toList();
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title(c.modality() + " experiment " + c.experiment() + ": metamers of " + c.generator())
                .xAxisTitle("stage").yAxisTitle("share recognised").build();
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        chart.getStyler().setOverlapped(true).setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisTickMarkSpacingHint(20);
        chart.getStyler().setXAxisLabelRotation(stages.size() > 6 ? 30 : 0);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        CategorySeries h = chart.addSeries("humans \u00b1 SEM", stages, values(c, PublishedAnalysis.StagePoint::human),
                values(c, p -> Double.isNaN(p.humanSem()) ? 0 : p.humanSem()));
        h.setLineColor(new Color(0x1f, 0x6f, 0xb4));
        h.setMarkerColor(new Color(0x1f, 0x6f, 0xb4));
        h.setLineWidth(3f);
        CategorySeries g = chart.addSeries("generating network", stages,
                values(c, PublishedAnalysis.StagePoint::generator));
        g.setLineColor(Color.DARK_GRAY);
        g.setMarkerColor(Color.DARK_GRAY);
        List<Double> o = values(c, PublishedAnalysis.StagePoint::otherModels);
        if (o.stream().anyMatch(v -> v != null)) {
            CategorySeries s = chart.addSeries("other models (mean)", stages, o);
            s.setLineColor(new Color(0xc0, 0x39, 0x2b));
            s.setMarkerColor(new Color(0xc0, 0x39, 0x2b));
        }
        double chance = PublishedAnalysis.chance(c.modality());
        CategorySeries ch = chart.addSeries("chance", stages, stages.stream().map(s -> chance).toList());
        ch.setMarker(SeriesMarkers.NONE);
        ch.setLineColor(Color.GRAY);
        return chart;
    }

    private static List<Double> values(PublishedAnalysis.Curve c,
            java.util.function.ToDoubleFunction<PublishedAnalysis.StagePoint> f) {
        List<Double> out = new ArrayList<>();
        for (PublishedAnalysis.StagePoint p : c.stages()) {
            double v = f.applyAsDouble(p);
            out.add(Double.isNaN(v) ? null : v);
        }
        return out;
    }
}
