package org.metamerbench.zoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Tensor;
import org.metamerbench.datasets.StimulusSet;
import org.metamerbench.datasets.StimulusSetLoader;

/**
 * The adversarially trained word CNN is what its name says: under an L2 PGD attack on the waveform at its
 * training size (eps 0.25, 10 steps of 0.0625 from the clean clip, kept in [-1, 1]; true gradients through
 * the network, the front end's published surrogates as in training), it keeps recognising the spoken-word
 * stimulus set (voices no model heard in training) far more often than the standard CNN of the same seed
 * and the control trained with random perturbations of the same size (measured on the 100 clips: 48% against
 * 0% and 0%; clean 64%, 95% and 92%).
 */
class WordRobustnessTest {
    static final float EPS = 0.25f;
    static final int STEPS = 10;

    @Test
    void theAdversariallyTrainedWordCnnResistsAnAttackTheOthersDoNot() throws IOException {
        // measured: clean 0.95, 0.92, 0.64; attacked 0.00, 0.00, 0.48
        assertResists(attack(StimulusSetLoader.loadBuiltin(StimulusSetLoader.SPOKEN_WORDS), EPS, "word-cnn-s1",
                "word-cnn-rand-l2", "word-cnn-adv-l2"), 0.6, 0.3);
    }

    /**
     * The same for the fifty-word models on version 2's stimulus set (100 clips by held-out voices), at the
     * waveform model's training size (eps 0.2): the waveform-space adversarially trained CNN keeps recognising
     * the attacked clips, the standard CNN and its control do not (measured: 41% against 10% and 16%; clean 63%,
     * 66% and 64%). The CNN trained against cochleagram-space attacks is attacked on the waveform too: 27% (clean
     * 65%), in between.
     */
    @Test
    void theFiftyWordWaveformAdversarialCnnResistsAnAttackTheOthersDoNot() throws IOException {
        // measured: clean 0.66, 0.64, 0.63 (cochleagram-robust 0.65); attacked 0.10, 0.16, 0.41 (0.27)
        assertResists(attack(StimulusSetLoader.loadBuiltin(StimulusSetLoader.SPOKEN_WORDS_V2), 0.2f, "word50-cnn-s1",
                "word50-cnn-rand-l2", "word50-cnn-adv-l2", "word50-cnn-cochadv-l2"), 0.4, 0.2);
    }

    /**
     * Every model recognises at least {@code cleanFloor} of the clean clips, and the adversarially trained one (the
     * third id given to {@link #attack}) beats the standard model (the first) and the control (the second) under
     * attack by at least {@code margin}.
     */
    private static void assertResists(Map<String, double[]> acc, double cleanFloor, double margin) {
        List<String> ids = List.copyOf(acc.keySet());
        double standard = acc.get(ids.get(0))[1];
        double control = acc.get(ids.get(1))[1];
        double adv = acc.get(ids.get(2))[1];
        acc.forEach((id, a) -> assertTrue(a[0] >= cleanFloor, id + " recognises " + a[0] + " of the clean clips"));
        assertTrue(adv >= standard + margin && adv >= control + margin,
                "attacked accuracy: adversarial " + adv + ", standard " + standard + ", control " + control);
    }

    /** Clean and attacked accuracy ({@code [clean, attacked]}) of each model on the whole set. */
    private static Map<String, double[]> attack(StimulusSet set, float eps, String... ids) throws IOException {
        Tensor clips = set.tensor();
        int[] labels = set.labels();
        ZooProvider zoo = new ZooProvider();
        Map<String, double[]> acc = new LinkedHashMap<>();
        for (String id : ids) {
            try (DifferentiableModel m = (DifferentiableModel) zoo.open(id)) {
                double clean = accuracy(m.logits(clips), labels);
                double attacked = accuracy(m.logits(pgd(m, clips, labels, eps)), labels);
                acc.put(id, new double[] {clean, attacked});
                System.out.printf(Locale.ROOT, "%-22s clean %.2f  under L2 PGD (eps %.2f, %d steps) %.2f%n", id, clean,
                        eps, STEPS, attacked);
            }
        }
        return acc;
    }

