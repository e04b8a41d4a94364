package org.metamerbench.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.results.CsvTable;
import org.metamerbench.scoring.HumanCalibration;
import org.metamerbench.scoring.PublishedAnalysis;
import org.metamerbench.scoring.SyntheticRun;

class LeaderboardTest {
    @TempDir
    Path root;

    private Path runA() throws IOException {
        return new SyntheticRun()
                .generator("robust", List.of("conv1_relu", "fc1_relu", "final"), new double[] {1, 1, 1},
                        new double[] {0.9, 0.8, 0.7})
                .generator("plain", List.of("conv1_relu", "fc1_relu", "final"), new double[] {1, 1, 1},
                        new double[] {0.9, 0.2, 0.15})
                .observer("other").stimuli(40).started("2026-11-01T10:00:00Z").write(root, "run-a");
    }

    private Path runB() throws IOException {
        // Another run on the same set and protocol: a model whose metamers were never accepted, and a
        // second scoring of "plain" that is newer.
        return new SyntheticRun()
                .generator("nothing-passes", List.of("fc1_relu", "final"), new double[] {0, 0}, new double[] {0.5, 0.5})
                .generator("plain", List.of("conv1_relu", "fc1_relu", "final"), new double[] {1, 1, 1},
                        new double[] {0.9, 0.25, 0.2})
                .observer("other").stimuli(40).seed(2).started("2026-11-02T10:00:00Z").write(root, "run-b");
    }

    @Test
    void rankingAMissingScoreAndTheNewestRunOfAModel() throws IOException {
        Leaderboard board = Leaderboard.build(List.of(runA(), runB()));
        List<Leaderboard.Entry> e = board.entries();
        assertEquals(List.of("robust", "plain", "nothing-passes"), e.stream().map(Leaderboard.Entry::model).toList());
        assertEquals(1, e.get(0).rank());
        assertEquals(2, e.get(1).rank());
        assertFalse(e.get(2).ranked(), "no scored stage: unranked");
        assertTrue(Double.isNaN(e.get(2).recognisability()), "missing, not zero");
        assertEquals("run-b", e.get(1).runId(), "plain is taken from the newer run");
        assertEquals(1, board.notes().size());
        assertTrue(e.get(0).recognisabilitySe() > 0 && e.get(0).recognisabilitySe() < 0.2);
        assertTrue(Double.isNaN(e.get(0).humanRecognisability()), "no human data in these runs");
    }

    @Test
    void theSiteHasTablePagesCsvAndJsonWithMissingValuesLeftEmpty() throws IOException {
        Leaderboard board = Leaderboard.build(List.of(runA(), runB()));
        Path site = root.resolve("site");
        Path index = LeaderboardSite.write(board, site, false);
        String html = Files.readString(index);
        assertTrue(html.contains(org.metamerbench.reports.Html.esc(Leaderboard.RANKING_RULE)), "the ranking rule is on the page");
        assertTrue(html.contains("no data"), "human column says no data");
        assertTrue(html.contains("unranked"));
        for (String model : List.of("robust", "plain", "nothing-passes")) {
            assertTrue(Files.isRegularFile(site.resolve("models").resolve(model + ".html")));
            assertTrue(Files.isRegularFile(site.resolve("models").resolve(model).resolve(model + "-recognition.png")));
            assertTrue(Files.isRegularFile(site.resolve("models").resolve(model).resolve(model + "-metamers.svg")));
        }
        List<CsvTable.Row> csv = CsvTable.read(site.resolve("leaderboard.csv"), LeaderboardSite.CSV_HEADER);
        assertEquals(3, csv.size());
        assertEquals("", csv.get(2).get("recognisability"), "a missing score is an empty cell, not 0");
        assertEquals("", csv.get(2).get("rank"));
        JsonNode json = new ObjectMapper().readTree(site.resolve("leaderboard.json").toFile());
        assertTrue(json.at("/models/2/recognisability").isNull());
        assertTrue(json.at("/models/0/human_recognisability").isNull());
        assertEquals(1, json.at("/models/0/rank").asInt());
        assertEquals(Leaderboard.RANKING_RULE, json.get("ranking_rule").asText());
    }

