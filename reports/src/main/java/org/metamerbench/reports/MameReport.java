package org.metamerbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.CsvTable;
import org.metamerbench.space.ObserverFiles;

/**
 * The report of a MAME experiment's folder ({@link ObserverFiles}): every condition's threshold with its interval,
 * the image change at threshold per stage beside the one MAME's participants needed, and the settings with their
 * stated deviations. Built from the folder alone.
 */
public final class MameReport {
    public static final String HTML = "report.html";

    /**
     * People's RMS contrast and SSIM of the change at threshold per layer (MAME's notebooks, 8 participants, 4 degrees
     * eccentricity), in the order of the generator's stages: conv1, layer3, avgpool.
     */
    static final double[] PEOPLE_RMS = {0.092, 0.036, 0.040};
    static final double[] PEOPLE_SSIM = {0.39, 0.85, 0.86};
    static final List<String> PEOPLE_LAYERS = List.of("conv1", "layer3", "avgpool");

    private MameReport() {
    }

    /** One condition's row of thresholds.csv. */
    record Row(String condition, String stage, double threshold, double low, double high, long trials,
            long reversals, double reached, double rms, double ssim) {
    }

    /** Writes {@value #HTML} and its charts into {@code dir}; returns the page. */
    public static Path write(Path dir) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (CsvTable.Row r : CsvTable.read(dir.resolve(ObserverFiles.THRESHOLDS_CSV), ObserverFiles.THRESHOLDS_HEADER)) {
            rows.add(new Row(r.get("condition"), r.get("stage"), r.getDouble("threshold"), r.getDouble("ci_low"),
                    r.getDouble("ci_high"), r.getLong("trials"), r.getLong("reversals"), r.getDouble("reached_share"),
                    r.getDouble("rms_contrast"), r.getDouble("ssim")));
        }
        JsonNode rec = new ObjectMapper().readTree(dir.resolve(ObserverFiles.RECORD_JSON).toFile());
        Path charts = dir.resolve("charts");
        List<ChartFiles.Written> written = new ArrayList<>();
        written.add(ChartFiles.write(thresholds(rows), charts, "thresholds"));
        Map<String, double[]> byStage = byStage(rows);
        written.add(ChartFiles.write(change(byStage, "RMS contrast of the change at threshold", 0, PEOPLE_RMS),
                charts, "rms-contrast"));
        written.add(ChartFiles.write(change(byStage, "SSIM of the image at threshold", 1, PEOPLE_SSIM), charts,
                "ssim"));

