package org.metamerbench.runner.graph;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.metamerbench.api.GraphInput;
import org.metamerbench.api.GraphModel;
import org.metamerbench.datasets.graph.GraphSetManifest;
import org.metamerbench.datasets.graph.GraphSets;
import org.metamerbench.datasets.graph.GraphStimulusSet;
import org.metamerbench.datasets.graph.Neighbourhood;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.RunRecord;
import org.metamerbench.results.StoredGraph;
import org.metamerbench.runner.acceptance.Acceptance;
import org.metamerbench.runner.engine.ModelRegistry;
import org.metamerbench.runner.engine.RunVerification;
import org.metamerbench.scoring.RunResults;

/**
 * {@link RunVerification} for a graph run: from the stored graphs ({@link StoredGraph}) and the models the run names,
 * without synthesising anything. The graph set and its stimuli must be those run.json records (by hash); each stored
 * reference must be its stimulus's neighbourhood; each stored metamer must be a graph the synthesis can make (binary
 * features where the set's are binary, the reference's edge count where structure was optimised, the reference's
 * features where it was not, the reference's edges where only features were); each job's null distribution is
 * computed again, each metamer judged again by its generator and classified again by every observer, and the natural
 * stimuli classified again. A table that disagrees is a finding.
 */
public final class GraphVerification {
    private GraphVerification() {
    }