    @Test
    void mixingStimulusSetVersionsOrProtocolsIsRefusedNamingThem() throws IOException {
        Path a = runA();
        Path other = new SyntheticRun().generator("x", List.of("final"), new double[] {1}, new double[] {0.5})
                .stimulusSetSha("c".repeat(64)).write(root, "other-set");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Leaderboard.build(List.of(a, other)));
        assertTrue(e.getMessage().contains("a".repeat(64)) && e.getMessage().contains("c".repeat(64))
                && e.getMessage().contains("other-set"), e.getMessage());
        Path longer = new SyntheticRun().generator("x", List.of("final"), new double[] {1}, new double[] {0.5})
                .stimuli(40).iterations(640).write(root, "other-protocol");
        e = assertThrows(IllegalArgumentException.class, () -> Leaderboard.build(List.of(a, longer)));
        assertTrue(e.getMessage().contains("8x320") && e.getMessage().contains("8x640"), e.getMessage());
    }

    @Test
    void aFolderThatIsNotASiteIsNeverOverwrittenAndAnEarlierSiteIsReplacedWhole() throws IOException {
        Leaderboard board = Leaderboard.build(List.of(runA()));
        Path precious = root.resolve("precious");
        Files.createDirectories(precious);
        Files.writeString(precious.resolve("notes.txt"), "keep");
        assertThrows(IOException.class, () -> LeaderboardSite.write(board, precious, false));
        assertEquals("keep", Files.readString(precious.resolve("notes.txt")));

        // A folder that merely holds a file named leaderboard.json is not a site.
        Path lookalike = root.resolve("lookalike");
        Files.createDirectories(lookalike);
        Files.writeString(lookalike.resolve("leaderboard.json"), "{}");
        Files.writeString(lookalike.resolve("thesis.tex"), "keep");
        IOException e = assertThrows(IOException.class, () -> LeaderboardSite.write(board, lookalike, false));
        assertTrue(e.getMessage().contains("did not write") && e.getMessage().contains("--force"), e.getMessage());
        assertEquals("keep", Files.readString(lookalike.resolve("thesis.tex")));

        Path site = root.resolve("site");
        LeaderboardSite.write(board, site, false);
        LeaderboardSite.write(board, site, false);
        assertTrue(Files.isRegularFile(site.resolve("index.html")), "an untouched site is replaced");
        Files.writeString(site.resolve("stale.html"), "someone's page");
        e = assertThrows(IOException.class, () -> LeaderboardSite.write(board, site, false));
        assertEquals(site.toAbsolutePath().normalize() + " holds stale.html, which metamer-bench leaderboard build "
                + "did not write; choose a new or empty folder, or pass --force to replace it", e.getMessage());
        assertEquals("someone's page", Files.readString(site.resolve("stale.html")));
        LeaderboardSite.write(Leaderboard.build(List.of(runA(), runB())), site, true);
        assertFalse(Files.exists(site.resolve("stale.html")), "--force replaces the site whole");
        assertTrue(Files.isRegularFile(site.resolve("models").resolve("nothing-passes.html")));
        try (var s = Files.list(root)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".site")), "no staging folder left");
        }
    }

    /** A calibration fitted on constructed conditions of human judgments of {@code domain}. */
    static HumanCalibration constructedCalibration(String domain) {
        List<PublishedAnalysis.Condition> c = new java.util.ArrayList<>();
        for (int g = 0; g < 4; g++) {
            for (int s = 0; s < 5; s++) {
                double other = 0.1 + 0.18 * s;
                c.add(new PublishedAnalysis.Condition("image", "1", "g" + g, "s" + s, Math.min(0.95, other + 0.05 * g),
                        other));
            }
        }
        PublishedAnalysis.Relation rel = new PublishedAnalysis.Relation("image", c, Double.NaN, Double.NaN);
        return domain == null ? HumanCalibration.fit(rel) : HumanCalibration.fit(rel, domain, 0.1);
    }

    @Test
    void noPredictedHumanFigureWithoutACalibrationOnHumanJudgmentsOfTheSameSet() throws IOException {
        // The published data's calibration was fitted on other stimuli: no PREDICTED column, anywhere.
        Leaderboard published = Leaderboard.build(List.of(runA()), constructedCalibration(null));
        assertEquals(null, published.calibration());
        Path site = root.resolve("site-published");
        String html = Files.readString(LeaderboardSite.write(published, site, false));
        assertFalse(html.contains("humans, PREDICTED"), "no predicted column without in-domain human data");
        assertTrue(html.contains("No human recognition is predicted") && html.contains("experiment build"),
                "says that no human data exists and how to collect it");
        JsonNode json = new ObjectMapper().readTree(site.resolve("leaderboard.json").toFile());
        for (JsonNode m : json.get("models")) {
            assertTrue(m.get("predicted_human_recognisability").isNull());
        }
        for (CsvTable.Row r : CsvTable.read(site.resolve("leaderboard.csv"), LeaderboardSite.CSV_HEADER)) {
            assertEquals("", r.get("predicted_human_recognisability"));
        }
        // One fitted on judgments of this very set (SHA-256 of SyntheticRun's set) is shown, labelled.
        Leaderboard inDomain = Leaderboard.build(List.of(runA()), constructedCalibration("a".repeat(64)));
        Path site2 = root.resolve("site-in-domain");
        String html2 = Files.readString(LeaderboardSite.write(inDomain, site2, false));
        assertTrue(html2.contains("humans, PREDICTED") && html2.contains("(predicted"), "labelled as a prediction");
        assertTrue(html2.contains("is not human data"));
        for (JsonNode m : new ObjectMapper().readTree(site2.resolve("leaderboard.json").toFile()).get("models")) {
            assertTrue(m.get("human_recognisability").isNull(), "no human data: the human field stays null");
            if (m.get("rank").isNumber()) {
                assertTrue(m.get("predicted_human_recognisability").isNumber());
            }
        }
    }

    @Test
    void aCalibrationThatMissesPeoplesKnownNaturalAccuracyIsNotUsed() {
        HumanCalibration c = constructedCalibration("f".repeat(64));
        // Fashion-MNIST: people score 83.5% on natural images; this relation predicts far more for a panel at 92%.
        String why = c.whyNot("fashion-mnist-test-100", "f".repeat(64), 0.92, 0.1);
        assertTrue(why != null && why.contains("83.5%"), String.valueOf(why));
        assertTrue(c.whyNot("fashion-mnist-test-100", "e".repeat(64), 0.92, 0.1).contains("another stimulus set"));
        assertTrue(constructedCalibration(null).whyNot("fashion-mnist-test-100", "f".repeat(64), 0.92, 0.1)
                .contains("published data"));
    }

    @Test
    void everyRankedModelHasARankIntervalAndATierInTheCsvTheJsonAndTheSite() throws IOException {
        Leaderboard board = Leaderboard.build(List.of(runA(), runB()));
        Path site = root.resolve("site-tiers");
        String html = Files.readString(LeaderboardSite.write(board, site, false));
        assertTrue(html.contains("rank interval") && html.contains("tier"));
        Leaderboard.Entry robust = board.entries().get(0);
        Leaderboard.Entry plain = board.entries().get(1);
        assertEquals(1, robust.tier());
        assertEquals(2, plain.tier(), "0.7 against 0.2 over 40 stimuli: told apart");
        assertTrue(robust.rankLow() == 1 && robust.rankHigh() == 1, robust.rankInterval());
        List<CsvTable.Row> rows = CsvTable.read(site.resolve("leaderboard.csv"), LeaderboardSite.CSV_HEADER);
        assertEquals("1", rows.get(0).get("tier"));
        assertEquals("", rows.get(2).get("tier"), "unranked: no tier, never 0");
        JsonNode first = new ObjectMapper().readTree(site.resolve("leaderboard.json").toFile()).get("models").get(0);
        assertEquals(1, first.get("rank_interval").get(0).asInt());
        assertEquals(1, first.get("tier").asInt());
        assertTrue(html.contains("id=\"depth-profile\""), "the depth profile is shown beside the ranking");
        assertTrue(first.get("depth_profile").get("logits").isNumber());
        assertTrue(first.get("depth_profile").get("0-25%").isNull(), "no stage there: null, never 0");
    }

    @Test
    void onlyCompleteRunsWithOnePanelEnter() throws IOException {
        Path stopped = new SyntheticRun().generator("g", List.of("fc1_relu", "final"), new double[] {1, 1},
                new double[] {0.5, 0.5}).observer("other").status("running").write(root, "stopped");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Leaderboard.build(List.of(runA(), stopped)));
        assertTrue(e.getMessage().contains("not complete"), e.getMessage());
        assertTrue(e.getMessage().contains("stopped"), e.getMessage());

        Path p1 = new SyntheticRun().generator("g", List.of("final"), new double[] {1}, new double[] {0.5})
                .observer("o1").observer("o2").panel(List.of("o1", "o2")).write(root, "panel-1");
        Path p2 = new SyntheticRun().generator("h", List.of("final"), new double[] {1}, new double[] {0.5})
                .observer("o1").observer("o2").panel(List.of("o1")).write(root, "panel-2");
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Leaderboard.build(List.of(p1, p2)));
        assertTrue(e.getMessage().contains("protocols") && e.getMessage().contains("panel"), e.getMessage());
        assertEquals(2, Leaderboard.build(List.of(p1)).entries().get(0).observers(),
                "g is scored by the panel's two observers, itself excluded: o1 and o2");
    }
}
