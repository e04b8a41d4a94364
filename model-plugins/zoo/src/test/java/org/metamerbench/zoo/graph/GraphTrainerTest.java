package org.metamerbench.zoo.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.metamerbench.datasets.graph.Csbm;
import org.metamerbench.datasets.graph.Graph;
import org.metamerbench.zoo.GraphTrainer;

/** Training a graph network learns the classes of a synthetic graph, the same bits for the same seed. */
class GraphTrainerTest {
    static GraphTrainer.Config config(String architecture, long seed) {
        Properties p = new Properties();
        p.setProperty("id", architecture + "-test");
        p.setProperty("architecture", architecture);
        p.setProperty("seed", Long.toString(seed));
        p.setProperty("hidden", "8");
        p.setProperty("heads", "2");
        p.setProperty("epochs", "40");
        p.setProperty("learning_rate", "0.02");
        p.setProperty("weight_decay", "5e-4");
        p.setProperty("dropout", "0.5");
        return GraphTrainer.Config.of(p);
    }

    @Test
    void aGcnLearnsTheClassesOfABlockModelGraphAndTheSameSeedGivesTheSameWeights() throws IOException {
        Graph g = Csbm.generate(Csbm.Params.coraLike(350), 3);
        byte[] first;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            GraphTrainer.Result r = GraphTrainer.train(config("gcn", 1), g, m, s -> { });
            // 7 classes: chance is 0.14; homophilous edges and class-bearing words make it learnable
            assertTrue(r.testAccuracy() > 0.6, "test accuracy " + r.testAccuracy());
            assertTrue(r.bestEpoch() >= 1 && r.bestEpoch() <= 40);
            assertTrue(r.valAccuracy() > 0.5 && r.valAccuracy() <= 1, "validation accuracy " + r.valAccuracy());
            first = GraphWeights.write(r.network());
        }
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            assertArrayEquals(first, GraphWeights.write(GraphTrainer.train(config("gcn", 1), g, m, s -> { })
                    .network()), "training is deterministic for a seed");
        }
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            GraphNetwork net = new GraphNetwork(GraphArchitecture.GCN, g.featureCount(), 8, g.classCount(), 1, 99, m);
            GraphWeights.read(first, net, m);
            assertArrayEquals(first, GraphWeights.write(net), "weights read back are the weights written");
        }
    }

    @Test
    void aConfigWithABadFieldOrAnUnsafeIdIsRefusedNamingIt() {
        Properties p = new Properties();
        p.setProperty("id", "../escape");
        p.setProperty("architecture", "gcn");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GraphTrainer.Config.of(p));
        assertTrue(e.getMessage().contains("id"), e.getMessage());
        p.setProperty("id", "ok");
        p.setProperty("seed", "1");
        p.setProperty("hidden", "sixteen");
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GraphTrainer.Config.of(p));
        assertTrue(e.getMessage().contains("field 'hidden': 'sixteen' is not a number"), e.getMessage());
    }

    @Test
    void everyArchitectureTrains() {
        Graph g = Csbm.generate(Csbm.Params.coraLike(250), 4);
        for (GraphArchitecture a : GraphArchitecture.values()) {
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                GraphTrainer.Result r = GraphTrainer.train(config(a.id(), 2), g, m, s -> { });
                assertTrue(r.trainAccuracy() > 0.5, a.id() + ": train accuracy " + r.trainAccuracy());
            }
        }
    }
}
