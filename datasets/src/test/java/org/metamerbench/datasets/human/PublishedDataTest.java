package org.metamerbench.datasets.human;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The published data of Feather et al. 2023 passes the validators (skipped where the folder is absent). */
class PublishedDataTest {
    @Test
    void thePublishedFilesLoadAndValidate() throws IOException {
        Path dir = PublishedData.locate();
        assumeTrue(dir != null, "published data of Feather et al. 2023 not found (looked in "
                + PublishedData.candidates() + "); set " + PublishedData.ENV + " to run this test");
        PublishedData d = PublishedData.load(dir);
        assertEquals(21_302, d.human().size());
        assertEquals(5_808, d.crossModel().size());
        assertEquals(10_651, d.human().stream().filter(s -> s.observer().equals(ConditionScore.HUMAN)).count());
    }
}
