package org.metamerbench.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A pure-Java provider for testing the SPI and the conformance kit: input [4] -> hidden = relu(W x)
 * [3] -> logits = V hidden [2], with an exact vector-Jacobian product. A {@link Defect} breaks one
 * promise on purpose.
 */
public final class ToyProvider implements ModelProvider {
    /** The promise a toy model breaks. */
    public enum Defect { NONE, WRONG_GRADIENT, NON_DETERMINISTIC, BATCH_DEPENDENT, WRONG_STAGE_SHAPE, NAN_LOGITS }

    private final Defect defect;
    private final List<String> ids;

    public ToyProvider(Defect defect, String... ids) {
        this.defect = defect;
        this.ids = List.of(ids);
    }

    @Override
    public String name() {
        return "toy";
    }

    @Override
    public List<ModelCard> models() {
        return ids.stream().map(ToyProvider::card).toList();
    }

    static ModelCard card(String id) {
        return ModelCard.builder(id).version("v1").inputShape(4).valueRange(0f, 1f)
                .classLabels(List.of("a", "b"))
                .stage("input", false, 4).stage("hidden", true, 3).stage("final", false, 2)
                .capability(Capability.INPUT_GRADIENT).build();
    }

    @Override
    public Model open(String id) {
        if (!ids.contains(id)) {
            throw new ModelException("no toy " + id);
        }
        return new Toy(card(id), defect);
    }

    static final class Toy implements DifferentiableModel {
        private static final float[][] W = {{0.5f, -0.3f, 0.8f, 0.1f}, {-0.6f, 0.2f, 0.4f, 0.9f}, {0.3f, 0.7f, -0.5f, 0.2f}};
        private static final float[][] V = {{1.0f, -0.5f, 0.3f}, {-0.4f, 0.8f, 0.6f}};
        private final ModelCard card;
        private final Defect defect;
        private final Random noise = new Random();

        Toy(ModelCard card, Defect defect) {
            this.card = card;
            this.defect = defect;
        }

        @Override
        public ModelCard card() {
            return card;
        }

        @Override
        public Tensor logits(Tensor batch) {
            return activations(batch, List.of("final")).get("final");
        }

        @Override
        public Map<String, Tensor> activations(Tensor batch, List<String> stages) {
            int n = batch.batchSize();
            float[] pre = new float[n * 3];
            float[] hid = new float[n * 3];
            float[] out = new float[n * 2];
            for (int i = 0; i < n; i++) {
                for (int h = 0; h < 3; h++) {
                    float s = 0;
                    for (int k = 0; k < 4; k++) {
                        s += W[h][k] * batch.get(i * 4 + k);
                    }
                    pre[i * 3 + h] = s;
                    hid[i * 3 + h] = Math.max(0f, s);
                }
                for (int c = 0; c < 2; c++) {
                    float s = 0;
                    for (int h = 0; h < 3; h++) {
                        s += V[c][h] * hid[i * 3 + h];
                    }
                    if (defect == Defect.NON_DETERMINISTIC) {
                        s += (float) noise.nextGaussian();
                    }
                    if (defect == Defect.BATCH_DEPENDENT) {
                        s += n;
                    }
                    if (defect == Defect.NAN_LOGITS) {
                        s = Float.NaN;
                    }
                    out[i * 2 + c] = s;
                }
            }
            Map<String, Tensor> m = new LinkedHashMap<>();
            for (String st : stages) {
                switch (st) {
                    case "input" -> m.put(st, batch);
                    case "hidden" -> m.put(st, defect == Defect.WRONG_STAGE_SHAPE
                            ? Tensor.wrap(new int[] {n * 3}, hid) : Tensor.wrap(new int[] {n, 3}, hid));
                    case "final" -> m.put(st, Tensor.wrap(new int[] {n, 2}, out));
                    default -> throw new IllegalArgumentException(st);
                }
            }
            return m;
        }

        @Override
        public StageGradient vjp(Tensor input, String stage, Upstream upstream, boolean fakeRelu) {
            Tensor a = activations(input, List.of(stage)).get(stage);
            Tensor u = upstream.of(a);
            int n = input.batchSize();
            float[] g = new float[n * 4];
            for (int i = 0; i < n; i++) {
                float[] dHidden = new float[3];
                if (stage.equals("input")) {
                    for (int k = 0; k < 4; k++) {
                        g[i * 4 + k] = u.get(i * 4 + k);
                    }
                    continue;
                }
                if (stage.equals("hidden")) {
                    for (int h = 0; h < 3; h++) {
                        dHidden[h] = u.get(i * 3 + h);
                    }
                } else {
                    for (int h = 0; h < 3; h++) {
                        for (int c = 0; c < 2; c++) {
                            dHidden[h] += V[c][h] * u.get(i * 2 + c);
                        }
                    }
                }
                for (int h = 0; h < 3; h++) {
                    float s = 0;
                    for (int k = 0; k < 4; k++) {
                        s += W[h][k] * input.get(i * 4 + k);
                    }
                    boolean pass = s > 0 || (fakeRelu && stage.equals("hidden"));
                    for (int k = 0; k < 4; k++) {
                        g[i * 4 + k] += pass ? dHidden[h] * W[h][k] : 0;
                    }
                }
            }
            if (defect == Defect.WRONG_GRADIENT) {
                for (int k = 0; k < g.length; k++) {
                    g[k] = -g[k];
                }
            }
            return new StageGradient(a, Tensor.wrap(input.shape(), g));
        }

        @Override
        public void close() {
        }
    }
}