        boolean people = rec.path("human_data").asBoolean(false);
        StringBuilder b = new StringBuilder();
        if (people) {
            b.append("<h1>MAME with people: ").append(Html.esc(rec.path("experiment").asText())).append("</h1>\n");
            b.append("<p>Answers of ").append(rec.path("observer").path("participants").asInt()).append(" participants, "
                    + "collected in the browser by <code>experiment serve</code>; excluded below ").append(Html.esc(rec
                    .path("observer").path("catch_threshold").asText())).append(" correct on catch trials: ")
                    .append(Html.esc(rec.path("observer").path("excluded").size() == 0 ? "none" : rec.path("observer")
                    .path("excluded").toString())).append(". Dimensions and images from ").append(Html.esc(rec.path(
                    "generator").path("id").asText())).append(".</p>\n");
        } else {
            b.append("<h1>MAME with a model observer: ").append(Html.esc(rec.path("observer")
                    .path("id").asText())).append("</h1>\n");
            b.append("<p><strong>Not human data:</strong> every answer here is a model's (").append(Html.esc(rec.path(
                    "observer").path("id").asText())).append(" at ").append(Html.esc(rec.path("observer").path("stage")
                    .asText())).append(", internal noise ").append(Html.esc(rec.path("observer").path("noise").asText()))
                    .append(" x the stage's SD over the pool). Dimensions and images from ").append(Html.esc(rec.path(
                    "generator").path("id").asText())).append(".</p>\n");
        }
        List<String> summary = new ArrayList<>();
        int k = 0;
        for (Map.Entry<String, double[]> e : byStage.entrySet()) {
            double[] v = e.getValue();
            summary.add(Html.td(e.getKey()) + Html.tdNum(v[2], Html.fixed(v[2], 2)) + Html.tdNum(v[0],
                    Html.fixed(v[0], 3)) + Html.tdNum(v[1], Html.fixed(v[1], 2))
                    + (k < PEOPLE_LAYERS.size() ? Html.td(PEOPLE_LAYERS.get(k)) + Html.tdNum(PEOPLE_RMS[k],
                    Html.fixed(PEOPLE_RMS[k], 3)) + Html.tdNum(PEOPLE_SSIM[k], Html.fixed(PEOPLE_SSIM[k], 2))
                    : Html.td("") + Html.td("") + Html.td("")));
            k++;
        }
        b.append("<h2>By stage</h2>\n<p class=\"note\">Means over each stage's conditions, beside the change MAME's "
                + "participants needed at the layer the stage stands for (ResNet-50 dimensions, ImageNet images, 4 "
                + "degrees; only the direction compares).</p>\n");
        b.append(Html.table("mame-stages", List.of(Html.th("stage", ""), Html.th("threshold", "mean, in SDs of the "
                + "coordinate over the pool"), Html.th("RMS contrast", "of the change at threshold"),
                Html.th("SSIM", "at threshold"), Html.th("people's layer", ""), Html.th("people's RMS", ""),
                Html.th("people's SSIM", "")), summary));
        b.append("<p id=\"mame-ordering\">Ordering by the RMS contrast of the change at threshold: ")
                .append(Html.esc(ordering(byStage))).append("; MAME's participants: conv1 (0.092) &gt; avgpool (0.040) "
                + "&gt; layer3 (0.036).</p>\n");
        b.append("<div class=\"charts\">\n");
        for (ChartFiles.Written w : written) {
            b.append(HtmlReport.figure(w, dir));
        }
        b.append("</div>\n<h2>Conditions</h2>\n");
        List<String> cells = new ArrayList<>();
        for (Row r : rows) {
            cells.add(Html.td(r.condition()) + Html.tdNum(r.threshold(), Html.fixed(r.threshold(), 3))
                    + Html.td("[" + Html.fixed(r.low(), 3) + ", " + Html.fixed(r.high(), 3) + "]")
                    + Html.tdNum(r.trials(), Long.toString(r.trials())) + Html.tdNum(r.reversals(),
                    Long.toString(r.reversals())) + Html.tdNum(r.reached(), Html.fixed(r.reached(), 2))
                    + Html.tdNum(r.rms(), Html.fixed(r.rms(), 4)) + Html.tdNum(r.ssim(), Html.fixed(r.ssim(), 3)));
        }
        b.append(Html.table("mame-conditions", List.of(Html.th("condition", "stage / component sign"),
                Html.th("threshold", "70.7% correct"), Html.th("95% interval", "parametric bootstrap"),
                Html.th("trials", ""), Html.th("reversals", ""), Html.th("reached", "shift reached / asked"),
                Html.th("RMS", ""), Html.th("SSIM", "")), cells));
        b.append("<h2>Settings and deviations</h2>\n<ul>\n");
        rec.path("deviations").forEach(d -> b.append("<li>").append(Html.esc(d.asText())).append("</li>\n"));
        b.append("</ul>\n<p class=\"note\">Every setting: ").append(Html.esc(ObserverFiles.RECORD_JSON))
                .append("; every trial: ").append(Html.esc(ObserverFiles.TRIALS_CSV)).append(".</p>\n");
        Path html = dir.resolve(HTML);
        AtomicFiles.write(dir, html, Html.page("MAME " + (people ? rec.path("experiment").asText() : rec.path(
                "observer").path("id").asText()), b.toString())
                .getBytes(StandardCharsets.UTF_8));
        return html;
    }

    /** The stages from the largest mean RMS contrast at threshold to the smallest, with their values. */
    static String ordering(Map<String, double[]> byStage) {
        List<Map.Entry<String, double[]>> e = new ArrayList<>(byStage.entrySet());
        e.sort((x, y) -> Double.compare(y.getValue()[0], x.getValue()[0]));
        List<String> parts = new ArrayList<>();
        e.forEach(x -> parts.add(x.getKey() + " (" + Html.fixed(x.getValue()[0], 3) + ")"));
        return String.join(" > ", parts);
    }

    /** Per stage, in order: mean RMS contrast, mean SSIM, mean threshold. */
    static Map<String, double[]> byStage(List<Row> rows) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Row r : rows) {
            double[] s = sums.computeIfAbsent(r.stage(), x -> new double[3]);
            s[0] += r.rms();
            s[1] += r.ssim();
            s[2] += r.threshold();
            counts.merge(r.stage(), 1, Integer::sum);
        }
        sums.forEach((st, s) -> {
            for (int i = 0; i < 3; i++) {
                s[i] /= counts.get(st);
            }
        });
        return sums;
    }

    /** Thresholds per condition with the ends of their intervals as markers. */
    static CategoryChart thresholds(List<Row> rows) {
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("Thresholds per condition (70.7% correct) and their 95% intervals").xAxisTitle("condition")
                .yAxisTitle("shift, SDs of the coordinate over the pool").build();
        Charts.style(chart);
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        List<String> x = rows.stream().map(Row::condition).toList();
        chart.addSeries("threshold", x, rows.stream().map(Row::threshold).toList())
                .setFillColor(new Color(0x2c, 0x7f, 0xb8));
        for (String[] end : new String[][] {{"2.5%", "low"}, {"97.5%", "high"}}) {
            CategorySeries s = chart.addSeries(end[0], x, rows.stream().map(r -> end[1].equals("low") ? r.low()
                    : r.high()).toList());
            s.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.DIAMOND);
            s.setMarkerColor(Color.BLACK);
        }
        return chart;
    }

    /** One measure of the change at threshold per stage, beside people's at the corresponding layer. */
    static CategoryChart change(Map<String, double[]> byStage, String title, int measure, double[] people) {
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title)
                .xAxisTitle("stage (people: the layer it stands for)").yAxisTitle(measure == 0 ? "RMS contrast"
                : "SSIM").build();
        Charts.style(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        List<String> x = new ArrayList<>();
        List<Double> model = new ArrayList<>();
        List<Double> human = new ArrayList<>();
        int k = 0;
        for (Map.Entry<String, double[]> e : byStage.entrySet()) {
            x.add(e.getKey() + (k < PEOPLE_LAYERS.size() ? " / " + PEOPLE_LAYERS.get(k) : ""));
            model.add(e.getValue()[measure]);
            human.add(k < people.length ? people[k] : null);
            k++;
        }
        chart.addSeries("this model observer", x, model).setFillColor(new Color(0x2c, 0x7f, 0xb8));
        chart.addSeries("people (MAME)", x, human).setFillColor(new Color(0x1f, 0x6f, 0xb4).darker());
        return chart;
    }
}
