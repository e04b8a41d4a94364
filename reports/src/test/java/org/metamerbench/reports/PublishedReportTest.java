package org.metamerbench.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.datasets.human.PublishedData;
import org.metamerbench.scoring.HumanCalibration;
import org.metamerbench.scoring.PublishedAnalysis;

/** The page of the published analysis, from the copy of the data that ships. */
class PublishedReportTest {
    @Test
    void theReportPageHasTheRelationAndACurvePerExperimentAndModel(@TempDir Path out) throws IOException {
        PublishedAnalysis analysis = PublishedAnalysis.of(PublishedData.load(PublishedData.builtIn()));
        Path html = PublishedReport.write(analysis, HumanCalibration.fit(analysis.relation("image")), out,
                Path.of("published"));
        String page = Files.readString(html);
        assertTrue(page.contains("0.911") && page.contains("0.862"), "rho for images and audio");
        assertEquals(analysis.curves().size() + 2, Files.list(out.resolve("charts"))
                .filter(p -> p.toString().endsWith(".png")).count());
    }
}
