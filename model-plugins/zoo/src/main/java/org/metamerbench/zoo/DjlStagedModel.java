package org.metamerbench.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.harness.SynthesisLoop;
import org.metamerbench.api.Tensor;
import org.metamerbench.djl.EngineLoop.StageForward;
import org.metamerbench.djl.NdTensors;
import org.metamerbench.djl.StagePasses;

/**
 * A {@link StagedNetwork} with loaded weights behind the SPI. Parameters are frozen, so a backward
 * pass computes only the input gradient.
 */
final class DjlStagedModel implements DifferentiableModel, SynthesisLoop.Runner {
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
            NDList outs = net.forward(parameters, NdTensors.toNd(sub, batch), capture, false);
            Map<String, Tensor> result = new LinkedHashMap<>();
            for (int k = 0; k < capture.length; k++) {
                result.put(stages.get(k), NdTensors.toTensor(outs.get(k)));
            }
            return result;
        }
    }

    @Override
    public StageGradient vjp(Tensor input, String stage, Upstream upstream, boolean fakeRelu) {
        ensureOpen();
        return StagePasses.vjp(manager, card.id(), stage, input, upstream, stageForward(stage, fakeRelu));
    }

    @Override
    public Optional<SynthesisLoop.Result> runLoop(SynthesisLoop loop) {
        ensureOpen();
        return StagePasses.loop(manager, card.id(), loop, stageForward(loop.stage(), loop.fakeRelu()));
    }

    /**
     * The forward pass to a stage: its activation, and what the backward pass differentiates. With the fake
     * ReLU at a stage that ends in one, that is the stage's computation with the ReLU skipped (a max pooling
     * after it, which commutes with the ReLU, applied to the ReLU's input), so the ReLU's backward acts as
     * the identity.
     */
    private StageForward stageForward(String stage, boolean fakeRelu) {
        StagedNetwork.StagePoint point = net.stage(stage);
        boolean fake = fakeRelu && point.afterRelu();
        int relu = point.reluChild();
        int[] capture = fake ? new int[] {point.child(), relu - 1} : new int[] {point.child()};
        return x -> {
            NDList outs = net.forward(parameters, x, capture, false);
            NDArray differentiated = fake
                    ? net.forwardRange(parameters, outs.get(1), relu + 1, point.child(), false)
                    : outs.get(0);
            return new NDList(outs.get(0), differentiated);
        };
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
}
