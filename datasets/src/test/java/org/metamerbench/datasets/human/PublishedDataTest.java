package org.metamerbench.datasets.human;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The published data of Feather et al. 2023, as shipped with the harness, passes the validators. */
class PublishedDataTest {
    @Test
    void theShippedCopyLoadsAndValidatesWithItsProvenanceBesideIt() throws IOException {
        Path dir = PublishedData.builtIn();
        assertNotNull(dir, "the copy ships in the datasets module");
        assertTrue(Files.isRegularFile(dir.resolve("LICENSE-source.txt")) && Files.isRegularFile(dir.resolve("README.md")),
                "its licence and provenance README lie beside it");
        PublishedData d = PublishedData.load(dir);
        assertEquals(21_302, d.human().size());
        assertEquals(5_808, d.crossModel().size());
        assertEquals(10_651, d.human().stream().filter(s -> s.observer().equals(ConditionScore.HUMAN)).count());
        assertEquals(dir, PublishedData.candidates().get(PublishedData.candidates().size() - 1),
                "the last place looked: a folder given or found first is read instead");
    }
}
