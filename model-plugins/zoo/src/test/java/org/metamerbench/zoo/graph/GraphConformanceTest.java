package org.metamerbench.zoo.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.metamerbench.api.Capability;
import org.metamerbench.api.DifferentiableGraphModel;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.GraphInput;
import org.metamerbench.api.GraphModel;
import org.metamerbench.api.Modality;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelException;
import org.metamerbench.api.ModelProvider;
import org.metamerbench.api.Tensor;
import org.metamerbench.api.conformance.ProviderConformance;

/**
 * Every graph architecture of the zoo passes the conformance kit's graph checks, its gradients with respect to the
 * node features and to the edge weights agreeing with central finite differences at every stage; a model with a
 * wrong edge-weight gradient or one that depends on the node numbering fails them.
 */
class GraphConformanceTest {
    static final int FEATURES = 5;
    static final int CLASSES = 3;

    static ModelCard card(String id) {
        return ModelCard.builder(id).version("test").modality(Modality.GRAPH).inputShape(FEATURES).hops(2)
                .classLabels(List.of("a", "b", "c")).stage("input", false, FEATURES).stage("layer1", false, 8)
                .stage("final", false, CLASSES).capability(Capability.INPUT_GRADIENT).build();
    }

    /** Random-weight networks of every architecture (GAT with 2 heads of 4). */
    static final class RandomGraphZoo implements ModelProvider {
        @Override
        public String name() {
            return "random-graph-zoo";
        }

        @Override
        public List<ModelCard> models() {
            return Arrays.stream(GraphArchitecture.values()).map(a -> card(a.id())).toList();
        }

        @Override
        public Model open(String id) {
            throw new ModelException("graph models only");
        }

        @Override
        public GraphModel openGraph(String id) {
            GraphArchitecture a = GraphArchitecture.of(id);
            NDManager m = NDManager.newBaseManager("PyTorch");
            return new DjlGraphModel(card(id), new GraphNetwork(a, FEATURES, a == GraphArchitecture.GAT ? 4 : 8,
                    CLASSES, 2, 7, m), m);
        }
    }

    @Test
    void everyArchitecturesGradientsAgreeWithFiniteDifferences() {
        ProviderConformance.ConformanceReport report = ProviderConformance.forProvider(new RandomGraphZoo())
                .assertConforms();
        for (GraphArchitecture a : GraphArchitecture.values()) {
            for (String stage : List.of("layer1", "final")) {
                for (String what : List.of("feature", "edge-weight")) {
                    String key = a.id() + ": " + stage + " " + what + " gradient relative error";
                    assertTrue(report.measurements().stream().anyMatch(m -> m.startsWith(key)), key + " in "
                            + report.measurements());
                }
            }
        }
        assertTrue(report.checks().keySet().stream().anyMatch(c -> c.name().startsWith("equivariant")));
    }

    /** {@code inner}, with a chosen defect. */
    static final class Broken implements ModelProvider {
        final String defect;

        Broken(String defect) {
            this.defect = defect;
        }

        @Override
        public String name() {
            return "broken";
        }

        @Override
        public List<ModelCard> models() {
            return List.of(card("gcn"));
        }

        @Override
        public Model open(String id) {
            throw new ModelException("graph models only");
        }

        @Override
        public GraphModel openGraph(String id) {
            DifferentiableGraphModel inner = (DifferentiableGraphModel) new RandomGraphZoo().openGraph("gcn");
            return new DifferentiableGraphModel() {
                @Override
                public ModelCard card() {
                    return inner.card();
                }

                @Override
                public Map<String, Tensor> activations(GraphInput g, List<String> stages) {
                    Map<String, Tensor> out = inner.activations(g, stages);
                    if (defect.equals("numbering")) { // node 0 is treated apart: not equivariant
                        Tensor t = out.get("final");
                        if (t != null) {
                            float[] d = t.toFloatArray();
                            d[0] += 1;
                            out.put("final", Tensor.wrap(t.shape(), d));
                        }
                    }
                    return out;
                }

                @Override
                public GraphGradient vjp(GraphInput g, String stage, DifferentiableModel.Upstream upstream) {
                    GraphGradient gg = inner.vjp(g, stage, upstream);
                    if (defect.equals("edges")) { // the adjacency's gradient transposed and halved: wrong for edges
                        float[] d = gg.adjacencyGradient().toFloatArray();
                        int n = g.nodes();
                        float[] t = new float[d.length];
                        for (int i = 0; i < n; i++) {
                            for (int j = 0; j < n; j++) {
                                t[i * n + j] = 0.5f * d[j * n + i];
                            }
                        }
                        return new GraphGradient(gg.activation(), gg.featureGradient(), Tensor.wrap(
                                gg.adjacencyGradient().shape(), t));
                    }
                    return gg;
                }

                @Override
                public void close() {
                    inner.close();
                }
            };
        }
    }

    @Test
    void aWrongEdgeGradientOrANumberingDependentModelFails() {
        ProviderConformance.ConformanceReport edges = ProviderConformance.forProvider(new Broken("edges")).check();
        assertFalse(edges.passed());
        String failures = edges.failures().stream().collect(Collectors.joining("\n"));
        assertTrue(failures.contains("edge-weight gradient disagrees with central finite differences"), failures);
        assertFalse(failures.contains("feature gradient disagrees"), failures);

        ProviderConformance.ConformanceReport numbering = ProviderConformance.forProvider(new Broken("numbering"))
                .check();
        String f2 = numbering.failures().stream().collect(Collectors.joining("\n"));
        assertTrue(f2.contains("renumbering the nodes changed the activations"), f2);
        assertEquals(1, numbering.failures().stream().filter(s -> s.contains("renumbering")).count(), f2);
    }
}
