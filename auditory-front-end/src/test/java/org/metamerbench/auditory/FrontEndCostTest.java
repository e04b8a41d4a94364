package org.metamerbench.auditory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The sizes {@code bench-front-end} prints beside its timings: the reduced front end's 63 x 100 cochleagram is 0.39
 * values per waveform sample and 3.2 times coarser in frequency than the published 211 x 400 one (2.11 values per
 * sample of a 2 s clip at 20 kHz). What a step costs is measured by the command, never asserted here; that a
 * measurement is a positive time is.
 */
class FrontEndCostTest {
    @Test
    void theReducedAndThePublishedSizesAgainstTheWaveform() {
        FrontEndCost reduced = FrontEndCost.size(CochlearFrontEnd.REDUCED);
        FrontEndCost published = FrontEndCost.size(CochlearFrontEnd.PUBLISHED);
        assertEquals(63, reduced.channels());
        assertEquals(100, reduced.frames());
        assertEquals(63 * 100 / 16000.0, reduced.valuesPerSample(), 1e-12);
        assertEquals(211, published.channels());
        assertEquals(400, published.frames());
        assertEquals(211 * 400 / 40000.0, published.valuesPerSample(), 1e-12);
        double coarser = reduced.spacingErb() / published.spacingErb();
        assertTrue(coarser > 3.1 && coarser < 3.3, "the reduced channels are " + coarser + " times as far apart");
        FrontEndCost timed = FrontEndCost.measure(CochlearFrontEnd.REDUCED, 1, 1);
        assertTrue(timed.stepMs() > 0, "a measured step takes time: " + timed.stepMs());
        assertEquals(reduced.channels(), timed.channels());
    }
}
