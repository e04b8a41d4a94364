package org.metamerbench.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.metamerbench.datasets.human.PublishedData;

/**
 * The paper's analysis from its stored data: the copy of the published data of Feather et al. 2023 that ships in
 * the datasets module, so these figures hold for a fresh clone with nothing beside it.
 */
class PublishedAnalysisTest {
    static PublishedAnalysis analysis;

    @BeforeAll
    static void load() throws IOException {
        // the copy that ships, which every fresh clone reads when nothing else is given
        Path dir = PublishedData.builtIn();
        assertNotNull(dir, "the published data of Feather et al. 2023 ships in the datasets module");
        analysis = PublishedAnalysis.of(PublishedData.load(dir));
    }

    @Test
    void humanRecognitionOfResnet50MetamersInImageExperiment1() {
        PublishedAnalysis.Curve c = analysis.curve("image", "1", "resnet50");
        assertEquals(0.895, c.stage("natural_image").human(), 5e-4);
        assertEquals(0.212, c.stage("layer4_fake_relu").human(), 5e-4);
        assertEquals(0.117, c.stage("avgpool").human(), 5e-4);
        assertEquals(22, c.stage("avgpool").participants());
        assertTrue(c.stage("avgpool").humanSem() > 0 && c.stage("avgpool").humanSem() < 0.05);
        assertEquals("natural_image", c.stages().get(0).stage(), "stages in the data's order");
    }

    @Test
    void humansFollowOtherModelsAcrossConditionsForImagesAndAudio() {
        PublishedAnalysis.Relation image = analysis.relation("image");
        PublishedAnalysis.Relation audio = analysis.relation("audio");
        // Measured values (the paper reports rho of about 0.94 for vision and 0.86 for audio).
        assertEquals(185, image.conditions().size());
        assertEquals(195, audio.conditions().size());
        assertEquals(0.911, image.spearman(), 5e-4);
        assertEquals(0.862, audio.spearman(), 5e-4);
        assertEquals(0.869, image.pearsonR2(), 5e-4);
        assertEquals(0.947, audio.pearsonR2(), 5e-4);
    }

    @Test
    void calibrationIsCrossValidatedByLeavingOutWholeModels() {
        HumanCalibration cal = HumanCalibration.fit(analysis.relation("image"));
        assertTrue(cal.cvRmse() > 0.05 && cal.cvRmse() < 0.25, cal.describe());
        // More recognisable by models -> more recognisable by people, and chance stays near chance.
        assertTrue(cal.predict(0.9, 0.1) > cal.predict(0.3, 0.1));
        assertTrue(cal.predict(0.1, 0.1) < 0.2, "at chance: " + cal.predict(0.1, 0.1));
    }
}
