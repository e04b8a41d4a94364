package org.metamerbench.packages;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelException;
import org.metamerbench.api.harness.SynthesisLoop;
import org.metamerbench.api.Tensor;
import org.metamerbench.djl.EngineLoop.StageForward;
import org.metamerbench.djl.NdTensors;
import org.metamerbench.djl.StagePasses;

/**
 * A TorchScript model of a package, run by DJL's PyTorch engine with input gradients. One forward
 * pass of the module gives every stage (the tuple its forward returns). The module always runs in
 * evaluation mode (BatchNorm with its running statistics, no Dropout), for activations and for input
 * gradients alike. A stage declared {@code "relu": true} is the ReLU of the module's output, applied
 * here; its fake ReLU differentiates the output itself (forward ReLU, backward identity). A ReLU inside
 * the module's graph cannot be bypassed: a stage that ends in one there gets no fake ReLU.
 */
final class TorchScriptModel implements DifferentiableModel, SynthesisLoop.Runner {
    private final ModelPackage pkg;
    private final ModelCard card;
    private final ai.djl.Model model;
    private final PtSymbolBlock block;
    private final NDManager manager;
    private boolean closed;

    TorchScriptModel(ModelPackage pkg) {
        this.pkg = pkg;
        this.card = pkg.card();
        try {
            model = load(pkg);
            block = (PtSymbolBlock) model.getBlock();
            // Input gradients only: frozen weights keep the backward pass from computing theirs.
            block.freezeParameters(true);
            manager = model.getNDManager().newSubManager();
        } catch (Exception e) {
            throw new ModelException(pkg.file() + ": cannot load the TorchScript model: " + e.getMessage(), e);
        }
    }

    /** The package's TorchScript module, loaded with autograd available so that input gradients can be taken. */
    static ai.djl.Model load(ModelPackage pkg) throws Exception {
        return PackageArchive.loadModel(pkg, "pt", file -> {
            ai.djl.Model m = ai.djl.Model.newInstance(pkg.id(), "PyTorch");
            try {
                // trainParam: keep autograd available, so that input gradients can be taken.
                m.load(file.getParent(), "model", Map.of("trainParam", "true"));
                return m;
            } catch (IOException | MalformedModelException | RuntimeException e) {
                m.close();
                throw e;
            }
        });
    }

    @Override
    public ModelCard card() {
        return card;
    }

    /** Whether any of the module's parameters would get a gradient in a backward pass. */
    boolean anyParameterRequiresGradient() {
        return block.getParameters().values().stream().anyMatch(p -> p.getArray().hasGradient());
    }

    @Override
    public Map<String, Tensor> activations(Tensor batch, List<String> stages) {
        ensureOpen();
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = normalized(NdTensors.toNd(sub, batch));
            NDList outs = block.forward(new ParameterStore(sub, false), new NDList(x), false);
            Map<String, Tensor> result = new LinkedHashMap<>();
            for (String s : stages) {
                result.put(s, s.equals(card.stages().get(0).name()) ? batch : NdTensors.toTensor(activation(outs, s)));
            }
            return result;
        } catch (RuntimeException e) {
            throw new ModelException(card.id() + ": forward pass failed: " + e.getMessage(), e);
        }
    }

    @Override
    public StageGradient vjp(Tensor input, String stage, Upstream upstream, boolean fakeRelu) {
        ensureOpen();
        if (stage.equals(card.stages().get(0).name())) {
            // The input stage is the input itself: d<u, x>/dx = u.
            return new StageGradient(input, upstream.of(input));
        }
        return StagePasses.vjp(manager, card.id(), stage, input, upstream, stageForward(stage, fakeRelu));
    }

    @Override
    public Optional<SynthesisLoop.Result> runLoop(SynthesisLoop loop) {
        ensureOpen();
        if (loop.stage().equals(card.stages().get(0).name())) {
            return Optional.empty(); // no engine pass to run: the harness's loop over vjp handles the input
        }
        return StagePasses.loop(manager, card.id(), loop, stageForward(loop.stage(), loop.fakeRelu()));
    }

    /**
     * The module's forward pass to a stage in evaluation mode with autograd on (DJL's forward(training =
     * true) would switch the module to training mode: batch statistics in BatchNorm, Dropout): the stage's
     * activation, and what the backward pass differentiates (the module's output itself under the fake ReLU
     * at a declared ReLU stage).
     */
    private StageForward stageForward(String stage, boolean fakeRelu) {
        boolean fake = fakeRelu && spec(stage).relu();
        JniUtils.enableInferenceMode(block);
        return x -> {
            NDList outs = IValueUtils.forward(block, new NDList(normalized(x)), true);
            NDArray a = activation(outs, stage);
            return new NDList(a, fake ? stage(outs, stage) : a);
        };
    }

    /** The input as the module takes it: normalised by the harness where the package declares it. */
    private NDArray normalized(NDArray x) {
        return pkg.normalize() == null ? x : pkg.normalize().apply(x);
    }

    private ModelPackage.StageSpec spec(String stage) {
        return pkg.stages().stream().filter(s -> s.name().equals(stage)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(card.id() + " has no stage '" + stage + "'"));
    }

    /** The stage's activation: the module's output, with the ReLU applied where the package declares it. */
    private NDArray activation(NDList outs, String stage) {
        NDArray out = stage(outs, stage);
        return spec(stage).relu() ? ai.djl.nn.Activation.relu(out) : out;
    }

    /** The module's output for a stage. */
    private NDArray stage(NDList outs, String stage) {
        return output(pkg, outs, stage);
    }

    /** The output of the module of {@code pkg} that a stage names, by name or by its index in the tuple. */
    static NDArray output(ModelPackage pkg, NDList outs, String stage) {
        ModelPackage.StageSpec spec = pkg.stages().stream().filter(s -> s.name().equals(stage)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(pkg.id() + " has no stage '" + stage + "'"));
        String id = pkg.id();
        String key = spec.output();
        for (NDArray a : outs) {
            if (key.equals(a.getName())) {
                return a;
            }
        }
        int i;
        try {
            i = Integer.parseInt(key);
        } catch (NumberFormatException e) {
            throw new ModelException(id + ": the module returns no output named '" + key + "'");
        }
        if (i < 0 || i >= outs.size()) {
            throw new ModelException(id + ": stage " + stage + " is output " + i + " but forward returns "
                    + outs.size() + " outputs");
        }
        return outs.get(i);
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
