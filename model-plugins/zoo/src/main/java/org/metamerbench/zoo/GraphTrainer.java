package org.metamerbench.zoo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.tracker.Tracker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.metamerbench.datasets.graph.Graph;
import org.metamerbench.datasets.graph.Neighbourhood;
import org.metamerbench.zoo.graph.GraphArchitecture;
import org.metamerbench.zoo.graph.GraphNetwork;

/**
 * Trains a graph network as Kipf & Welling trained GCN on the Planetoid split: the whole graph at once (transductive),
 * softmax cross-entropy on the training nodes, Adam, L2 weight decay on the first layer's weights, dropout on each
 * layer's input, and the weights of the epoch with the best validation accuracy kept (Kipf & Welling stop early on
 * the validation loss; the epoch chosen is recorded). Deterministic for a seed: the initial weights and every
 * dropout mask come from it. Reports test accuracy on the whole graph (the published protocol) and on the test nodes'
 * 2-hop neighbourhoods alone, which is what the harness's stimuli are.
 */
public final class GraphTrainer {
    /** A graph model's training settings ({@code model-plugins/zoo/training/*.properties} with a graph architecture). */
    public record Config(String id, GraphArchitecture architecture, String description, long seed, int hidden,
            int heads, int epochs, float learningRate, float weightDecay, float dropout, Perturbation perturbation) {
        /**
         * The config of {@code p}; a missing or malformed field is an {@link IllegalArgumentException} naming it. The
         * id names the model's files, so it must be a safe name.
         */
        public static Config of(Properties p) {
            String id = org.metamerbench.api.harness.SafeName.check("id", field(p, "id"));
            return new Config(id, GraphArchitecture.of(field(p, "architecture")), p.getProperty("description", ""),
                    number(p, "seed", Long::parseLong), number(p, "hidden", Integer::parseInt),
                    number(p, "heads", Integer::parseInt, "1"), number(p, "epochs", Integer::parseInt),
                    number(p, "learning_rate", Float::parseFloat), number(p, "weight_decay", Float::parseFloat),
                    number(p, "dropout", Float::parseFloat), Perturbation.of(p));
        }

        private static String field(Properties p, String key) {
            String v = p.getProperty(key);
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("field '" + key + "' is missing");
            }
            return v.strip();
        }

        private static <T> T number(Properties p, String key, java.util.function.Function<String, T> parse) {
            return number(p, key, parse, null);
        }

        private static <T> T number(Properties p, String key, java.util.function.Function<String, T> parse,
                String absent) {
            String v = p.getProperty(key) == null && absent != null ? absent : field(p, key);
            try {
                return parse.apply(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("field '" + key + "': '" + v + "' is not a number");
            }
        }
    }

    /**
     * What the features are perturbed with in training ({@code perturbation=none|pgd|random}), the seed work's
     * adversarial remedy and its control: {@code pgd} trains on the worst features found by {@code steps} projected
     * gradient-ascent steps on the training loss (step {@code 2.5 eps / steps}, each node's change kept in an L2 ball
     * of radius {@code eps}, features kept in [0, 1]; the parameters frozen and no dropout during the attack);
     * {@code random} trains on a fresh random change of the same L2 size per node and epoch, in the same range, so
     * that the two differ only in the direction of the change.
     */
    public record Perturbation(String kind, float eps, int steps) {
        static final Perturbation NONE = new Perturbation("none", 0, 0);

        public static Perturbation of(Properties p) {
            String kind = p.getProperty("perturbation", "none").strip();
            if (kind.equals("none")) {
                return NONE;
            }
            if (!kind.equals("pgd") && !kind.equals("random")) {
                throw new IllegalArgumentException("field 'perturbation': '" + kind + "' is not none, pgd or random");
            }
            if (!p.getProperty("perturbation.norm", "l2").strip().equals("l2")) {
                throw new IllegalArgumentException("field 'perturbation.norm': only l2 (per node) is offered");
            }
            float eps = Config.number(p, "perturbation.eps", Float::parseFloat);
            int steps = Config.number(p, "perturbation.steps", Integer::parseInt, "0");
            if (!(eps > 0) || kind.equals("pgd") && steps < 1) {
                throw new IllegalArgumentException("field 'perturbation." + (eps > 0 ? "steps" : "eps")
                        + "' must be positive for " + kind);
            }
            return new Perturbation(kind, eps, steps);
        }

        boolean active() {
            return !kind.equals("none");
        }
    }

