package org.metamerbench.reports;

import org.metamerbench.scoring.HumanCalibration;
import org.metamerbench.scoring.ModelScore;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.scoring.StageScore;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.metamerbench.results.MetamerRow;

/**
 * The report's charts, built with XChart from a result folder alone. Each method returns a chart
 * that {@link ChartFiles} writes as PNG and SVG.
 */
public final class Charts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    public static final int WIDTH = 900;
    public static final int HEIGHT = 460;
    private static final Color SELF = new Color(0x20, 0x20, 0x20);
    private static final Color MEAN = new Color(0xc0, 0x39, 0x2b);
    private static final Color CHANCE = new Color(0x80, 0x80, 0x80);
    private static final Color HUMAN = new Color(0x1f, 0x6f, 0xb4);
    private static final Color[] OBSERVER_COLORS = {
        new Color(0x8d, 0xa0, 0xcb), new Color(0x66, 0xc2, 0xa5), new Color(0xfc, 0x8d, 0x62),
        new Color(0xe7, 0x8a, 0xc3), new Color(0xa6, 0xd8, 0x54), new Color(0xe5, 0xc4, 0x94),
        new Color(0xb3, 0xb3, 0xb3), new Color(0x9e, 0xbc, 0xda), new Color(0xd9, 0x5f, 0x02)
    };

    private Charts() {
    }

    /** Stages past the input, in order. */
    static List<String> scoredStages(RunResults r, String generator) {
        return r.stagesOf(generator).stream().filter(s -> !s.equals("input")).toList();
    }

    /**
     * Recognition of a generator's accepted metamers by stage: the generator itself (dashed), each
     * other observer (thin), the mean of the other models (bold, +- bootstrap SE), the other models'
     * accuracy on the natural stimuli, humans where {@code human} has data, and chance.
     *
     * @param human stage -> {mean, SE} of human recognition; empty where no human data exists
     */
    public static CategoryChart recognitionByStage(RunResults r, String generator, List<StageScore> scores,
            Map<String, double[]> human) {
        return recognitionByStage(r, generator, scores, human, null);
    }

    /**
     * As above, plus, where {@code calibration} is given, the human recognition predicted from the other
     * models' (dotted, error bars = the calibration's cross-validated error), labelled as a prediction.
     */
    public static CategoryChart recognitionByStage(RunResults r, String generator, List<StageScore> scores,
            Map<String, double[]> human, HumanCalibration calibration) {
        List<String> stages = scoredStages(r, generator);
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Recognition of " + generator + "'s metamers by stage")
                .xAxisTitle("stage of " + generator).yAxisTitle("share recognised (true class)").build();
        style(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        if (stages.isEmpty()) {
            chart.addSeries("(no stages)", List.of("none"), List.of(r.chance()));
            return chart;
        }
        int c = 0;
        for (String observer : r.observers()) {
            if (observer.equals(generator)) {
                continue;
            }
            List<Double> y = values(stages, s -> r.recognition(generator, s, observer));
            if (y.stream().anyMatch(v -> v != null)) {
                CategorySeries s = chart.addSeries(observer, stages, y);
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(OBSERVER_COLORS[c % OBSERVER_COLORS.length]);
                s.setLineWidth(1.2f);
            }
            c++;
        }
        Map<String, StageScore> byStage = new HashMap<>();
        scores.stream().filter(s -> s.generator().equals(generator)).forEach(s -> byStage.put(s.stage(), s));
        List<Double> self = values(stages, s -> value(byStage.get(s), StageScore::self));
        if (self.stream().anyMatch(v -> v != null)) {
            CategorySeries s = chart.addSeries(generator + " (self)", stages, self);
            s.setMarker(SeriesMarkers.DIAMOND);
            s.setMarkerColor(SELF);
            s.setLineColor(SELF);
            s.setLineStyle(dashed(2f));
        }
        List<Double> mean = values(stages, s -> value(byStage.get(s), StageScore::cross));
        if (mean.stream().anyMatch(v -> v != null)) {
            List<Double> se = values(stages, s -> {
                double e = value(byStage.get(s), StageScore::crossSe);
                return Double.isNaN(e) && byStage.containsKey(s) && !Double.isNaN(byStage.get(s).cross()) ? 0 : e;
            });
            CategorySeries s = chart.addSeries("mean of other models +- SE", stages, mean, se);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(MEAN);
            s.setLineColor(MEAN);
            s.setLineWidth(3.5f);
        }
        List<Double> nat = values(stages, s -> value(byStage.get(s), StageScore::crossNatural));
        if (nat.stream().anyMatch(v -> v != null)) {
            CategorySeries s = chart.addSeries("other models, natural stimuli", stages, nat);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(MEAN);
            s.setLineStyle(dashed(1f));
        }
        if (human != null && !human.isEmpty()) {
            List<Double> h = values(stages, s -> human.containsKey(s) ? human.get(s)[0] : Double.NaN);
            List<Double> he = values(stages, s -> human.containsKey(s) ? human.get(s)[1] : Double.NaN);
            CategorySeries s = chart.addSeries("humans +- SE", stages, h, he);
            s.setMarker(SeriesMarkers.SQUARE);
            s.setMarkerColor(HUMAN);
            s.setLineColor(HUMAN);
            s.setLineWidth(3.5f);
        }
        if (calibration != null && mean.stream().anyMatch(v -> v != null)) {
            double err = calibration.cvRmse(r.chance());
            List<Double> predicted = values(stages, s -> calibration.predict(value(byStage.get(s), StageScore::cross),
                    r.chance()));
            List<Double> errors = predicted.stream().map(v -> v == null ? null : err).toList();
            CategorySeries s = chart.addSeries("humans, PREDICTED from other models +- CV error", stages, predicted,
                    errors);
            s.setMarker(SeriesMarkers.TRIANGLE_UP);
            s.setMarkerColor(HUMAN);
            s.setLineColor(HUMAN);
            s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {2f, 3f}, 0f));
        }
        CategorySeries ch = chart.addSeries("chance", stages, values(stages, s -> r.chance()));
        ch.setMarker(SeriesMarkers.NONE);
        ch.setLineColor(CHANCE);
        ch.setLineStyle(dashed(1.5f));
        return chart;
    }

    /** One value per stage; NaN becomes null, which XChart leaves out (never drawn as 0). */
    private static List<Double> values(List<String> stages, java.util.function.ToDoubleFunction<String> f) {
        List<Double> out = new ArrayList<>();
        for (String s : stages) {
            double v = f.applyAsDouble(s);
            out.add(Double.isNaN(v) ? null : v);
        }
        return out;
    }

    /**
     * Cross-model recognition matrix at each generator's late stages (its last two stages): rows are
     * generator / stage, columns observers, cells the share (in %) of accepted metamers recognised.
     */
    /** The matrix, or null when no late-stage metamer was accepted (there is then nothing to draw). */
    public static HeatMapChart crossMatrix(RunResults r) {
        List<String> observers = r.observers();
        List<String> rows = new ArrayList<>();
        List<Number[]> cells = new ArrayList<>();
        // XChart draws the first y category at the bottom: add rows in reverse so the table reads top-down.
        List<String[]> late = new ArrayList<>();
        for (String g : r.generators()) {
            List<String> st = scoredStages(r, g);
            for (String s : st.subList(Math.max(0, st.size() - 2), st.size())) {
                late.add(new String[] {g, s});
            }
        }
        for (int k = late.size() - 1; k >= 0; k--) {
            String g = late.get(k)[0];
            String s = late.get(k)[1];
            int y = rows.size();
            rows.add(g + " / " + s);
            for (int x = 0; x < observers.size(); x++) {
                double v = r.recognition(g, s, observers.get(x));
                if (!Double.isNaN(v)) {
                    cells.add(new Number[] {x, y, Math.round(1000 * v) / 10.0});
                }
            }
        }
        if (cells.isEmpty()) {
            return null;
        }
        int height = Math.max(320, 120 + 34 * rows.size());
        HeatMapChart chart = new HeatMapChartBuilder().width(Math.max(WIDTH, 260 + 90 * observers.size()))
                .height(height).title("Cross-model recognition (%) at late stages")
                .xAxisTitle("observer").yAxisTitle("generator / stage").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setMin(0).setMax(100);
        chart.getStyler().setRangeColors(new Color[] {new Color(0xf7, 0xfb, 0xff), new Color(0x6b, 0xae, 0xd6),
            new Color(0x08, 0x30, 0x6b)});
        chart.getStyler().setValueFontColor(Color.BLACK);
        chart.getStyler().setHeatMapDecimalValueFormatter(v -> String.format(Locale.ROOT, "%.0f", v));
        chart.getStyler().setXAxisLabelRotation(observers.size() > 6 ? 25 : 0);
        // XChart skips tick labels closer than the spacing hint (74 px by default): label every row and column.
        chart.getStyler().setYAxisTickMarkSpacingHint(12);
        chart.getStyler().setXAxisTickMarkSpacingHint(12);
        chart.addSeries("recognised %", observers, rows, cells);
        return chart;
    }

    /** Pass rate by stage, with the share passing each criterion on its own. */
    public static CategoryChart passRate(RunResults r, String generator) {
        List<String> stages = scoredStages(r, generator);
        Map<String, List<MetamerRow>> rows = new LinkedHashMap<>();
        stages.forEach(s -> rows.put(s, new ArrayList<>()));
        for (MetamerRow m : r.metamers()) {
            if (m.generator().equals(generator) && rows.containsKey(m.stage())) {
                rows.get(m.stage()).add(m);
            }
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Pass rate of " + generator + "'s metamers by stage").xAxisTitle("stage")
                .yAxisTitle("share of metamers").build();
        style(chart);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        List<String> x = new ArrayList<>(stages);
        addShare(chart, "accepted (both criteria)", x, rows, MetamerRow::accepted, new Color(0x2c, 0x7f, 0xb8));
        addShare(chart, "same class", x, rows, MetamerRow::classMatch, new Color(0xa6, 0xbd, 0xdb));
        addShare(chart, "Spearman", x, rows, MetamerRow::passesSpearman, new Color(0xfd, 0xae, 0x6b));
        addShare(chart, "Pearson", x, rows, MetamerRow::passesPearson, new Color(0x74, 0xc4, 0x76));
        addShare(chart, "SNR", x, rows, MetamerRow::passesSnr, new Color(0xbc, 0xbd, 0xdc));
        return chart;
    }

    private static void addShare(CategoryChart chart, String name, List<String> x, Map<String, List<MetamerRow>> rows,
            java.util.function.Predicate<MetamerRow> passes, Color color) {
        List<Double> y = new ArrayList<>();
        for (String s : x) {
            List<MetamerRow> list = rows.get(s);
            y.add(list.isEmpty() ? 0.0 : list.stream().filter(passes).count() / (double) list.size());
        }
        CategorySeries series = chart.addSeries(name, x, y);
        series.setFillColor(color);
    }

    /** Median (over stimuli) synthesis loss against the step, one line per stage, log scale. */
    public static XYChart lossCurves(RunResults r, String generator) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Synthesis loss of " + generator + " (median over stimuli)").xAxisTitle("step")
                .yAxisTitle("||a(x) - a(r)|| / ||a(r)||").build();
        style(chart);
        chart.getStyler().setYAxisLogarithmic(true);
        int c = 0;
        boolean any = false;
        for (String stage : scoredStages(r, generator)) {
            TreeMap<Integer, List<Double>> byStep = new TreeMap<>();
            for (RunResults.LossPoint p : r.lossCurves()) {
                if (p.generator().equals(generator) && p.stage().equals(stage) && Double.isFinite(p.loss())) {
                    byStep.computeIfAbsent(p.step(), k -> new ArrayList<>()).add(p.loss());
                }
            }
            if (byStep.isEmpty()) {
                continue;
            }
            any = true;
            double[] x = new double[byStep.size()];
            double[] y = new double[byStep.size()];
            int i = 0;
            for (Map.Entry<Integer, List<Double>> e : byStep.entrySet()) {
                x[i] = e.getKey();
                y[i] = Math.max(1e-6, median(e.getValue()));
                i++;
            }
            XYSeries s = chart.addSeries(stage, x, y);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineWidth(2f);
            s.setLineColor(OBSERVER_COLORS[c++ % OBSERVER_COLORS.length]);
        }
        if (!any) {
            chart.getStyler().setYAxisLogarithmic(false);
            chart.addSeries("(no loss curves)", new double[] {0, 1}, new double[] {1, 1}).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** Recognisability by other models (+- SE) and idiosyncrasy, per model. */
    public static CategoryChart summary(List<ModelScore> scores) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Recognisability (at the logits stage) and idiosyncrasy of each model's metamers").xAxisTitle("model")
                .yAxisTitle("score (0 = chance, 1 = as natural stimuli)").build();
        style(chart);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setErrorBarsColor(Color.BLACK);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        List<String> x = new ArrayList<>();
        List<Double> rec = new ArrayList<>();
        List<Double> se = new ArrayList<>();
        List<Double> idio = new ArrayList<>();
        for (ModelScore m : scores) {
            if (Double.isNaN(m.recognisability())) {
                continue; // a missing score is not drawn as zero
            }
            x.add(m.generator());
            rec.add(m.recognisability());
            se.add(Double.isNaN(m.recognisabilitySe()) ? 0.0 : m.recognisabilitySe());
            idio.add(m.idiosyncrasy());
        }
        if (x.isEmpty()) {
            x.add("(no scored model)");
            rec.add(0.0);
            se.add(0.0);
            idio.add(0.0);
        }
        chart.addSeries("recognisability by other models +- SE", x, rec, se).setFillColor(new Color(0x2c, 0x7f, 0xb8));
        chart.addSeries("idiosyncrasy", x, idio).setFillColor(new Color(0xfd, 0xae, 0x6b));
        return chart;
    }

    static void style(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendBorderColor(new Color(0xdd, 0xdd, 0xdd));
        if (s instanceof org.knowm.xchart.style.AxesChartStyler a) {
            a.setPlotGridLinesColor(new Color(0xe6, 0xe6, 0xe6));
            a.setLegendPosition(Styler.LegendPosition.OutsideE);
            a.setXAxisTickMarkSpacingHint(30);
            a.setAxisTickLabelsFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
        }
    }

    private static double value(StageScore s, java.util.function.ToDoubleFunction<StageScore> f) {
        return s == null ? Double.NaN : f.applyAsDouble(s);
    }

    private static BasicStroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }
}
