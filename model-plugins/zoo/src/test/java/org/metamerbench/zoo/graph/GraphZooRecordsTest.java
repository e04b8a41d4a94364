package org.metamerbench.zoo.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.metamerbench.datasets.graph.Graph;
import org.metamerbench.datasets.graph.GraphSets;
import org.metamerbench.results.Hashing;
import org.metamerbench.zoo.GraphTrainer;

/**
 * The committed graph zoo is what its records say: each weights file has the recorded SHA-256, loads into the
 * recorded architecture, and gives the recorded test accuracy on Cora's Planetoid split when measured again here;
 * the GCNs trained without perturbation are within 2 points of the published 81.5% (Kipf & Welling 2017, Table 2).
 */
class GraphZooRecordsTest {
    static final String DIR = "/org/metamerbench/zoo/graph-models/";

    static byte[] resource(String name) throws IOException {
        try (InputStream in = GraphZooRecordsTest.class.getResourceAsStream(DIR + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    @Test
    void everyCommittedGraphModelReproducesItsRecordedTestAccuracy() throws IOException {
        List<String> ids = new String(resource("graph-models.list"), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals(10, ids.size(), ids.toString());
        Graph cora = GraphSets.loadBuiltin(GraphSets.CORA).graph();
        for (String id : ids) {
            Properties p = new Properties();
            p.load(new java.io.ByteArrayInputStream(resource(id + ".properties")));
            byte[] weights = resource(id + ".params");
            assertEquals(p.getProperty("weights.sha256"), Hashing.sha256(weights), id);
            GraphArchitecture a = GraphArchitecture.of(p.getProperty("architecture"));
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                GraphNetwork net = new GraphNetwork(a, cora.featureCount(), Integer.parseInt(p.getProperty(
                        "train.hidden")), cora.classCount(), Integer.parseInt(p.getProperty("train.heads", "1")), 0, m);
                GraphWeights.read(weights, net, m);
                double test = GraphTrainer.accuracy(net, cora, Graph.Split.TEST, m);
                assertEquals(Double.parseDouble(p.getProperty("result.test_accuracy")), test, 1e-9, id);
                if (a == GraphArchitecture.GCN && p.getProperty("train.perturbation") == null) {
                    assertTrue(Math.abs(test - 0.815) <= 0.02, id + ": " + test + " against the published 0.815");
                } else {
                    // the remedies and other architectures: well above chance (1/7), none below 70%
                    assertTrue(test >= 0.70, id + ": " + test);
                }
                assertTrue(Long.parseLong(p.getProperty("flops").replaceAll(".*final:", "")) > 0, id + ": FLOPs");
            }
        }
    }
}
