package org.metamerbench.scoring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metamerbench.datasets.human.ConditionScore;
import org.metamerbench.datasets.human.CrossModelRecognition;
import org.metamerbench.datasets.human.PublishedData;

/**
 * The analysis of Feather et al. 2023 from their stored data alone: human recognition by stage for
 * each experiment and generating model (mean +- SEM over participants), and, across experiment x
 * model x stage conditions, the relation between human recognition and the mean recognition by the
 * other models (Spearman rho, Pearson R^2).
 */
public final class PublishedAnalysis {
    /** Chance of the published tasks: 16-way choice for images; audio answers were typed words (793). */
    public static double chance(String modality) {
        return modality.equals("image") ? 1.0 / 16 : 1.0 / 793;
    }

    /** One stage of one generating model in one experiment. */
    public record StagePoint(String stage, double human, double humanSem, int participants, double generator,
            double otherModels, int otherObservers) {
    }

    /** Human recognition by stage for one experiment x generating model. */
    public record Curve(String modality, String experiment, String generator, List<StagePoint> stages) {
        public StagePoint stage(String name) {
            return stages.stream().filter(s -> s.stage().equals(name)).findFirst().orElse(null);
        }
    }

    /** One experiment x model x stage condition with both human and other-model recognition. */
    public record Condition(String modality, String experiment, String generator, String stage, double human,
            double otherModels) {
    }

    /** The human vs other-model relation across conditions. */
    public record Relation(String modality, List<Condition> conditions, double spearman, double pearsonR2) {
    }

    private final List<Curve> curves;
    private final Map<String, Relation> relations;

    private PublishedAnalysis(List<Curve> curves, Map<String, Relation> relations) {
        this.curves = curves;
        this.relations = relations;
    }

    public List<Curve> curves() {
        return curves;
    }

    public Curve curve(String modality, String experiment, String generator) {
        return curves.stream().filter(c -> c.modality().equals(modality) && c.experiment().equals(experiment)
                && c.generator().equals(generator)).findFirst().orElse(null);
    }

    public Relation relation(String modality) {
        return relations.get(modality);
    }

    /** Mean recognition by the models other than the generator, per modality|generator|stage, and their number. */
    static Map<String, double[]> otherModels(List<CrossModelRecognition> cross) {
        Map<String, double[]> sums = new HashMap<>();
        for (CrossModelRecognition c : cross) {
            if (!c.self()) {
                double[] s = sums.computeIfAbsent(c.modality() + "|" + c.generator() + "|" + c.stage(),
                        k -> new double[2]);
                s[0] += c.proportionCorrect();
                s[1]++;
            }
        }
        Map<String, double[]> out = new HashMap<>();
        sums.forEach((k, s) -> out.put(k, new double[] {s[0] / s[1], s[1]}));
        return out;
    }

    public static PublishedAnalysis of(PublishedData data) {
        Map<String, double[]> others = otherModels(data.crossModel());
        // modality|experiment|generator -> stage -> observer -> values, in file order
        Map<String, Map<String, Map<String, List<Double>>>> grouped = new LinkedHashMap<>();
        Map<String, String[]> ids = new HashMap<>();
        for (ConditionScore s : data.human()) {
            String key = s.modality() + "|" + s.experiment() + "|" + s.generator();
            ids.putIfAbsent(key, new String[] {s.modality(), s.experiment(), s.generator()});
            grouped.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(s.stage(), k -> new HashMap<>())
                    .computeIfAbsent(s.observer(), k -> new ArrayList<>()).add(s.proportionCorrect());
        }
        List<Curve> curves = new ArrayList<>();
        Map<String, List<Condition>> conditions = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Map<String, List<Double>>>> e : grouped.entrySet()) {
            String[] id = ids.get(e.getKey());
            List<StagePoint> points = new ArrayList<>();
            for (Map.Entry<String, Map<String, List<Double>>> st : e.getValue().entrySet()) {
                double[] h = toArray(st.getValue().getOrDefault(ConditionScore.HUMAN, List.of()));
                double[] g = toArray(st.getValue().getOrDefault("generating_network", List.of()));
                double[] o = others.get(id[0] + "|" + id[2] + "|" + st.getKey());
                StagePoint p = new StagePoint(st.getKey(), Stats.mean(h), Stats.sem(h), h.length, Stats.mean(g),
                        o == null ? Double.NaN : o[0], o == null ? 0 : (int) o[1]);
                points.add(p);
                if (!st.getKey().startsWith("natural") && o != null && h.length > 0) {
                    conditions.computeIfAbsent(id[0], k -> new ArrayList<>())
                            .add(new Condition(id[0], id[1], id[2], st.getKey(), p.human(), p.otherModels()));
                }
            }
            curves.add(new Curve(id[0], id[1], id[2], List.copyOf(points)));
        }
        Map<String, Relation> relations = new LinkedHashMap<>();
        conditions.forEach((modality, list) -> {
            double[] h = list.stream().mapToDouble(Condition::human).toArray();
            double[] o = list.stream().mapToDouble(Condition::otherModels).toArray();
            double r = Correlation.pearson(h, o);
            relations.put(modality, new Relation(modality, List.copyOf(list), Correlation.spearman(h, o), r * r));
        });
        return new PublishedAnalysis(List.copyOf(curves), relations);
    }

    private static double[] toArray(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
