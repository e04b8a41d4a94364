package org.metamerbench.example;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.Tensor;

/** The example model: stages input, fc1_relu, final; input gradients with the fake ReLU at fc1_relu. */
final class ExampleModel implements DifferentiableModel {
    private final ModelCard card;
    private final ExampleNetwork net;
    private final NDManager manager;
    private final ParameterStore params;

    ExampleModel(ModelCard card, ExampleNetwork net, NDManager manager) {
        this.card = card;
        this.net = net;
        this.manager = manager;
        this.net.all.freezeParameters(true);
        this.params = new ParameterStore(manager, false); // a fresh store after loadParameters
    }

    @Override
    public ModelCard card() {
        return card;
    }

    /** {pre-ReLU hidden, ReLU hidden, logits}. */
    private NDArray[] forward(NDArray x, boolean training) {
        NDArray pre = net.hidden.forward(params, new NDList(x), training).singletonOrThrow();
        NDArray h = ai.djl.nn.Activation.relu(pre);
        NDArray logits = net.head.forward(params, new NDList(h), training).singletonOrThrow();
        return new NDArray[] {pre, h, logits};
    }

    @Override
    public Map<String, Tensor> activations(Tensor batch, List<String> stages) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = nd(sub, batch);
            NDArray[] f = forward(x, false);
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (String s : stages) {
                out.put(s, switch (s) {
                    case "input" -> batch;
                    case "fc1_relu" -> tensor(f[1]);
                    case "final" -> tensor(f[2]);
                    default -> throw new IllegalArgumentException("no stage " + s);
                });
            }
            return out;
        }
    }

    @Override
    public StageGradient vjp(Tensor input, String stage, Upstream upstream, boolean fakeRelu) {
        if (stage.equals("input")) {
            return new StageGradient(input, upstream.of(input));
        }
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = nd(sub, input);
            x.setRequiresGradient(true);
            Tensor activation;
            try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                NDArray[] f = forward(x, true);
                NDArray a = stage.equals("fc1_relu") ? f[1] : f[2];
                activation = tensor(a);
                // The fake ReLU: forward through the ReLU, backward as if it were the identity.
                NDArray differentiated = stage.equals("fc1_relu") && fakeRelu ? f[0] : a;
                gc.backward(differentiated.mul(nd(sub, upstream.of(activation))).sum());
            }
            return new StageGradient(activation, tensor(x.getGradient()));
        }
    }

    @Override
    public void close() {
        manager.close();
    }

    private static NDArray nd(NDManager m, Tensor t) {
        return m.create(t.toFloatArray(), new Shape(Arrays.stream(t.shape()).asLongStream().toArray()));
    }

    private static Tensor tensor(NDArray a) {
        return Tensor.wrap(Arrays.stream(a.getShape().getShape()).mapToInt(l -> (int) l).toArray(), a.toFloatArray());
    }
}
