package org.metamerbench.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.NaturalRow;
import org.metamerbench.results.RecognitionRow;

/**
 * Recognition on the stimuli the generator labels correctly: a generator wrong on a third of the natural stimuli,
 * whose metamers of those the other observers never recognise, is capped at two thirds overall and recognised fully
 * on the rest; a generator that answered no natural stimulus is absent from the analysis, never given a figure.
 */
class GeneratorCorrectTest {
    private static MetamerRow metamer(String g, String id) {
        return new MetamerRow(g, "v", "fc", id, 1, 0, 10, "budget", 0.1, 1, 1, 1, 1, 1, 30, 0.9, 0.9, 5, true);
    }

    @Test
    void recognitionOnTheStimuliTheGeneratorGetsRightRemovesItsOwnErrorsAndNothingElse() {
        List<MetamerRow> m = new ArrayList<>();
        List<RecognitionRow> r = new ArrayList<>();
        List<NaturalRow> nat = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = "s" + i;
            ids.add(id);
            boolean generatorRight = i % 3 != 0;
            m.add(metamer("g", id));
            m.add(metamer("h", id));
            nat.add(new NaturalRow("g", id, 1, generatorRight ? 1 : 0));
            for (String o : List.of("o1", "o2")) {
                nat.add(new NaturalRow(o, id, 1, 1));
                r.add(new RecognitionRow("g", "fc", id, 1, o, generatorRight ? 1 : 0, true));
                r.add(new RecognitionRow("h", "fc", id, 1, o, 1, true));
            }
        }
        List<StageData> stages = StageData.of(m, r, nat, ids, null);
        List<GeneratorCorrect> a = GeneratorCorrect.of(stages, nat, 0.1, new Bootstrap(200, 7));
        assertEquals(1, a.size(), "h answered no natural stimulus: it is absent");
        GeneratorCorrect g = a.get(0);
        assertEquals("g", g.generator());
        assertEquals(20, g.stimuli());
        assertEquals(20, g.accepted());
        assertEquals(1.0, g.cross(), 1e-12);
        assertEquals(1.0, g.crossNatural(), 1e-12);
        assertEquals(1.0, g.recognisability(), 1e-12);
        assertEquals(0.0, g.crossSe(), 1e-12, "every kept metamer recognised in every resample");
        double all = stages.get(0).crossRecognition(Resample.NONE);
        assertEquals(20 / 30.0, all, 1e-12, "the headline's figure over every stimulus is capped by the generator");
        assertTrue(Double.isNaN(GeneratorCorrect.of(stages.subList(0, 1), List.of(), 0.1, new Bootstrap(10, 1))
                .stream().mapToDouble(GeneratorCorrect::cross).findFirst().orElse(Double.NaN)));
    }
}
