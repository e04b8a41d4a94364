package org.metamerbench.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.NaturalRow;
import org.metamerbench.results.RecognitionRow;

/** The headline score cannot be moved by listing stages, by failing to synthesise, or by observers outside the panel. */
class HeadlineScoreTest {
    private static final double CHANCE = 0.1;
    private static final int N = 20;

    /** Rows of one generator x stage: {@code accepted} of N stimuli accepted, each recognised by the panel with {@code p}. */
    private static void stage(String g, String stage, int accepted, double p, List<MetamerRow> m, List<RecognitionRow> r,
            List<String> observers) {
        for (int i = 0; i < N; i++) {
            String id = "s" + i;
            boolean ok = i < accepted;
            m.add(new MetamerRow(g, "v", stage, id, 1, 0, 10, "budget", 0.1, 1, 1, 1, 1, 1, 30, 0.9, 0.9, 5, ok));
            for (int k = 0; k < observers.size(); k++) {
                // Observer k recognises stimulus i when (i + k) mod 10 < 10 p: a share p of each observer.
                int pred = ((i + k) % 10) < Math.round(10 * p) ? 1 : 0;
                r.add(new RecognitionRow(g, stage, id, 1, observers.get(k), pred, ok));
            }
        }
    }

    private static List<NaturalRow> natural(List<String> observers) {
        List<NaturalRow> n = new ArrayList<>();
        for (String o : observers) {
            for (int i = 0; i < N; i++) {
                n.add(new NaturalRow(o, "s" + i, 1, 1));
            }
        }
        return n;
    }