    /** The attack itself moves every clip by at most eps and keeps it in range. */
    @Test
    void theAttackStaysWithinItsBudget() throws IOException {
        StimulusSet set = StimulusSetLoader.loadBuiltin(StimulusSetLoader.SPOKEN_WORDS);
        Tensor clips = set.batch(new int[] {0, 37, 99});
        int[] labels = {set.label(0), set.label(37), set.label(99)};
        try (DifferentiableModel m = (DifferentiableModel) new ZooProvider().open("word-cnn-s1")) {
            Tensor adv = pgd(m, clips, labels, EPS);
            float[] a = adv.toFloatArray();
            float[] x = clips.toFloatArray();
            int per = clips.size() / clips.dim(0);
            for (int i = 0; i < clips.dim(0); i++) {
                double sq = 0;
                for (int k = i * per; k < (i + 1) * per; k++) {
                    assertTrue(a[k] >= -1f && a[k] <= 1f);
                    sq += (a[k] - x[k]) * (double) (a[k] - x[k]);
                }
                assertTrue(Math.sqrt(sq) <= EPS * 1.0001, "clip " + i + " moved by " + Math.sqrt(sq));
                assertTrue(Math.sqrt(sq) > EPS / 2, "the attack moved clip " + i + " by only " + Math.sqrt(sq));
            }
        }
    }

    /** L2 PGD on the cross-entropy from the clean input: steps of 2.5 eps / STEPS, projected each step. */
    static Tensor pgd(DifferentiableModel m, Tensor x, int[] labels, float eps) {
        int n = x.dim(0);
        int per = x.size() / n;
        float[] clean = x.toFloatArray();
        float[] adv = clean.clone();
        float step = 2.5f * eps / STEPS;
        for (int s = 0; s < STEPS; s++) {
            Tensor g = m.vjp(Tensor.of(x.shape(), adv), "final", logits -> crossEntropyGradient(logits, labels), false)
                    .inputGradient();
            float[] gr = g.toFloatArray();
            for (int i = 0; i < n; i++) {
                int o = i * per;
                double gn = norm(gr, o, per, null);
                for (int k = o; k < o + per; k++) {
                    adv[k] += (float) (step * gr[k] / (gn + 1e-12));
                }
                double dn = norm(adv, o, per, clean);
                double f = dn > eps ? eps / dn : 1;
                for (int k = o; k < o + per; k++) {
                    adv[k] = Math.max(-1f, Math.min(1f, clean[k] + (float) ((adv[k] - clean[k]) * f)));
                }
            }
        }
        return Tensor.of(x.shape(), adv);
    }

    private static double norm(float[] v, int from, int count, float[] minus) {
        double sq = 0;
        for (int k = from; k < from + count; k++) {
            double d = v[k] - (minus == null ? 0 : minus[k]);
            sq += d * d;
        }
        return Math.sqrt(sq);
    }

    /** d(sum of softmax cross-entropies)/d logits: softmax minus the one-hot label. */
    private static Tensor crossEntropyGradient(Tensor logits, int[] labels) {
        int n = logits.dim(0);
        int c = logits.dim(1);
        float[] z = logits.toFloatArray();
        float[] g = new float[n * c];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, z[i * c + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                sum += Math.exp(z[i * c + j] - max);
            }
            for (int j = 0; j < c; j++) {
                g[i * c + j] = (float) (Math.exp(z[i * c + j] - max) / sum) - (j == labels[i] ? 1f : 0f);
            }
        }
        return Tensor.of(new int[] {n, c}, g);
    }

    private static double accuracy(Tensor logits, int[] labels) {
        int c = logits.dim(1);
        float[] z = logits.toFloatArray();
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (z[i * c + j] > z[i * c + best]) {
                    best = j;
                }
            }
            right += best == labels[i] ? 1 : 0;
        }
        return (double) right / labels.length;
    }
}
