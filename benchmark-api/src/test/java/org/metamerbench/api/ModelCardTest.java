package org.metamerbench.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a card says of the sound or graph a model takes, and a version made from the weights. */
class ModelCardTest {
    private static ModelCard.Builder sound() {
        return ModelCard.builder("w").version("v").modality(Modality.AUDIO).inputShape(16000).valueRange(-1f, 1f)
                .classLabels(List.of("a", "b")).stage("input", false, 16000).stage("final", false, 2);
    }

    @Test
    void aSoundModelDeclaresItsSampleRateOnTheCard() {
        assertEquals(16000, sound().sampleRate(16000).build().sampleRate());
        assertEquals(0, sound().build().sampleRate(), "undeclared");
        assertThrows(IllegalArgumentException.class, () -> sound().sampleRate(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelCard.builder("i")
                .version("v").inputShape(1, 2, 2).classLabels(List.of("a", "b")).stage("input", false, 1, 2, 2)
                .stage("final", false, 2).sampleRate(16000).build());
        assertTrue(e.getMessage().contains("does not take sound"), e.getMessage());
    }

    @Test
    void aGraphModelDeclaresItsHopsAndOnlyAGraphModelDoes() {
        ModelCard.Builder graph = ModelCard.builder("g").version("v").modality(Modality.GRAPH).inputShape(5)
                .classLabels(List.of("a", "b")).stage("input", false, 5).stage("final", false, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, graph::build);
        assertTrue(e.getMessage().contains("must declare its hops"), e.getMessage());
        assertEquals(2, graph.hops(2).build().hops());
        e = assertThrows(IllegalArgumentException.class, () -> sound().sampleRate(16000).hops(2).build());
        assertTrue(e.getMessage().contains("does not take graphs"), e.getMessage());
        assertEquals(0, sound().sampleRate(16000).build().hops());
    }

    @Test
    void aVersionFromTheWeightsBytesChangesWithThem() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assertEquals("sha256:ba7816bf8f01cfea", ModelCard.versionOf("abc".getBytes(StandardCharsets.US_ASCII)));
        assertNotEquals(ModelCard.versionOf(new byte[] {1}), ModelCard.versionOf(new byte[] {2}));
    }
}
