package org.metamerbench.packages;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metamerbench.api.DifferentiableGraphModel;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.GraphInput;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelException;
import org.metamerbench.api.Tensor;
import org.metamerbench.djl.GraphPasses;
import org.metamerbench.djl.NdTensors;

/**
 * A graph model of a package ({@code "graph"} in its descriptor), run by DJL's PyTorch engine: the module's forward
 * takes the node features and the adjacency and returns every node's activation at each stage. It runs in evaluation
 * mode (no Dropout) with frozen parameters; a backward pass gives the gradients with respect to the features and to
 * every entry of the adjacency.
 */
final class TorchScriptGraphModel implements DifferentiableGraphModel {
    private final ModelPackage pkg;
    private final ModelCard card;
    private final ai.djl.Model model;
    private final PtSymbolBlock block;
    private final NDManager manager;
    private boolean closed;

    TorchScriptGraphModel(ModelPackage pkg) {
        this.pkg = pkg;
        this.card = pkg.card();
        try {
            model = TorchScriptModel.load(pkg);
            block = (PtSymbolBlock) model.getBlock();
            block.freezeParameters(true);
            manager = model.getNDManager().newSubManager();
        } catch (Exception e) {
            throw new ModelException(pkg.file() + ": cannot load the TorchScript graph model: " + e.getMessage(), e);
        }
    }

    @Override
    public ModelCard card() {
        return card;
    }

    private boolean isInput(String stage) {
        card.stage(stage); // refuses a stage the card does not have, naming its stages
        return stage.equals(card.stages().get(0).name());
    }

    @Override
    public Map<String, Tensor> activations(GraphInput graph, List<String> stages) {
        ensureOpen();
        try (NDManager sub = manager.newSubManager()) {
            NDList outs = null;
            Map<String, Tensor> result = new LinkedHashMap<>();
            for (String s : stages) {
                if (isInput(s)) {
                    result.put(s, graph.features());
                    continue;
                }
                if (outs == null) {
                    outs = block.forward(new ParameterStore(sub, false), new NDList(NdTensors.toNd(sub,
                            graph.features()), NdTensors.toNd(sub, graph.adjacency())), false);
                }
                result.put(s, NdTensors.toTensor(TorchScriptModel.output(pkg, outs, s)));
            }
            return result;
        } catch (IllegalArgumentException | ModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelException(card.id() + ": forward pass failed: " + e.getMessage(), e);
        }
    }

    @Override
    public GraphGradient vjp(GraphInput graph, String stage, DifferentiableModel.Upstream upstream) {
        ensureOpen();
        if (isInput(stage)) {
            // the input stage is the features themselves: d<u, x>/dx = u, and the adjacency takes no part
            Tensor u = upstream.of(graph.features());
            return new GraphGradient(graph.features(), u, Tensor.zeros(graph.adjacency().shape()));
        }
        JniUtils.enableInferenceMode(block); // evaluation mode with autograd on
        return GraphPasses.vjp(manager, card.id(), stage, graph, upstream, (x, a) -> TorchScriptModel.output(pkg,
                IValueUtils.forward(block, new NDList(x, a), true), stage));
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
            model.close();
        }
    }
}
