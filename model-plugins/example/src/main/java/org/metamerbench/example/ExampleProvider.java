package org.metamerbench.example;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.metamerbench.api.Capability;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelException;
import org.metamerbench.api.ModelProvider;

/**
 * The example plugin's provider, listed in META-INF/services/org.metamerbench.api.ModelProvider:
 * one DJL model whose weights ship in the jar.
 */
public final class ExampleProvider implements ModelProvider {
    static final String WEIGHTS = "/org/metamerbench/example/example-mlp.params";
    static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    @Override
    public String name() {
        return "example";
    }

    @Override
    public List<ModelCard> models() {
        return List.of(ModelCard.builder("example-mlp")
                .version(weightsVersion()) // a hash of the weights: results are tied to them
                .inputShape(1, 28, 28).valueRange(0f, 1f).classLabels(CLASSES)
                .stage("input", false, 1, 28, 28)
                .stage("fc1_relu", true, 128)
                .stage("final", false, 10)
                .capability(Capability.INPUT_GRADIENT)
                .description("Example plugin: MLP 784-128-10 trained one epoch on Fashion-MNIST by ExampleTraining")
                .citation("metamer-bench example plugin")
                .build());
    }

    /** The version of the shipped weights, from their bytes. */
    static String weightsVersion() {
        try (InputStream in = ExampleProvider.class.getResourceAsStream(WEIGHTS)) {
            if (in == null) {
                throw new ModelException("example-mlp: weights " + WEIGHTS + " are missing from the jar; run "
                        + "ExampleTraining first");
            }
            return ModelCard.versionOf(in.readAllBytes());
        } catch (IOException e) {
            throw new ModelException("example-mlp: weights " + WEIGHTS + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public Model open(String id) {
        if (!id.equals("example-mlp")) {
            throw new ModelException("the example plugin has no model '" + id + "'");
        }
        ExampleNetwork net = new ExampleNetwork();
        NDManager manager = NDManager.newBaseManager("PyTorch");
        try (InputStream in = ExampleProvider.class.getResourceAsStream(WEIGHTS)) {
            if (in == null) {
                throw new ModelException("example-mlp: weights " + WEIGHTS + " are missing from the jar; run "
                        + "ExampleTraining first");
            }
            net.all.initialize(manager, DataType.FLOAT32, ExampleNetwork.INPUT);
            net.all.loadParameters(manager, new DataInputStream(in));
            return new ExampleModel(models().get(0), net, manager);
        } catch (IOException | MalformedModelException e) {
            manager.close();
            throw new ModelException("example-mlp: cannot load weights: " + e.getMessage(), e);
        }
    }
}
