package org.metamerbench.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Properties;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.metamerbench.datasets.graph.Csbm;
import org.metamerbench.datasets.graph.Graph;
import org.metamerbench.zoo.graph.GraphArchitecture;
import org.metamerbench.zoo.graph.GraphNetwork;

/**
 * The adversarial remedy's features: PGD and its random control stay in [0, 1] and within the L2 radius of each node's
 * features, and PGD raises the training loss more than a random change of the same size does.
 */
class GraphPerturbationTest {
    @Test
    void pgdRaisesTheLossMoreThanARandomChangeOfTheSameSizeAndBothStayInTheirBall() {
        Graph g = Csbm.generate(Csbm.Params.coraLike(200), 5);
        int n = g.nodeCount();
        int f = g.featureCount();
        int c = g.classCount();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            GraphNetwork net = new GraphNetwork(GraphArchitecture.GCN, f, 8, c, 1, 3, m);
            NDArray x = m.create(GraphTrainer.dense(g), new Shape(n, f));
            NDArray a = m.create(GraphTrainer.adjacency(g), new Shape(n, n));
            int[] train = g.nodesOf(Graph.Split.TRAIN);
            float[] target = new float[n * c];
            for (int v : train) {
                target[v * c + g.label(v)] = 1f / train.length;
            }
            NDArray y = m.create(target, new Shape(n, c));
            double clean = loss(net, x, a, y);
            double[] raised = new double[2];
            int k = 0;
            for (String kind : new String[] {"pgd", "random"}) {
                GraphTrainer.Perturbation p = new GraphTrainer.Perturbation(kind, 0.5f, 5);
                NDArray moved = GraphTrainer.perturbed(net, x, a, y, p, new SplittableRandom(1), m);
                float[] xv = x.toFloatArray();
                float[] mv = moved.toFloatArray();
                for (int v = 0; v < n; v++) {
                    double d = 0;
                    for (int j = 0; j < f; j++) {
                        float value = mv[v * f + j];
                        assertTrue(value >= 0 && value <= 1, kind + ": feature " + value + " out of [0, 1]");
                        d += Math.pow(value - xv[v * f + j], 2);
                    }
                    assertTrue(Math.sqrt(d) <= 0.5 + 1e-4, kind + ": node " + v + " moved " + Math.sqrt(d));
                }
                raised[k++] = loss(net, moved, a, y) - clean;
            }
            assertTrue(raised[0] > 0 && raised[0] > 2 * Math.abs(raised[1]), "loss raised by PGD " + raised[0]
                    + ", by a random change " + raised[1]);
        }
    }

    private static double loss(GraphNetwork net, NDArray x, NDArray a, NDArray y) {
        return net.forward(x, a).get(2).logSoftmax(1).mul(y).sum().neg().getFloat();
    }

    @Test
    void aBadPerturbationFieldIsRefusedNamingIt() {
        Properties p = new Properties();
        p.setProperty("perturbation", "pgd");
        p.setProperty("perturbation.eps", "1");
        var e = assertThrows(IllegalArgumentException.class, () -> GraphTrainer.Perturbation.of(p));
        assertTrue(e.getMessage().contains("perturbation.steps"), e.getMessage());
        p.setProperty("perturbation", "fgsm");
        e = assertThrows(IllegalArgumentException.class, () -> GraphTrainer.Perturbation.of(p));
        assertTrue(e.getMessage().contains("'fgsm'"), e.getMessage());
        p.setProperty("perturbation", "random");
        p.setProperty("perturbation.norm", "linf");
        e = assertThrows(IllegalArgumentException.class, () -> GraphTrainer.Perturbation.of(p));
        assertTrue(e.getMessage().contains("perturbation.norm"), e.getMessage());
        p.remove("perturbation.norm");
        assertEquals(new GraphTrainer.Perturbation("random", 1f, 0), GraphTrainer.Perturbation.of(p));
    }
}
