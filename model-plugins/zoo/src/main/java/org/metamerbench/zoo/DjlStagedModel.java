package org.metamerbench.zoo;

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
import org.metamerbench.api.ModelException;
import org.metamerbench.api.Tensor;

/**
 * A {@link StagedNetwork} with loaded weights behind the SPI. Parameters are frozen, so a backward
 * pass computes only the input gradient.
 */
final class DjlStagedModel implements DifferentiableModel {
    private final ModelCard card;
    private final StagedNetwork net;
    private final NDManager manager;
    private final ParameterStore parameters;
    private boolean closed;

    /** Takes ownership of {@code manager}, which holds the network's initialised weights. */
    DjlStagedModel(ModelCard card, StagedNetwork net, NDManager manager) {
        this.card = card;
        this.net = net;
        this.manager = manager;
        this.net.block().freezeParameters(true);
        this.parameters = new ParameterStore(manager, false);
    }

    @Override
    public ModelCard card() {
        return card;
    }

    StagedNetwork network() {
        return net;
    }

    @Override
    public Map<String, Tensor> activations(Tensor batch, List<String> stages) {
        ensureOpen();
        int[] capture = stages.stream().mapToInt(s -> net.stage(s).child()).toArray();
        try (NDManager sub = manager.newSubManager()) {
            NDList outs = net.forward(parameters, toNd(sub, batch), capture, false);
            Map<String, Tensor> result = new LinkedHashMap<>();
            for (int k = 0; k < capture.length; k++) {
                result.put(stages.get(k), toTensor(outs.get(k)));
            }
            return result;
        }
    }

    @Override
    public StageGradient vjp(Tensor input, String stage, Upstream upstream, boolean fakeRelu) {
        ensureOpen();
        StagedNetwork.StagePoint point = net.stage(stage);
        boolean fake = fakeRelu && point.afterRelu();
        int relu = point.reluChild();
        int[] capture = fake ? new int[] {point.child(), relu - 1} : new int[] {point.child()};
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = toNd(sub, input);
            x.setRequiresGradient(true);
            Tensor activation;
            try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                NDList outs = net.forward(parameters, x, capture, false);
                activation = toTensor(outs.get(0));
                Tensor u = upstream.of(activation);
                if (!Arrays.equals(u.shape(), activation.shape())) {
                    throw new IllegalArgumentException("upstream gradient shape " + Arrays.toString(u.shape())
                            + " differs from the activation's " + Arrays.toString(activation.shape()));
                }
                // Fake ReLU: differentiate the stage's computation with the ReLU skipped (a max pooling
                // after it, which commutes with the ReLU, applied to the ReLU's input), so the ReLU's
                // backward acts as the identity.
                NDArray differentiated = fake
                        ? net.forwardRange(parameters, outs.get(1), relu + 1, point.child(), false)
                        : outs.get(0);
                gc.backward(differentiated.mul(toNd(sub, u)).sum());
            }
            return new StageGradient(activation, toTensor(x.getGradient()));
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new ModelException(card.id() + ": gradient at stage " + stage + " failed: " + e.getMessage(), e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(card.id() + " is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }

    static NDArray toNd(NDManager m, Tensor t) {
        int[] s = t.shape();
        long[] shape = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = s[i];
        }
        return m.create(t.toFloatArray(), new Shape(shape));
    }

    static Tensor toTensor(NDArray a) {
        long[] s = a.getShape().getShape();
        int[] shape = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = Math.toIntExact(s[i]);
        }
        return Tensor.wrap(shape, a.toFloatArray());
    }
}