    private static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            ids.add("s" + i);
        }
        return ids;
    }

    private static ModelScore score(List<MetamerRow> m, List<RecognitionRow> r, List<String> observers,
            Map<String, String> logits, List<String> panel) {
        List<StageData> data = StageData.of(m, r, natural(observers), ids(), panel);
        return Scoring.modelScores(data, logits, null, CHANCE, new Bootstrap(200, 1)).get(0);
    }

    @Test
    void copiesOfAnEarlyStageDoNotMoveTheHeadline() {
        List<String> obs = List.of("o1", "o2", "o3");
        List<MetamerRow> m = new ArrayList<>();
        List<RecognitionRow> r = new ArrayList<>();
        stage("g", "conv1_relu", N, 1.0, m, r, obs);
        stage("g", "fc1_relu", N, 0.3, m, r, obs);
        stage("g", "final", N, 0.2, m, r, obs);
        ModelScore plain = score(m, r, obs, Map.of("g", "final"), null);

        List<MetamerRow> m2 = new ArrayList<>();
        List<RecognitionRow> r2 = new ArrayList<>();
        stage("g", "conv1_relu", N, 1.0, m2, r2, obs);
        for (String copy : List.of("conv1_copy_a", "conv1_copy_b", "conv1_copy_c")) {
            stage("g", copy, N, 1.0, m2, r2, obs); // metamers every model recognises
        }
        stage("g", "fc1_relu", N, 0.3, m2, r2, obs);
        stage("g", "final", N, 0.2, m2, r2, obs);
        ModelScore padded = score(m2, r2, obs, Map.of("g", "final"), null);

        assertTrue(plain.ranked());
        assertEquals(plain.recognisability(), padded.recognisability(), 0.0);
        assertEquals(plain.recognisabilitySe(), padded.recognisabilitySe(), 0.0);
        assertEquals((0.2 - CHANCE) / (1 - CHANCE), plain.recognisability(), 1e-12);
        // The profile mean, which is not ranked, is what the copies would have moved.
        assertTrue(padded.profileMean() > plain.profileMean() + 0.1, padded + " vs " + plain);
    }

    @Test
    void aFewAcceptedMetamersDoNotMakeAScoredStage() {
        List<String> obs = List.of("o1", "o2");
        List<MetamerRow> m = new ArrayList<>();
        List<RecognitionRow> r = new ArrayList<>();
        stage("g", "conv1_relu", N, 1.0, m, r, obs);
        stage("g", "final", 2, 1.0, m, r, obs); // 2 of 20 pass, both recognised
        ModelScore s = score(m, r, obs, Map.of("g", "final"), null);
        assertFalse(s.ranked());
        assertTrue(Double.isNaN(s.recognisability()), "missing, never a number from 2 metamers");
        assertTrue(s.unranked().contains("2 of 20"), s.unranked());
        assertEquals(1, s.stagesScored());
    }

    @Test
    void aModelWhoseLogitsStageWasNotRunOrFailedIsUnranked() {
        List<String> obs = List.of("o1", "o2");
        List<MetamerRow> m = new ArrayList<>();
        List<RecognitionRow> r = new ArrayList<>();
        stage("g", "conv1_relu", N, 1.0, m, r, obs);
        Map<String, List<String>> planned = new LinkedHashMap<>();
        planned.put("g", List.of("conv1_relu", "final"));
        List<StageData> data = StageData.of(m, r, natural(obs), ids(), null);
        ModelScore failed = Scoring.modelScores(data, Map.of("g", "final"), planned, CHANCE, new Bootstrap(50, 1)).get(0);
        assertFalse(failed.ranked());
        assertTrue(failed.unranked().contains("no metamer was made at its logits stage final"), failed.unranked());
        planned.put("g", List.of("conv1_relu"));
        ModelScore notRun = Scoring.modelScores(data, Map.of("g", "final"), planned, CHANCE, new Bootstrap(50, 1)).get(0);
        assertTrue(notRun.unranked().contains("was not run"), notRun.unranked());
    }

    @Test
    void observersOutsideThePanelDoNotEnterTheScore() {
        List<String> obs = List.of("o1", "o2", "submitted");
        List<MetamerRow> m = new ArrayList<>();
        List<RecognitionRow> r = new ArrayList<>();
        stage("g", "final", N, 0.2, m, r, List.of("o1", "o2"));
        // A submitted observer that recognises every metamer.
        for (int i = 0; i < N; i++) {
            r.add(new RecognitionRow("g", "final", "s" + i, 1, "submitted", 1, true));
        }
        ModelScore withPanel = score(m, r, obs, Map.of("g", "final"), List.of("o1", "o2"));
        ModelScore everyone = score(m, r, obs, Map.of("g", "final"), null);
        assertEquals((0.2 - CHANCE) / (1 - CHANCE), withPanel.recognisability(), 1e-12);
        assertTrue(everyone.recognisability() > withPanel.recognisability());
    }

    @Test
    void naturalAccuracyIsTakenOverTheAcceptedStimuliAndResampledWithThem() {
        // Observer o knows only the first half of the natural stimuli, and those are the accepted metamers.
        List<MetamerRow> m = new ArrayList<>();
        List<RecognitionRow> r = new ArrayList<>();
        List<NaturalRow> nat = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            boolean ok = i < 12;
            m.add(new MetamerRow("g", "v", "final", "s" + i, 1, 0, 10, "budget", 0.1, 1, 1, 1, 1, 1, 30, 0.9, 0.9, 5, ok));
            r.add(new RecognitionRow("g", "final", "s" + i, 1, "o", i % 2, ok));
            nat.add(new NaturalRow("o", "s" + i, 1, i < 12 ? 1 : 0));
        }
        StageData d = StageData.of(m, r, nat, ids(), null).get(0);
        assertEquals(1.0, d.crossNatural(), 1e-12, "over the 12 accepted stimuli, not over all 20 (0.6)");
        int[] w = new int[N];
        w[0] = 3;
        w[1] = 1;
        w[15] = 5; // not accepted: weight ignored by both p and p_natural
        assertEquals(0.25, d.crossRecognition(w), 1e-12);
        assertEquals(1.0, d.crossNatural(w), 1e-12);
        assertNull(d.notScoredReason());
    }
}
