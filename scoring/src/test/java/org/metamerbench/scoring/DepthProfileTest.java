package org.metamerbench.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepthProfileTest {
    @TempDir
    Path root;

    @Test
    void stagesFallIntoFixedBinsOfRelativeDepthWhateverTheirNumber() {
        // Five stages past the input: 0.2, 0.4, 0.6, 0.8, then the logits stage.
        assertEquals(List.of(0, 1, 2, 3, 4), List.of(DepthProfile.bin(1, 5), DepthProfile.bin(2, 5),
                DepthProfile.bin(3, 5), DepthProfile.bin(4, 5), DepthProfile.bin(5, 5)));
        // Two stages past the input: 0.5 and the logits.
        assertEquals(1, DepthProfile.bin(1, 2));
        assertEquals(4, DepthProfile.bin(2, 2));
    }

    @Test
    void aBinWithoutAScoredStageIsMissingNeverZero() throws IOException {
        RunResults r = RunResults.load(new SyntheticRun()
                .generator("g", List.of("conv1_relu", "fc1_relu", "final"), new double[] {1, 0, 1},
                        new double[] {0.9, 0.5, 0.2})
                .observer("o").stimuli(40).write(root, "run"));
        double[] d = DepthProfile.of(r, "g", r.cardStages("g"));
        assertEquals(List.of("input", "conv1_relu", "fc1_relu", "final"), r.cardStages("g"));
        assertTrue(d[1] > 0.5, "conv1_relu at 1/3: " + d[1]);
        assertTrue(Double.isNaN(d[2]), "fc1_relu at 2/3 has no accepted metamer: missing");
        assertTrue(Double.isNaN(d[0]) && Double.isNaN(d[3]), "no stage there");
        assertEquals(r.stageData("g", "final").recognisability(Resample.NONE, r.chance()), d[4], 1e-12);
    }
}
