package org.metamerbench.packages;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelException;
import org.metamerbench.api.Tensor;

/**
 * An ONNX model of a package, run by ONNX Runtime. Stages are graph outputs. Observer only: ONNX
 * Runtime's Java API has no gradients, so these models cannot generate metamers.
 */
final class OnnxModel implements Model {
    private final ModelPackage pkg;
    private final ModelCard card;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;

    OnnxModel(ModelPackage pkg) {
        this.pkg = pkg;
        this.card = pkg.card();
        env = OrtEnvironment.getEnvironment();
        OrtSession s;
        try {
            s = PackageArchive.loadModel(pkg, "onnx",
                    file -> env.createSession(file.toString(), new OrtSession.SessionOptions()));
        } catch (Exception e) {
            throw new ModelException(pkg.file() + ": cannot load the ONNX model: " + e.getMessage(), e);
        }
        try {
            for (ModelPackage.StageSpec st : pkg.stages().subList(1, pkg.stages().size())) {
                if (!s.getOutputNames().contains(st.output())) {
                    throw new ModelException(pkg.file() + ": stage " + st.name() + " names graph output '"
                            + st.output() + "', the graph's outputs are " + s.getOutputNames());
                }
            }
            inputName = s.getInputNames().iterator().next();
        } catch (RuntimeException e) {
            try {
                s.close();
            } catch (OrtException ignored) {
                // the session is being discarded
            }
            throw e;
        }
        session = s;
    }

    @Override
    public ModelCard card() {
        return card;
    }

    @Override
    public Map<String, Tensor> activations(Tensor batch, List<String> stages) {
        Map<String, String> outputOf = new LinkedHashMap<>();
        Set<String> relu = new java.util.HashSet<>();
        pkg.stages().forEach(s -> {
            outputOf.put(s.name(), s.output());
            if (s.relu()) {
                relu.add(s.name());
            }
        });
        Set<String> wanted = new LinkedHashSet<>();
        for (String s : stages) {
            if (!outputOf.containsKey(s)) {
                throw new IllegalArgumentException(card.id() + " has no stage '" + s + "'");
            }
            if (outputOf.get(s) != null) {
                wanted.add(outputOf.get(s));
            }
        }
        long[] shape = Arrays.stream(batch.shape()).asLongStream().toArray();
        float[] values = batch.toFloatArray();
        if (pkg.normalize() != null) {
            pkg.normalize().apply(values, batch.shape());
        }
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
                OrtSession.Result r = session.run(Map.of(inputName, x), wanted)) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (String s : stages) {
                String o = outputOf.get(s);
                if (o == null) {
                    out.put(s, batch);
                    continue;
                }
                OnnxTensor t = (OnnxTensor) r.get(o).orElseThrow();
                int[] dims = Arrays.stream(t.getInfo().getShape()).mapToInt(l -> (int) l).toArray();
                FloatBuffer fb = t.getFloatBuffer();
                float[] data = new float[fb.remaining()];
                fb.get(data);
                if (relu.contains(s)) {
                    for (int i = 0; i < data.length; i++) {
                        data[i] = Math.max(0f, data[i]);
                    }
                }
                out.put(s, Tensor.wrap(dims, data));
            }
            return out;
        } catch (OrtException e) {
            throw new ModelException(card.id() + ": ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing twice or after a failure: nothing left to free
        }
    }
}
