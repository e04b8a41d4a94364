package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.scoring.Bootstrap;
import org.metamerbench.scoring.ModelScore;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.cli.Main;
import org.metamerbench.runner.PackageFixtures;

/**
 * A submitter who copies a panel model: the zoo's cnn-s1 exported and packaged as TorchScript, once exactly and
 * once with every parameter perturbed by 2% of its spread (fixtures made by make_fixtures.py --cnn-from-weights),
 * declaring no lineage. Without a kinship check the panel's cnn-s1 recognises the copies' metamers as its own and
 * lifts their score; with it, both are found by their agreement with cnn-s1 on natural stimuli, cnn-s1 is left out
 * of their scores, and they score as the panel model itself does.
 */
class KinSubmissionTest {
    @Test
    void aCopyOrAPerturbedCopyOfAPanelModelScoresNoHigherThanTheModelItself(@TempDir Path tmp) throws IOException {
        Path plugins = tmp.resolve("plugins");
        Files.createDirectories(plugins);
        for (String f : List.of("cnn-s1-copy.zip", "cnn-s1-perturbed.zip")) {
            Files.copy(PackageFixtures.DIR.resolve(f), plugins.resolve(f));
        }
        Path out = tmp.resolve("results");
        int rc = Main.execute("run", "--plugins", plugins.toString(), "--models", "cnn-s1,cnn-s1-copy,cnn-s1-perturbed",
                "--stages", "final", "--stimuli", "20", "--schedule-stages", "8", "--steps", "30", "--bootstrap", "500",
                "--out", out.toString(), "--run-id", "kin");
        assertEquals(0, rc);
        RunResults r = RunResults.load(out.resolve("kin"));
        Map<String, Map<String, String>> left = r.kinship().exclusions();
        for (String copy : List.of("cnn-s1-copy", "cnn-s1-perturbed")) {
            String why = left.getOrDefault(copy, Map.of()).get("cnn-s1");
            assertTrue(why != null && why.startsWith("undeclared kin"), copy + ": " + left.get(copy));
            assertEquals(r.stageData("cnn-s1", "final").observers(), r.stageData(copy, "final").observers(),
                    "the copy is scored by cnn-s1's own observers");
        }
        for (var p : r.record().panel().kinship().pairs()) {
            if (p.generator().equals("cnn-s1")) {
                assertFalse(p.excluded(), "independent zoo models stay in cnn-s1's panel: " + p);
            }
        }
        // The attack is real: cnn-s1 recognises the copy's metamers far more often than the other observers do.
        assertTrue(r.recognition("cnn-s1-copy", "final", "cnn-s1") > 0.6,
                "cnn-s1 on its copy's metamers: " + r.recognition("cnn-s1-copy", "final", "cnn-s1"));
        Map<String, ModelScore> scores = new HashMap<>();
        r.modelScores(new Bootstrap(500, 1)).forEach(s -> scores.put(s.generator(), s));
        ModelScore own = scores.get("cnn-s1");
        assertTrue(own.ranked(), own.unranked());
        for (String copy : List.of("cnn-s1-copy", "cnn-s1-perturbed")) {
            ModelScore c = scores.get(copy);
            assertTrue(c.ranked(), c.unranked());
            assertTrue(Math.abs(c.recognisability() - own.recognisability()) <= own.recognisabilitySe(),
                    copy + " " + c.recognisability() + " against cnn-s1 " + own.recognisability() + " +- "
                            + own.recognisabilitySe());
            assertTrue(c.recognisability() <= own.recognisability() + own.recognisabilitySe(), copy);
        }
        assertTrue(Files.readString(out.resolve("kin").resolve("report.html")).contains("is left out of cnn-s1-copy"),
                "the report names who was left out and why");
    }
}
