package org.metamerbench.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.api.DifferentiableGraphModel;
import org.metamerbench.api.GraphInput;
import org.metamerbench.api.Modality;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelException;
import org.metamerbench.api.Tensor;
import org.metamerbench.api.conformance.ProviderConformance;

/**
 * A graph model packaged as TorchScript (fixtures/make_graph_fixture.py: a GCN trained in PyTorch 1.13 on Cora,
 * 81.9% test accuracy there) reproduces what PyTorch computed, its activations and both input gradients at every
 * stage, and passes the conformance kit's graph checks (gradients against finite differences, equivariance); a
 * graph descriptor that breaks a graph model's rules is refused naming the field.
 */
class GraphPackageTest {
    static final String ZIP = "graph/tiny-gcn-torchscript.zip";

    @Test
    void theCardIsAGraphModelsCard() throws IOException {
        ModelCard c = new PackageProvider(PackagesTest.fixture(ZIP)).models().get(0);
        assertEquals(Modality.GRAPH, c.modality());
        assertEquals(2, c.hops());
        assertEquals(List.of("input", "layer1", "final"), c.stageNames());
        assertTrue(c.canGenerate());
    }

    @Test
    void torchScriptReproducesThePythonActivationsAndBothGradients() throws IOException {
        PackageProvider p = new PackageProvider(PackagesTest.fixture(ZIP));
        GraphInput g = new GraphInput(PackagesTest.idx("graph/graph-features.idx"),
                PackagesTest.idx("graph/graph-adjacency.idx"));
        try (DifferentiableGraphModel m = (DifferentiableGraphModel) p.openGraph("tiny-gcn")) {
            Map<String, Tensor> acts = m.activations(g, List.of("input", "layer1", "final"));
            assertEquals(0.0, PackagesTest.maxAbs(acts.get("input"), g.features()));
            for (String stage : List.of("layer1", "final")) {
                Tensor want = PackagesTest.idx("graph/reference-" + stage + ".idx");
                assertTrue(PackagesTest.maxAbs(acts.get(stage), want) <= 1e-5 * Math.max(1,
                        PackagesTest.largest(want)), stage);
                Tensor up = PackagesTest.idx("graph/reference-upstream-" + stage + ".idx");
                DifferentiableGraphModel.GraphGradient gg = m.vjp(g, stage, a -> up);
                assertTrue(PackagesTest.maxAbs(gg.activation(), want) <= 1e-5 * Math.max(1,
                        PackagesTest.largest(want)), stage);
                Tensor xg = PackagesTest.idx("graph/reference-xgrad-" + stage + ".idx");
                Tensor ag = PackagesTest.idx("graph/reference-agrad-" + stage + ".idx");
                assertTrue(PackagesTest.maxAbs(gg.featureGradient(), xg) <= 1e-5 * PackagesTest.largest(xg),
                        stage + " feature gradient");
                assertTrue(PackagesTest.maxAbs(gg.adjacencyGradient(), ag) <= 1e-5 * PackagesTest.largest(ag),
                        stage + " adjacency gradient");
            }
        }
    }

    @Test
    void aGraphPackageIsOpenedAsAGraphModelOnly() throws IOException {
        PackageProvider p = new PackageProvider(PackagesTest.fixture(ZIP));
        ModelException e = assertThrows(ModelException.class, () -> p.open("tiny-gcn"));
        assertTrue(e.getMessage().contains("openGraph"), e.getMessage());
        PackageProvider image = new PackageProvider(PackagesTest.fixture("tiny-cnn-torchscript.zip"));
        assertThrows(ModelException.class, () -> image.openGraph("tiny-cnn-torchscript"));
    }

    @Test
    void theGraphPackageConforms() throws IOException {
        ProviderConformance.forProvider(new PackageProvider(PackagesTest.fixture(ZIP))).assertConforms();
    }

    @Test
    void aGraphDescriptorThatBreaksTheRulesIsRefusedNamingTheField(@TempDir Path tmp) throws IOException {
        String good = BadPackagesTest.descriptor(ZIP);
        byte[] model = BadPackagesTest.entry(ZIP, "model.pt");
        String[][] bad = {
            {good.replace("\"hops\": 2", "\"hops\": 0"), "field 'graph.hops' must be"},
            {good.replace("\"hops\": 2", "\"hops\": 2, \"layers\": 2"), "field 'graph.layers' is not part"},
            {good.replace("\"format\": \"torchscript\"", "\"format\": \"onnx\""), "a graph model must be "
                    + "'torchscript'"},
            {good.replace("\"shape\": [\n   1433\n  ],\n  \"range\"", "\"shape\": [\n   1, 1433\n  ],\n  \"range\""),
                "field 'input.shape' of a graph model is [features]"},
        };
        for (int k = 0; k < bad.length; k++) {
            if (bad[k][0].equals(good)) {
                throw new AssertionError("case " + k + " changed nothing: " + good);
            }
            Path zip = BadPackagesTest.zip(tmp.resolve("bad" + k + ".zip"), Map.of(ModelPackage.DESCRIPTOR,
                    bad[k][0].getBytes(java.nio.charset.StandardCharsets.UTF_8), "model.pt", model));
            IOException e = assertThrows(IOException.class, () -> ModelPackage.read(zip), bad[k][1]);
            assertTrue(e.getMessage().contains(bad[k][1]), e.getMessage());
        }
    }
}
