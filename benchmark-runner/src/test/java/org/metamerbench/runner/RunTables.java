package org.metamerbench.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.scoring.RunResults;

/**
 * Asserts that two runs of the same plan, made by different executors, hold the same results: every
 * table byte for byte (metamers.csv without its wall-time column) and every metamer array bit for bit.
 */
public final class RunTables {
    private RunTables() {
    }

    public static void assertSame(Path expected, Path actual) throws IOException {
        for (String table : List.of(ResultFiles.RECOGNITION_CSV, ResultFiles.NATURAL_CSV, ResultFiles.SCORES_CSV,
                ResultFiles.NULL_CSV, ResultFiles.LOSS_CURVES_CSV)) {
            assertEquals(Files.readString(expected.resolve(table)), Files.readString(actual.resolve(table)), table);
        }
        assertEquals(withoutSeconds(expected.resolve(ResultFiles.METAMERS_CSV)),
                withoutSeconds(actual.resolve(ResultFiles.METAMERS_CSV)));
        RunResults e = RunResults.load(expected);
        RunResults a = RunResults.load(actual);
        assertEquals(e.record().plan(), a.record().plan());
        int arrays = 0;
        for (var job : e.record().planOrEmpty()) {
            String g = job.generator();
            String s = job.stage();
            Path array = ResultFiles.metamerArray(expected, g, s);
            if (Files.exists(array)) {
                assertArrayEquals(Files.readAllBytes(array), Files.readAllBytes(ResultFiles.metamerArray(actual, g, s)),
                        g + " x " + s);
                assertTrue(Files.isRegularFile(ResultFiles.metamerImage(actual, g, s, a.stimuli().get(0))));
                arrays++;
            }
        }
        assertTrue(arrays > 0, "the runs hold metamers to compare");
    }

    /** metamers.csv without its seconds column (wall time differs between runs). */
    public static List<String> withoutSeconds(Path csv) throws IOException {
        List<String> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        int seconds = List.of(lines.get(0).split(",", -1)).indexOf("seconds");
        assertTrue(seconds >= 0, csv + " has a seconds column");
        for (String line : lines) {
            List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
            cells.remove(seconds);
            out.add(String.join(",", cells));
        }
        return out;
    }
}