    public static RunVerification.Result verify(RunResults r, ModelRegistry registry, Consumer<String> progress)
            throws IOException {
        RunVerification.Findings f = new RunVerification.Findings();
        RunRecord rec = r.record();
        if (!RunVerification.modelsMatch(rec, registry, f)) {
            return f.result(0, 0);
        }
        GraphStimulusSet set = GraphSets.resolve(rec.config().stimulusSet());
        if (rec.stimulusSet() == null || !set.sha256().equals(rec.stimulusSet().sha256())) {
            f.add("the graph set here (" + set.name() + ", SHA-256 " + set.sha256().substring(0, 12) + ") is not the "
                    + "one run.json records");
            return f.result(0, 0);
        }
        Map<String, Integer> index = new HashMap<>();
        List<GraphSetManifest.Node> nodes = set.stimuli();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i).id(), i);
        }
        List<String> ids = r.stimuli();
        List<Neighbourhood> stimuli = new ArrayList<>();
        for (String id : ids) {
            Integer i = index.get(id);
            if (i == null) {
                f.add("run.json names stimulus " + id + ", which the graph set " + set.name() + " does not hold");
                return f.result(0, 0);
            }
            stimuli.add(set.stimulus(i));
        }
        List<Neighbourhood> pool = new ArrayList<>();
        for (int i = 0; i < set.nullPool().size(); i++) {
            pool.add(set.poolItem(i));
        }
        boolean binary = set.manifest().graph().binaryFeatures();
        String kind = rec.config().graph().kind();
        Map<StoredGraph.Key, StoredGraph> graphs = StoredGraph.read(r.dir());
        for (int i = 0; i < ids.size(); i++) {
            StoredGraph ref = graphs.get(StoredGraph.Key.reference(ids.get(i)));
            Neighbourhood nb = stimuli.get(i);
            if (ref == null || ref.nodes() != nb.size() || !Arrays.equals(ref.features(), nb.features())
                    || !Arrays.equals(ref.adjacency(), nb.adjacency())) {
                f.add("graph_metamers.csv: the reference of " + ids.get(i) + (ref == null ? " is missing"
                        : " is not its neighbourhood in " + set.name()));
            }
        }
        int metamers = 0;
        int answers = 0;
        Map<String, GraphModel> opened = new LinkedHashMap<>();
        try {
            List<String> observers = new ArrayList<>();
            for (RunRecord.Model m : rec.modelsOrEmpty()) {
                if (Boolean.TRUE.equals(m.observer())) {
                    observers.add(m.id());
                }
            }
            Map<String, Map<String, Integer>> naturalTable = new HashMap<>();
            r.natural().forEach(n -> naturalTable.computeIfAbsent(n.observer(), k -> new HashMap<>())
                    .put(n.stimulusId(), n.predicted()));
            Map<String, int[]> natural = new HashMap<>();
            for (String o : observers) {
                GraphModel m = open(registry, o, opened, naturalTable.containsKey(o) ? f : null);
                int[] pred = m == null ? null : answers(m, stimuli.stream().map(GraphObservers::input).toList());
                if (pred == null) {
                    if (naturalTable.containsKey(o)) {
                        f.add("natural.csv holds answers of " + o + ", which cannot answer here");
                    }
                    continue; // it failed in the run as it fails here
                }
                natural.put(o, pred);
                answers += RunVerification.compareAnswers(f, "natural.csv: " + o + " on ", ids, naturalTable.get(o),
                        pred);
            }
            Map<String, Map<String, Integer>> answered = new HashMap<>();
            r.recognition().forEach(x -> answered.computeIfAbsent(x.generator() + " x " + x.stage() + "|"
                    + x.observer(), k -> new HashMap<>()).put(x.stimulusId(), x.predicted()));
            Map<String, Map<String, MetamerRow>> rowsByJob = new HashMap<>();
            r.metamers().forEach(m -> rowsByJob.computeIfAbsent(m.generator() + " x " + m.stage(),
                    k -> new HashMap<>()).put(m.stimulusId(), m));
            for (RunResults.Job job : r.jobs()) {
                if (!job.status().equals("ok")) {
                    continue;
                }
                String key = job.generator() + " x " + job.stage();
                progress.accept("verifying " + key);
                GraphModel gen = open(registry, job.generator(), opened, f);
                if (gen == null) {
                    continue;
                }
                Acceptance acceptance = GraphJudge.acceptance(gen, job.stage(), pool);
                List<GraphInput> seen = new ArrayList<>();
                for (int i = 0; i < ids.size(); i++) {
                    String at = "graph_metamers.csv: " + key + " " + ids.get(i) + ": ";
                    StoredGraph met = graphs.get(StoredGraph.Key.metamer(job.generator(), job.stage(), ids.get(i)));
                    if (met == null) {
                        f.add(at + "missing: the metamer of a finished job");
                        seen.add(null);
                        continue;
                    }
                    String invalid = invalid(met, stimuli.get(i), binary, kind);
                    if (invalid != null) {
                        f.add(at + invalid);
                    }
                    GraphInput input = GraphObservers.input(met.features(), met.adjacency(), met.nodes());
                    seen.add(input);
                    GraphJudge.Judged j = GraphJudge.judge(gen, job.stage(), acceptance, stimuli.get(i), input);
                    metamers++;
                    RunVerification.compare(f, key, ids.get(i), rowsByJob.getOrDefault(key, Map.of()).get(ids.get(i)),
                            j.verdict(), j.metamerClass(), acceptance);
                }
                for (String o : natural.keySet()) {
                    int[] pred = seen.contains(null) ? null : answers(opened.get(o), seen);
                    if (pred == null) {
                        f.add("recognition.csv: " + o + " could not answer on " + key + " here");
                        continue;
                    }
                    answers += RunVerification.compareAnswers(f, "recognition.csv: " + o + " on " + key + " ", ids,
                            answered.get(key + "|" + o), pred);
                }
            }
        } finally {
            opened.values().stream().filter(java.util.Objects::nonNull).forEach(GraphModel::close);
        }
        return f.result(metamers, answers);
    }

    /** The model, opened once; a failure to open is a finding in {@code f} (none where {@code f} is null). */
    private static GraphModel open(ModelRegistry registry, String id, Map<String, GraphModel> opened,
            RunVerification.Findings f) {
        GraphModel m = opened.get(id);
        if (m != null || opened.containsKey(id)) {
            return m;
        }
        try {
            m = registry.openGraph(id);
        } catch (RuntimeException e) {
            if (f != null) {
                f.add("model " + id + " cannot be opened here: " + e.getMessage());
            }
        }
        opened.put(id, m);
        return m;
    }

    /** The model's class for each graph, or null where it fails (as a failing plugin fails in its run). */
    private static int[] answers(GraphModel m, List<GraphInput> graphs) {
        int[] pred = new int[graphs.size()];
        try {
            for (int i = 0; i < graphs.size(); i++) {
                pred[i] = GraphObservers.classify(m, graphs.get(i));
            }
        } catch (RuntimeException e) {
            return null;
        }
        return pred;
    }

    /** Why {@code met} is not a graph the synthesis of {@code kind} makes from {@code ref}, or null when it is. */
    static String invalid(StoredGraph met, Neighbourhood ref, boolean binary, String kind) {
        if (met.nodes() != ref.size() || met.featureCount() != ref.featureCount()) {
            return met.nodes() + " nodes of " + met.featureCount() + " features; the reference has " + ref.size()
                    + " of " + ref.featureCount();
        }
        boolean structure = !kind.equals(GraphSynthesisConfig.Kind.FEATURES.option());
        boolean features = !kind.equals(GraphSynthesisConfig.Kind.STRUCTURE.option());
        if (!features && !Arrays.equals(met.features(), ref.features())) {
            return "its features differ from the reference's, though only the structure was optimised";
        }
        if (!structure && !Arrays.equals(met.adjacency(), ref.adjacency())) {
            return "its edges differ from the reference's, though only the features were optimised";
        }
        if (structure && met.edges().size() != ref.edges().length) {
            return met.edges().size() + " edges; the synthesis keeps the reference's " + ref.edges().length;
        }
        if (binary) {
            for (float v : met.features()) {
                if (v != 0f && v != 1f) {
                    return "a feature is " + v + " in a set of binary features";
                }
            }
        }
        if (features && binary && ones(met.features()) != ones(ref.features())) {
            return ones(met.features()) + " feature ones; the synthesis keeps the reference's "
                    + ones(ref.features());
        }
        return null;
    }

    private static int ones(float[] x) {
        int n = 0;
        for (float v : x) {
            n += v != 0f ? 1 : 0;
        }
        return n;
    }
}
