package org.metamerbench.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.api.Lineage;

class KinshipTest {
    @TempDir
    Path root;

    @Test
    void errorConsistencyIsOneForACopyAndNearZeroForIndependentObservers() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 4000;
        int[] labels = new int[n];
        int[] a = new int[n];
        int[] b = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            a[i] = rnd.nextDouble() < 0.8 ? labels[i] : (labels[i] + 1) % 10;
            b[i] = rnd.nextDouble() < 0.8 ? labels[i] : (labels[i] + 1) % 10;
        }
        ErrorConsistency copy = ErrorConsistency.of(a, a.clone(), labels);
        assertEquals(1.0, copy.consistency(), 1e-12);
        assertEquals(1.0, copy.agreement(), 1e-12);
        ErrorConsistency independent = ErrorConsistency.of(a, b, labels);
        assertEquals(0.0, independent.consistency(), 0.05, "independent errors share only what chance gives");
        // Agreement is high for any two accurate observers (both right on 64% of trials), so it alone says little.
        assertTrue(independent.agreement() > 0.6);
    }

    @Test
    void errorConsistencyMatchesItsDefinitionOnAHandCountedCase() {
        // 10 trials; a right on 0-7, b right on 0-5 and 8: both right 6, both wrong 1 (trial 9), so c_obs = 0.7;
        // p1 = 0.8, p2 = 0.7, c_exp = 0.56 + 0.06 = 0.62; kappa = 0.08 / 0.38.
        int[] labels = new int[10];
        int[] a = new int[10];
        int[] b = new int[10];
        for (int i = 0; i < 10; i++) {
            a[i] = i < 8 ? 0 : 1;
            b[i] = i < 6 || i == 8 ? 0 : 2;
        }
        ErrorConsistency e = ErrorConsistency.of(a, b, labels);
        assertEquals(0.08 / 0.38, e.consistency(), 1e-12);
        assertEquals(0.6, e.agreement(), 1e-12);
        assertEquals(0.0, e.errorAgreement(), 1e-12, "trials 6-9, where either errs, have no answer in common");
        assertTrue(Double.isNaN(ErrorConsistency.of(labels, labels.clone(), labels).consistency()),
                "two perfect observers: undefined, never 1 or 0");
    }

    @Test
    void declaredLineageMakesAFamily() {
        Lineage s1 = new Lineage("cnn", "1", "fashion-mnist", "");
        Lineage adv = new Lineage("cnn, pgd", "1", "fashion-mnist", "");
        Lineage s2 = new Lineage("cnn", "2", "fashion-mnist", "");
        Lineage words = new Lineage("word-cnn", "1", "spoken-words", "");
        Lineage tune = new Lineage("cnn, fine-tuned", "9", "fashion-mnist", "cnn-s1");
        assertTrue(Lineage.kinship("cnn-s1", s1, "cnn-adv", adv).contains("seed 1"));
        assertNull(Lineage.kinship("cnn-s1", s1, "cnn-s2", s2));
        assertNull(Lineage.kinship("cnn-s1", s1, "word-cnn", words), "one seed on other data is no kinship");
        assertTrue(Lineage.kinship("mine", tune, "cnn-s1", s1).contains("initialised from cnn-s1"));
        assertTrue(Lineage.kinship("cnn-s1", s1, "mine", tune).contains("initialised from cnn-s1"));
        assertTrue(Lineage.kinship("a", tune, "b", new Lineage("", "", "", "cnn-s1")).contains("both"));
        assertNull(Lineage.kinship("a", Lineage.UNDECLARED, "b", Lineage.UNDECLARED));
    }

    private static int[] observer(int[] labels, SplittableRandom rnd) {
        int[] a = new int[labels.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextDouble() < 0.9 ? labels[i] : (labels[i] + 1 + rnd.nextInt(9)) % 10;
        }
        return a;
    }

    @Test
    void kinAreLeftOutByLineageOrByAgreementAndIndependentObserversStay() {
        int n = 2000;
        SplittableRandom rnd = new SplittableRandom(5);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        int[] g = observer(labels, rnd);
        int[] copy = new int[n];
        for (int i = 0; i < n; i++) {
            copy[i] = rnd.nextDouble() < 0.99 ? g[i] : labels[i]; // a near-copy: g's answers, 1% of them fixed
        }
        Map<String, Lineage> lineages = Map.of("g", new Lineage("cnn", "1", "d", ""),
                "sibling", new Lineage("mlp", "1", "d", ""), "copy", Lineage.UNDECLARED,
                "other", new Lineage("cnn", "2", "d", ""), "third", new Lineage("cnn", "3", "d", ""));
        Map<String, int[]> answers = Map.of("g", g, "sibling", observer(labels, rnd), "copy", copy,
                "other", observer(labels, rnd), "third", observer(labels, rnd));
        List<String> panel = List.of("g", "sibling", "other", "third");

        Kinship zoo = Kinship.measure(List.of("g"), panel, lineages, answers, labels);
        assertEquals(3, zoo.pairs().size(), "the generator is never compared with itself");
        Map<String, String> left = zoo.exclusions().get("g");
        assertEquals(Set.of("sibling"), left.keySet(), left.toString());
        assertTrue(left.get("sibling").startsWith("one family"), left.toString());
        // Calibrated on the independent panel pairs (g ~ other, g ~ third, sibling ~ other, ...): independent
        // observers agree by chance only, so the limits sit halfway between their largest kappa and a copy's 1.
        Kinship.Limits limits = zoo.limits();
        assertEquals(5, limits.pairs(), "6 panel pairs less the declared family");
        assertEquals(limits.maxErrorConsistency() + (1 - limits.maxErrorConsistency()) / 2, limits.errorConsistency(),
                1e-12);

        // A submission that copies g, declaring nothing, is found by its answers; g's declared family is its kin too.
        Map<String, String> sub = Kinship.measure(List.of("copy"), panel, lineages, answers, labels).exclusions()
                .get("copy");
        assertEquals(Set.of("g", "sibling"), sub.keySet(), sub.toString());
        assertTrue(sub.get("g").startsWith("undeclared kin"), sub.toString());
        assertTrue(sub.get("sibling").startsWith("kin of g"), sub.toString());

        // As run.json records it and a reader takes it back: the same exclusions, limits to six decimals.
        Kinship stored = Kinship.of(zoo.entry());
        assertEquals(zoo.exclusions(), stored.exclusions());
        assertEquals(zoo.limits().pairs(), stored.limits().pairs());
        assertEquals(zoo.limits().maxErrorConsistency(), stored.limits().maxErrorConsistency(), 1e-6);
        assertEquals(zoo.entry(), stored.entry(), "recorded again, the record is the same");
        assertTrue(Kinship.of(null).pairs().isEmpty(), "a run that recorded no comparison left nobody out");
    }

    @Test
    void twoObserversThatNeverErrAreNoEvidenceOfKinship() {
        // On 210 easy trials two independent word models are both always right: they agree on every trial, and
        // that says nothing of kinship (kappa and error agreement are undefined).
        int[] labels = new int[210];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
        }
        SplittableRandom rnd = new SplittableRandom(9);
        Map<String, Lineage> lineages = Map.of("a", new Lineage("w", "1", "d", ""), "b", new Lineage("w", "2", "d", ""),
                "c", new Lineage("r", "3", "d", ""), "e", new Lineage("r", "4", "d", ""));
        Map<String, int[]> answers = Map.of("a", labels.clone(), "b", labels.clone(), "c", observer(labels, rnd),
                "e", observer(labels, rnd));
        Kinship k = Kinship.measure(List.of("a"), List.of("a", "b", "c", "e"), lineages, answers, labels);
        assertTrue(k.exclusions().isEmpty(), k.exclusions().toString());
        Kinship.Pair ab = k.pairs().stream().filter(p -> p.observer().equals("b")).findFirst().orElseThrow();
        assertEquals(1.0, ab.agreement(), 1e-12);
        assertTrue(Double.isNaN(ab.consistency()) && Double.isNaN(ab.errorAgreement()));
    }

    @Test
    void anObserverOfTheGeneratorsFamilyNeverEntersItsScore() throws IOException {
        // "sib" recognises every metamer of g (as a model sharing its weights would); the others 20%.
        SyntheticRun base = new SyntheticRun()
                .generator("g", List.of("conv1_relu", "final"), new double[] {1, 1}, new double[] {0.9, 0.2})
                .observer("o1").observer("o2").stimuli(60);
        RunResults with = RunResults.load(new SyntheticRun()
                .generator("g", List.of("conv1_relu", "final"), new double[] {1, 1}, new double[] {0.9, 0.2})
                .observer("o1").observer("o2").sibling("g", "sib").stimuli(60).write(root, "with-sibling"));
        StageData d = with.stageData("g", "final");
        assertEquals(List.of("o1", "o2"), d.observers(), "the sibling is not among the observers that score g");
        ModelScore s = with.modelScores(new Bootstrap(200, 1)).get(0);
        ModelScore plain = RunResults.load(base.write(root, "without")).modelScores(new Bootstrap(200, 1)).get(0);
        assertTrue(s.recognisability() < 0.3, "the sibling's 100% would have lifted it: " + s.recognisability());
        assertEquals(plain.recognisability(), s.recognisability(), 0.15);
        assertEquals(1, with.kinship().exclusions().size());
    }
}
