package org.metamerbench.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Model;
import org.metamerbench.api.Tensor;
import org.metamerbench.api.conformance.ProviderConformance;
import org.metamerbench.results.FloatIdx;

/**
 * The fixture packages made by fixtures/make_fixtures.py (PyTorch 1.13) reproduce what the Python
 * model computed: activations at every stage, input gradients, logits.
 */
class PackagesTest {
    static final List<String> STAGES = List.of("conv1_relu", "fc1_relu", "final");

    static Path fixture(String name) {
        try {
            return Path.of(PackagesTest.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Tensor idx(String name) throws IOException {
        FloatIdx f = FloatIdx.read(fixture(name));
        return Tensor.wrap(f.dims(), f.data());
    }

    /** The largest magnitude of an entry: the scale a gradient's error is judged against. */
    static double largest(Tensor t) {
        double m = 0;
        for (int i = 0; i < t.size(); i++) {
            m = Math.max(m, Math.abs(t.get(i)));
        }
        return m;
    }

    static double maxAbs(Tensor a, Tensor b) {
        assertEquals(java.util.Arrays.toString(b.shape()), java.util.Arrays.toString(a.shape()));
        double m = 0;
        for (int i = 0; i < a.size(); i++) {
            m = Math.max(m, Math.abs(a.get(i) - b.get(i)));
        }
        return m;
    }

    @Test
    void torchScriptReproducesThePythonActivationsAndGradientsAtEveryStage() throws IOException {
        PackageProvider p = new PackageProvider(fixture("tiny-cnn-torchscript.zip"));
        assertTrue(p.models().get(0).canGenerate());
        Tensor x = idx("reference.idx");
        try (DifferentiableModel m = (DifferentiableModel) p.open("tiny-cnn-torchscript")) {
            var acts = m.activations(x, STAGES);
            for (String s : STAGES) {
                double err = maxAbs(acts.get(s), idx("reference-" + s + ".idx"));
                System.out.printf("torchscript %s: activation max abs error %.3g%n", s, err);
                assertTrue(err < 1e-5, s + ": max abs error " + err);
                Tensor upstream = idx("reference-upstream-" + s + ".idx");
                DifferentiableModel.StageGradient g = m.vjp(x, s, a -> upstream, false);
                Tensor expected = idx("reference-grad-" + s + ".idx");
                double gradErr = maxAbs(g.inputGradient(), expected);
                double scale = largest(expected);
                System.out.printf("torchscript %s: input gradient max abs error %.3g (largest entry %.3g)%n", s,
                        gradErr, scale);
                assertTrue(gradErr <= 1e-5 * Math.max(1, scale), s + ": gradient max abs error " + gradErr
                        + " (largest entry " + scale + ")");
            }
        }
    }

    /**
     * A module with BatchNorm and Dropout, its ReLU stages declared as pre-activations: activations and
     * input gradients are PyTorch's in evaluation mode (running statistics, no Dropout), through the true
     * ReLU and, with the fake ReLU, through the identity.
     */
    @Test
    void torchScriptRunsInEvaluationModeAndAppliesDeclaredReluStagesWithTheFakeRelu() throws IOException {
        PackageProvider p = new PackageProvider(fixture("bn-cnn-torchscript.zip"));
        org.metamerbench.api.ModelCard card = p.models().get(0);
        assertTrue(card.stage("conv1_relu").afterRelu() && card.stage("fc1_relu").afterRelu());
        assertTrue(!card.stage("final").afterRelu());
        Tensor x = idx("reference.idx");
        try (DifferentiableModel m = (DifferentiableModel) p.open("bn-cnn-torchscript")) {
            for (int repeat = 0; repeat < 2; repeat++) { // a gradient call must not leave the module in training mode
                var acts = m.activations(x, STAGES);
                for (String s : STAGES) {
                    double err = maxAbs(acts.get(s), idx("bn-reference-" + s + ".idx"));
                    System.out.printf("bn torchscript %s: activation max abs error %.3g%n", s, err);
                    assertTrue(err < 1e-5, s + ": max abs error " + err);
                    Tensor upstream = idx("bn-reference-upstream-" + s + ".idx");
                    for (boolean fake : s.equals("final") ? new boolean[] {false} : new boolean[] {false, true}) {
                        DifferentiableModel.StageGradient g = m.vjp(x, s, a -> upstream, fake);
                        assertTrue(maxAbs(g.activation(), idx("bn-reference-" + s + ".idx")) < 1e-5,
                                s + ": the gradient's forward pass is the evaluation-mode one");
                        Tensor expected = idx("bn-reference-" + (fake ? "fakegrad-" : "grad-") + s + ".idx");
                        double gradErr = maxAbs(g.inputGradient(), expected);
                        double scale = largest(expected);
                        System.out.printf("bn torchscript %s%s: input gradient max abs error %.3g (largest %.3g)%n",
                                s, fake ? " (fake ReLU)" : "", gradErr, scale);
                        assertTrue(gradErr <= 1e-5 * Math.max(1, scale), s + (fake ? " fake ReLU" : "")
                                + ": gradient max abs error " + gradErr + " (largest entry " + scale + ")");
                    }
                }
            }
        }
        ProviderConformance.forProvider(p).assertConforms();
    }

    @Test
    void torchScriptWeightsAreFrozenSoABackwardPassComputesTheInputGradientOnly() throws IOException {
        // Loading with trainParam leaves every parameter requiring a gradient; a backward pass would then also
        // compute the weights' gradients, which synthesis never reads (measured: 1.57x slower steps at batch 100).
        PackageProvider p = new PackageProvider(fixture("tiny-cnn-torchscript.zip"));
        try (TorchScriptModel m = (TorchScriptModel) p.open("tiny-cnn-torchscript")) {
            assertFalse(m.anyParameterRequiresGradient());
            Tensor x = idx("reference.idx");
            DifferentiableModel.StageGradient g = m.vjp(x, "final", a -> a, false);
            assertTrue(largest(g.inputGradient()) > 0, "the input still gets its gradient");
            assertFalse(m.anyParameterRequiresGradient());
        }
    }

    /**
     * A colour ResNet whose manifest declares its input normalisation (fixtures/make_colour_fixture.py):
     * activations and input gradients (through the true ReLU, with respect to the set's values in [0, 1])
     * are PyTorch's with the normalisation applied, at every stage, by the engine loop and by vjp.
     */
    @Test
    void aDeclaredNormalisationIsAppliedByTheHarnessAndDifferentiated() throws IOException {
        PackageProvider p = new PackageProvider(fixture("colour/colour-resnet.zip"));
        org.metamerbench.api.ModelCard card = p.models().get(0);
        assertEquals(List.of(3, 64, 64), java.util.Arrays.stream(card.inputShape()).boxed().toList());
        assertTrue(card.properties().get("normalize").contains("applied by the harness"), card.properties().toString());
        Tensor x = idx("colour/colour-reference.idx");
        List<String> stages = List.of("stem_relu", "block1_relu", "block2_relu", "block3_relu", "avgpool", "final");
        try (DifferentiableModel m = (DifferentiableModel) p.open("colour-resnet")) {
            var acts = m.activations(x, stages);
            for (String s : stages) {
                Tensor expected = idx("colour/colour-reference-" + s + ".idx");
                double err = maxAbs(acts.get(s), expected);
                System.out.printf("colour-resnet %s: activation max abs error %.3g (largest %.3g)%n", s, err,
                        largest(expected));
                assertTrue(err < 1e-4 * Math.max(1, largest(expected)), s + ": max abs error " + err);
                Tensor upstream = idx("colour/colour-reference-upstream-" + s + ".idx");
                Tensor grad = idx("colour/colour-reference-grad-" + s + ".idx");
                double gradErr = maxAbs(m.vjp(x, s, a -> upstream, false).inputGradient(), grad);
                System.out.printf("colour-resnet %s: input gradient max abs error %.3g (largest %.3g)%n", s, gradErr,
                        largest(grad));
                assertTrue(gradErr <= 1e-4 * Math.max(1, largest(grad)), s + ": gradient max abs error " + gradErr);
            }
        }
    }

    @Test
    void theTorchScriptPackageConformsIncludingGradientsAgainstFiniteDifferences() throws IOException {
        ProviderConformance.forProvider(new PackageProvider(fixture("tiny-cnn-torchscript.zip"))).assertConforms();
    }

    @Test
    void onnxReproducesTheLogitsAndIsAnObserverOnly() throws IOException {
        PackageProvider p = new PackageProvider(fixture("tiny-cnn-onnx.zip"));
        assertFalse(p.models().get(0).canGenerate());
        assertTrue(p.models().get(0).description().contains("observer only"));
        Tensor x = idx("reference.idx");
        try (Model m = p.open("tiny-cnn-onnx")) {
            assertFalse(m instanceof DifferentiableModel);
            double err = maxAbs(m.logits(x), idx("reference-final.idx"));
            System.out.printf("onnx logits: max abs error %.3g%n", err);
            assertTrue(err < 1e-5, "logits max abs error " + err);
            var acts = m.activations(x, STAGES);
            for (String s : STAGES) {
                double e = maxAbs(acts.get(s), idx("reference-" + s + ".idx"));
                assertTrue(e < 1e-5, s + ": max abs error " + e);
            }
        }
        ProviderConformance.forProvider(p).assertConforms();
    }

    @Test
    void aBrokenDescriptorNamesTheFieldAndThePackage(@TempDir Path tmp) throws IOException {
        String json;
        try (ZipFile z = new ZipFile(fixture("tiny-cnn-onnx.zip").toFile())) {
            json = new String(z.getInputStream(z.getEntry(ModelPackage.DESCRIPTOR)).readAllBytes(),
                    StandardCharsets.UTF_8);
        }
        Path bad = tmp.resolve("bad.zip");
        try (OutputStream out = Files.newOutputStream(bad); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(ModelPackage.DESCRIPTOR));
            z.write(json.replace("\"format\": \"onnx\"", "\"format\": \"tflite\"").getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        IOException e = assertThrows(IOException.class, () -> ModelPackage.read(bad));
        assertTrue(e.getMessage().contains("bad.zip!metamer-model.json: field 'format' is 'tflite'"), e.getMessage());
    }
}
