package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The progress line keeps the job's name whole; the bar gives way. */
class ProgressTest {
    @Test
    void theJobNameStaysWholeAndTheBarTakesWhatIsLeft() {
        String msg = " synthesis cnn-adv-l2 x conv1_relu";
        String wide = Progress.line("metamers", 51200, 512000, Duration.ofSeconds(5), msg, 120);
        assertTrue(wide.endsWith("51200/512000 (0:00:05 / 0:00:45) synthesis cnn-adv-l2 x conv1_relu"), wide);
        assertTrue(wide.contains("[===") && wide.length() <= 120, wide);
        String narrow = Progress.line("metamers", 51200, 512000, Duration.ofSeconds(5), msg, 100);
        assertTrue(narrow.endsWith("synthesis cnn-adv-l2 x conv1_relu") && narrow.length() <= 100 && narrow.contains("["), narrow);
        String tiny = Progress.line("metamers", 51200, 512000, Duration.ofSeconds(5), msg, 40);
        assertEquals("metamers  10% 51200/512000 (0:00:05 / 0:00:45) synthesis cnn-adv-l2 x conv1_relu", tiny,
                "no room for a bar: none, and every word kept");
        assertTrue(Progress.line("jobs", 0, 4, Duration.ZERO, "", 80).contains("(0:00:00 / ?)"));
    }

    @Test
    void theConsumerPrintsTheWholeLineWhereTheTerminalIsNarrowerOrAbsent() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        Progress.WholeLines out = new Progress.WholeLines(new java.io.PrintStream(bytes, true,
                java.nio.charset.StandardCharsets.UTF_8));
        String line = "metamers  20% 102400/512000 (0:00:19 / 0:01:16) null distribution cnn-adv-l2 x conv1_relu";
        out.accept(line);
        out.accept("short");
        out.close();
        String printed = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("\r" + line + "\r"), "the whole line, past any width: " + printed);
        assertTrue(printed.contains("\rshort" + " ".repeat(line.length() - 5)), "a shorter line covers the longer one");
    }
}
