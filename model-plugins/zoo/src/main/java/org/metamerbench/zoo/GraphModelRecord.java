package org.metamerbench.zoo;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.metamerbench.api.Capability;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelException;
import org.metamerbench.api.Modality;
import org.metamerbench.api.Stage;
import org.metamerbench.zoo.graph.DjlGraphModel;
import org.metamerbench.zoo.graph.GraphArchitecture;
import org.metamerbench.zoo.graph.GraphNetwork;
import org.metamerbench.zoo.graph.GraphWeights;

/**
 * The record {@link GraphTrainer#write} leaves beside a graph model's weights, read back: the model card (built
 * without loading weights) and the network the weights load into.
 */
final class GraphModelRecord {
    static final String CITATION = "metamer-bench built-in zoo, trained on Cora (Sen et al. 2008) with the Planetoid "
            + "split (Yang et al. 2016) by `metamer-bench train`";

    private GraphModelRecord() {
    }

    /** Whether {@code p} is a graph model's record. */
    static boolean isGraph(Properties p) {
        return "graph".equals(p.getProperty("modality"));
    }

    static ModelCard card(Properties p) {
        String id = p.getProperty("id");
        GraphArchitecture a = architecture(p);
        Map<String, Long> widths = pairs(p, "stages");
        Map<String, Long> flops = pairs(p, "flops");
        ModelCard.Builder b = ModelCard.builder(id)
                .version(p.getProperty("weights.sha256"))
                .modality(Modality.GRAPH)
                .inputShape(Math.toIntExact(widths.getOrDefault("input", 0L)))
                .valueRange(0f, 1f)
                .hops(Integer.parseInt(p.getProperty("hops")))
                .classLabels(Arrays.asList(p.getProperty("classes", "").split("\\|")))
                .description(p.getProperty("description", a.description()))
                .citation(CITATION)
                .capability(Capability.INPUT_GRADIENT)
                .lineage(ModelRecord.lineage(p));
        for (String stage : GraphArchitecture.STAGES) {
            Long width = widths.get(stage);
            if (width == null) {
                throw new ModelException(id + ".properties: field 'stages' has no stage '" + stage + "'");
            }
            // node activations: the published method's fake ReLU is an image and sound procedure, not applied here
            b.stage(new Stage(stage, new int[] {Math.toIntExact(width)}, false));
            if (flops.containsKey(stage)) {
                b.forwardFlops(stage, flops.get(stage));
            }
        }
        Map<String, String> sorted = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("train.") || key.startsWith("result.") || key.startsWith("flops")
                    || key.equals("architecture") || key.equals("data")) {
                sorted.put(key, p.getProperty(key));
            }
        }
        sorted.forEach(b::property);
        return b.build();
    }

    /** The network of record {@code p} with {@code weights} loaded into {@code manager}, behind the SPI. */
    static DjlGraphModel open(ModelCard card, Properties p, byte[] weights) {
        GraphArchitecture a = architecture(p);
        NDManager manager = NDManager.newBaseManager(ZooTrainer.ENGINE);
        try {
            int classes = card.classLabels().size();
            GraphNetwork net = new GraphNetwork(a, card.inputShape()[0], Integer.parseInt(p.getProperty(
                    "train.hidden")), classes, Integer.parseInt(p.getProperty("train.heads", "1")), 0, manager);
            GraphWeights.read(weights, net, manager);
            if (net.hiddenWidth() != card.stages().get(1).shape()[0]) {
                throw new IOException("layer1 is " + net.hiddenWidth() + " wide, the record says "
                        + card.stages().get(1).shape()[0]);
            }
            return new DjlGraphModel(card, net, manager);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw new ModelException(card.id() + ": cannot load graph weights: " + e.getMessage(), e);
        }
    }

    private static GraphArchitecture architecture(Properties p) {
        try {
            return GraphArchitecture.of(p.getProperty("architecture", ""));
        } catch (IllegalArgumentException e) {
            throw new ModelException(p.getProperty("id") + ".properties: " + e.getMessage(), e);
        }
    }

    /** {@code name:number|name:number} of field {@code key}, in order. */
    private static Map<String, Long> pairs(Properties p, String key) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        String v = p.getProperty(key);
        if (v == null) {
            return out;
        }
        for (String part : v.split("\\|")) {
            String[] kv = part.split(":");
            try {
                out.put(kv[0], Long.parseLong(kv[1]));
            } catch (RuntimeException e) {
                throw new ModelException(p.getProperty("id") + ".properties: field '" + key + "': '" + part
                        + "' is not stage:number");
            }
        }
        return out;
    }
}
