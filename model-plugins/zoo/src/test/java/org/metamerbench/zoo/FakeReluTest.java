package org.metamerbench.zoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Tensor;

/**
 * The fake ReLU: at a stage that comes out of a ReLU, the input gradient with the fake ReLU on must
 * be the gradient of {@code <u, stage computed with the ReLU skipped>}, checked here against central
 * finite differences of that function, and must differ from the true gradient where units are dead.
 */
class FakeReluTest {

    @Test
    void fakeReluGradientIsTheGradientWithTheReluSkipped() {
        for (String stage : new String[] {"conv1_relu", "pool2", "fc1_relu"}) {
            check("cnn-s1", stage);
        }
        check("resnet", "block3_relu");
    }

    @Test
    void cardsMarkMaxPoolingAfterAReluApartFromStagesThatEndInOne() {
        org.metamerbench.api.ModelCard card = new ZooProvider().models().stream().filter(c -> c.id().equals("cnn-s1"))
                .findFirst().orElseThrow();
        org.metamerbench.api.Stage pool = card.stage("pool2");
        assertTrue(!pool.afterRelu() && pool.maxPoolAfterRelu(), pool.toString());
        assertTrue(!pool.fakeReluApplies(false), "the published method: no fake ReLU through max pooling");
        assertTrue(pool.fakeReluApplies(true), "the recorded variant");
        assertTrue(card.stage("conv2_relu").afterRelu() && card.stage("conv2_relu").fakeReluApplies(false));
        org.metamerbench.api.ModelCard resnet = new ZooProvider().models().stream()
                .filter(c -> c.id().equals("resnet")).findFirst().orElseThrow();
        assertTrue(!resnet.stage("avgpool").afterRelu() && !resnet.stage("avgpool").maxPoolAfterRelu(),
                "average pooling does not commute with a ReLU");
    }

    private static void check(String id, String stage) {
        try (DjlStagedModel model = (DjlStagedModel) new ZooProvider().open(id)) {
            Random rnd = new Random(7);
            float[] x = new float[2 * 784];
            for (int i = 0; i < x.length; i++) {
                x[i] = 0.2f + 0.6f * rnd.nextFloat();
            }
            Tensor input = Tensor.wrap(new int[] {2, 1, 28, 28}, x);
            int units = model.card().stage(stage).units();
            float[] u = new float[2 * units];
            for (int i = 0; i < u.length; i++) {
                u[i] = (float) rnd.nextGaussian();
            }
            Tensor upstream = Tensor.wrap(withBatch(model.card().stage(stage).shape()), u);
            Tensor fake = model.vjp(input, stage, a -> upstream, true).inputGradient();
            Tensor real = model.vjp(input, stage, a -> upstream, false).inputGradient();

            double[] v = new double[x.length];
            double vn = 0;
            for (int i = 0; i < v.length; i++) {
                v[i] = fake.get(i) + 0.01 * rnd.nextGaussian();
                vn += v[i] * v[i];
            }
            vn = Math.sqrt(vn);
            double analytic = 0;
            for (int i = 0; i < v.length; i++) {
                v[i] /= vn;
                analytic += fake.get(i) * v[i];
            }
            // Best agreement over three step sizes: a difference that straddles a kink of the
            // piecewise-linear network is wrong by construction (as in the conformance kit).
            double rel = Double.POSITIVE_INFINITY;
            for (double h : new double[] {3e-3, 1e-3, 3e-4}) {
                double numeric = (surrogate(model, stage, x, v, h, u) - surrogate(model, stage, x, v, -h, u)) / (2 * h);
                rel = Math.min(rel, Math.abs(numeric - analytic) / Math.max(Math.abs(numeric), Math.abs(analytic)));
            }
            assertTrue(rel < 1e-2, id + " " + stage + ": fake-ReLU gradient vs finite differences of the surrogate, "
                    + "relative error " + rel);
            double diff = 0;
            for (int i = 0; i < x.length; i++) {
                diff = Math.max(diff, Math.abs(fake.get(i) - real.get(i)));
            }
            assertTrue(diff > 0, id + " " + stage + ": fake and true ReLU gradients should differ where units are dead");
        }
    }

    /** {@code <u, stage(x + h v)>} computed with the stage's ReLU skipped. */
    private static double surrogate(DjlStagedModel model, String stage, float[] x, double[] v, double h,
            float[] u) {
        StagedNetwork net = model.network();
        StagedNetwork.StagePoint p = net.stage(stage);
        float[] shifted = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            shifted[i] = (float) (x[i] + h * v[i]);
        }
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray in = org.metamerbench.djl.NdTensors.toNd(m, Tensor.wrap(new int[] {2, 1, 28, 28}, shifted));
            NDList pre = net.forward(ps, in, new int[] {p.reluChild() - 1}, false);
            NDArray out = net.forwardRange(ps, pre.get(0), p.reluChild() + 1, p.child(), false);
            float[] a = out.toFloatArray();
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += (double) a[i] * u[i];
            }
            return s;
        }
    }

    private static int[] withBatch(int[] shape) {
        int[] s = new int[shape.length + 1];
        s[0] = 2;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }
}