    /** What training gave: the network (its weights in the manager given) and what was measured. */
    public record Result(GraphNetwork network, int bestEpoch, double trainAccuracy, double valAccuracy,
            double testAccuracy, double testAccuracyNeighbourhoods, double seconds) {
    }

    private GraphTrainer() {
    }

    /** Trains {@code cfg} on {@code g}; the network's weights are arrays of {@code manager}. */
    public static Result train(Config cfg, Graph g, NDManager manager, java.util.function.Consumer<String> log) {
        long start = System.nanoTime();
        int n = g.nodeCount();
        int f = g.featureCount();
        int c = g.classCount();
        GraphNetwork net = new GraphNetwork(cfg.architecture(), f, cfg.hidden(), c, cfg.heads(), cfg.seed(), manager);
        NDArray x = manager.create(dense(g), new Shape(n, f));
        NDArray a = manager.create(adjacency(g), new Shape(n, n));
        int[] train = g.nodesOf(Graph.Split.TRAIN);
        float[] target = new float[n * c];
        for (int v : train) {
            target[v * c + g.label(v)] = 1f / train.length;
        }
        NDArray y = manager.create(target, new Shape(n, c));
        NDArray decay = manager.create(new float[] {cfg.weightDecay()});
        NDArray keep = manager.create(new float[] {1f / (1f - cfg.dropout())});
        ZooAdam adam = ZooAdam.of(Tracker.fixed(cfg.learningRate()), 0);
        SplittableRandom rnd = new SplittableRandom(cfg.seed() * 7919 + 17);
        Engine engine = manager.getEngine();
        int bestEpoch = -1;
        double bestVal = -1;
        Map<String, float[]> best = new LinkedHashMap<>();
        for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
            try (NDManager step = manager.newSubManager()) {
                Map<String, NDArray> leaves = new LinkedHashMap<>();
                for (Map.Entry<String, NDArray> p : net.parameters().entrySet()) {
                    NDArray leaf = p.getValue().duplicate();
                    leaf.attach(step);
                    leaf.setRequiresGradient(true);
                    leaves.put(p.getKey(), leaf);
                }
                // every array of the step in the step's manager: the results of an operation live with its first
                // operand, and a dense Cora adjacency is 29 MB
                NDArray xs = x.duplicate();
                xs.attach(step);
                NDArray as = a.duplicate();
                as.attach(step);
                if (cfg.perturbation().active()) {
                    xs = perturbed(net, xs, as, y, cfg.perturbation(), rnd, step);
                }
                try (GradientCollector gc = engine.newGradientCollector()) {
                    NDArray logits = net.forward(xs, as, leaves, (layer, in) -> mask(in, cfg.dropout(), keep, rnd,
                            step)).get(2);
                    NDArray loss = logits.logSoftmax(1).mul(y).sum().neg();
                    gc.backward(loss);
                }
                for (Map.Entry<String, NDArray> p : net.parameters().entrySet()) {
                    NDArray grad = leaves.get(p.getKey()).getGradient();
                    if (GraphNetwork.firstLayerWeight(p.getKey()) && cfg.weightDecay() > 0) {
                        NDArray decayed = p.getValue().mul(decay);
                        decayed.attach(step);
                        grad = grad.add(decayed);
                    }
                    adam.update(p.getKey(), p.getValue(), grad);
                }
            }
            double val = accuracy(net, x, a, g, Graph.Split.VAL, manager);
            if (val > bestVal) {
                bestVal = val;
                bestEpoch = epoch;
                net.parameters().forEach((k, v) -> best.put(k, v.toFloatArray()));
            }
        }
        net.parameters().replaceAll((k, v) -> {
            NDArray restored = manager.create(best.get(k), v.getShape());
            v.close();
            return restored;
        });
        double trainAcc = accuracy(net, x, a, g, Graph.Split.TRAIN, manager);
        double test = accuracy(net, x, a, g, Graph.Split.TEST, manager);
        double local = neighbourhoodAccuracy(net, g, manager);
        double seconds = (System.nanoTime() - start) / 1e9;
        log.accept(String.format("%s: best validation accuracy %.3f at epoch %d; test accuracy %.3f on the graph, "
                + "%.3f on the test nodes' 2-hop neighbourhoods; %.1f s", cfg.id(), bestVal, bestEpoch, test, local,
                seconds));
        return new Result(net, bestEpoch, trainAcc, bestVal, test, local, seconds);
    }

    /** The features a training step sees under {@code p}: {@code x} moved by PGD or at random (see {@link Perturbation}). */
    static NDArray perturbed(GraphNetwork net, NDArray x, NDArray a, NDArray y, Perturbation p,
            SplittableRandom rnd, NDManager step) {
        NDArray eps = step.create(new float[] {p.eps()});
        NDArray tiny = step.create(new float[] {1e-12f});
        NDArray delta;
        if (p.kind().equals("random")) {
            float[] r = new float[Math.toIntExact(x.getShape().size())];
            for (int i = 0; i < r.length; i++) {
                r[i] = (float) rnd.nextGaussian();
            }
            NDArray d = step.create(r, x.getShape());
            delta = d.div(d.square().sum(new int[] {1}, true).sqrt().maximum(tiny)).mul(eps);
        } else {
            NDArray alpha = step.create(new float[] {2.5f * p.eps() / p.steps()});
            delta = step.zeros(x.getShape());
            for (int s = 0; s < p.steps(); s++) {
                NDArray leaf = x.add(delta);
                leaf.setRequiresGradient(true);
                try (GradientCollector gc = step.getEngine().newGradientCollector()) {
                    gc.backward(net.forward(leaf, a).get(2).logSoftmax(1).mul(y).sum().neg());
                }
                NDArray g = leaf.getGradient();
                NDArray ascent = g.div(g.square().sum(new int[] {1}, true).sqrt().maximum(tiny)).mul(alpha);
                delta = delta.add(ascent);
                NDArray norm = delta.square().sum(new int[] {1}, true).sqrt().maximum(tiny);
                delta = delta.mul(eps.div(norm).minimum(step.ones(new ai.djl.ndarray.types.Shape(1))));
                delta = x.add(delta).clip(0, 1).sub(x).stopGradient();
            }
        }
        return x.add(delta).clip(0, 1).stopGradient();
    }

    /** The accuracy of {@code net} on the labelled nodes of {@code split}, the whole graph seen at once. */
    public static double accuracy(GraphNetwork net, Graph g, Graph.Split split, NDManager manager) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = sub.create(dense(g), new Shape(g.nodeCount(), g.featureCount()));
            NDArray a = sub.create(adjacency(g), new Shape(g.nodeCount(), g.nodeCount()));
            return accuracy(net, x, a, g, split, sub);
        }
    }

    private static NDArray mask(NDArray in, float p, NDArray keep, SplittableRandom rnd, NDManager step) {
        if (p <= 0) {
            return in;
        }
        long size = in.getShape().size();
        float[] m = new float[Math.toIntExact(size)];
        for (int i = 0; i < m.length; i++) {
            m[i] = rnd.nextDouble() < p ? 0f : 1f;
        }
        return in.mul(step.create(m, in.getShape()).mul(keep));
    }

    private static double accuracy(GraphNetwork net, NDArray x, NDArray a, Graph g, Graph.Split split,
            NDManager manager) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray xs = x.duplicate();
            xs.attach(sub);
            NDArray as = a.duplicate();
            as.attach(sub);
            long[] predicted = net.forward(xs, as).get(2).argMax(1).toLongArray();
            int[] nodes = g.nodesOf(split);
            int right = 0;
            int labelled = 0;
            for (int v : nodes) {
                if (g.label(v) >= 0) {
                    labelled++;
                    right += predicted[v] == g.label(v) ? 1 : 0;
                }
            }
            return labelled == 0 ? Double.NaN : (double) right / labelled;
        }
    }

    /** Accuracy on the test nodes when each is classified from its 2-hop neighbourhood alone, as a stimulus is. */
    public static double neighbourhoodAccuracy(GraphNetwork net, Graph g, NDManager manager) {
        int right = 0;
        int labelled = 0;
        for (int v : g.nodesOf(Graph.Split.TEST)) {
            if (g.label(v) < 0) {
                continue;
            }
            Neighbourhood nb = Neighbourhood.of(g, v, GraphArchitecture.HOPS);
            try (NDManager sub = manager.newSubManager()) {
                NDArray x = sub.create(nb.features(), new Shape(nb.size(), nb.featureCount()));
                NDArray a = sub.create(nb.adjacency(), new Shape(nb.size(), nb.size()));
                labelled++;
                right += net.forward(x, a).get(2).get(0).argMax().getLong() == g.label(v) ? 1 : 0;
            }
        }
        return (double) right / labelled;
    }

    /** The median size of the test nodes' receptive fields ({@link GraphArchitecture#HOPS}-hop neighbourhoods). */
    static int medianNeighbourhood(Graph g) {
        int[] sizes = java.util.Arrays.stream(g.nodesOf(Graph.Split.TEST))
                .map(v -> Neighbourhood.of(g, v, GraphArchitecture.HOPS).size()).sorted().toArray();
        return sizes.length == 0 ? 0 : sizes[sizes.length / 2];
    }

    static float[] dense(Graph g) {
        float[] out = new float[g.nodeCount() * g.featureCount()];
        for (int v = 0; v < g.nodeCount(); v++) {
            System.arraycopy(g.features(v), 0, out, v * g.featureCount(), g.featureCount());
        }
        return out;
    }

    static float[] adjacency(Graph g) {
        int n = g.nodeCount();
        float[] out = new float[n * n];
        for (int[] e : g.edges()) {
            out[e[0] * n + e[1]] = 1;
            out[e[1] * n + e[0]] = 1;
        }
        return out;
    }

    /** Whether a training config names a graph architecture (else it is an image or sound model's). */
    public static boolean isGraphConfig(Properties p) {
        String a = p.getProperty("architecture", "");
        return java.util.Arrays.stream(GraphArchitecture.values()).anyMatch(x -> x.id().equals(a));
    }

    /**
     * Writes {@code <id>.params} (the weights, {@link org.metamerbench.zoo.graph.GraphWeights}) and {@code
     * <id>.properties} (the record: the config, what was measured, the weights' SHA-256, the engine) into {@code dir};
     * returns the weights' SHA-256.
     */
    public static String write(java.nio.file.Path dir, Config cfg, Properties config, Result r, Graph g,
            String dataName) throws java.io.IOException {
        byte[] weights = org.metamerbench.zoo.graph.GraphWeights.write(r.network());
        String sha = org.metamerbench.results.Hashing.sha256(weights);
        java.nio.file.Files.createDirectories(dir);
        org.metamerbench.results.AtomicFiles.write(dir, dir.resolve(cfg.id() + ".params"), weights);
        Properties p = new Properties();
        for (String k : config.stringPropertyNames()) {
            p.setProperty("train." + k, config.getProperty(k));
        }
        p.setProperty("id", cfg.id());
        p.setProperty("architecture", cfg.architecture().id());
        p.setProperty("description", cfg.description());
        p.setProperty("modality", "graph");
        p.setProperty("data", dataName);
        p.setProperty("hops", Integer.toString(GraphArchitecture.HOPS));
        p.setProperty("features", Integer.toString(g.featureCount()));
        p.setProperty("stages", "input:" + g.featureCount() + "|layer1:" + r.network().hiddenWidth() + "|final:"
                + g.classCount());
        int nodes = medianNeighbourhood(g);
        StringBuilder flops = new StringBuilder();
        for (String stage : GraphArchitecture.STAGES) {
            flops.append(flops.length() == 0 ? "" : "|").append(stage).append(':').append(r.network().flops(stage, nodes));
        }
        p.setProperty("flops", flops.toString());
        p.setProperty("flops.nodes", Integer.toString(nodes));
        StringBuilder classes = new StringBuilder();
        for (int c = 0; c < g.classCount(); c++) {
            classes.append(c == 0 ? "" : "|").append("class ").append(c);
        }
        p.setProperty("classes", classes.toString());
        p.setProperty("weights.sha256", sha);
        p.setProperty("result.best_epoch", Integer.toString(r.bestEpoch()));
        p.setProperty("result.train_accuracy", ZooTrainer.format(r.trainAccuracy()));
        p.setProperty("result.val_accuracy", ZooTrainer.format(r.valAccuracy()));
        p.setProperty("result.test_accuracy", ZooTrainer.format(r.testAccuracy()));
        p.setProperty("result.test_accuracy_2hop_neighbourhoods", ZooTrainer.format(r.testAccuracyNeighbourhoods()));
        p.setProperty("result.test_nodes", Integer.toString(g.nodesOf(Graph.Split.TEST).length));
        p.setProperty("result.train_seconds", String.format(java.util.Locale.ROOT, "%.1f", r.seconds()));
        p.setProperty("result.engine", "DJL " + Engine.getDjlVersion() + ", " + ZooTrainer.ENGINE + " "
                + Engine.getEngine(ZooTrainer.ENGINE).getVersion() + ", CPU");
        java.io.StringWriter w = new java.io.StringWriter();
        p.store(w, null);
        String text = "# metamer-bench zoo graph model record: written by `metamer-bench train`, do not edit\n"
                + w.toString().lines().filter(l -> !l.startsWith("#")).sorted()
                        .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        org.metamerbench.results.AtomicFiles.write(dir, dir.resolve(cfg.id() + ".properties"),
                text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return sha;
    }
}
