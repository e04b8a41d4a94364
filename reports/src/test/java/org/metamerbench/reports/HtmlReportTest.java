package org.metamerbench.reports;

import org.metamerbench.scoring.RunResults;
import org.metamerbench.scoring.SyntheticRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.results.ResultFiles;

class HtmlReportTest {
    @TempDir
    Path root;

    private Path run() throws IOException {
        return new SyntheticRun()
                .generator("g1", List.of("conv1_relu", "fc1_relu", "final"), new double[] {1, 0.9, 0.8},
                        new double[] {0.9, 0.3, 0.2})
                .generator("g2", List.of("fc1_relu", "final"), new double[] {1, 0}, new double[] {0.8, 0.7})
                .observer("o3").write(root, "r1");
    }

    @Test
    void theReportIsOneSelfContainedPageWithEveryChartEmbedded() throws IOException {
        Path dir = run();
        HtmlReport.Built built = HtmlReport.write(RunResults.load(dir));
        String html = Files.readString(built.html());
        assertEquals(2 + 4 * 2, built.charts().size(), "summary, matrix, and 4 charts per generator");
        Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        int images = 0;
        while (m.find()) {
            assertNotNull(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))));
            images++;
        }
        assertEquals(built.charts().size(), images, "every chart is embedded as a PNG that decodes");
        assertTrue(!html.contains("http://") && !html.contains("https://"), "nothing is fetched from the network");
        Matcher links = Pattern.compile("href=\"([^\"#]+)\"").matcher(html);
        int checked = 0;
        while (links.find()) {
            assertTrue(Files.exists(dir.resolve(links.group(1))), "link target exists: " + links.group(1));
            checked++;
        }
        assertTrue(checked >= 2 * built.charts().size() + 5, "links to chart files and data files: " + checked);
        // g2's final stage has no accepted metamer: shown as missing, not as 0.
        assertTrue(html.contains("0/20"));
        assertTrue(html.contains("class=\"missing\""));
    }

    @Test
    void aRebuildReplacesTheReportAndLeavesTheResultsAlone() throws IOException {
        Path dir = run();
        String metamers = Files.readString(dir.resolve(ResultFiles.METAMERS_CSV));
        HtmlReport.write(RunResults.load(dir));
        Path stale = dir.resolve(HtmlReport.CHARTS_DIR).resolve("stale.png");
        Files.writeString(stale, "old");
        HtmlReport.write(RunResults.load(dir));
        assertTrue(!Files.exists(stale), "charts of an earlier build are removed");
        assertEquals(metamers, Files.readString(dir.resolve(ResultFiles.METAMERS_CSV)));
    }

    @Test
    void aBrokenResultFolderIsNamedInTheError() throws IOException {
        Path dir = run();
        Path natural = dir.resolve(ResultFiles.NATURAL_CSV);
        List<String> lines = Files.readAllLines(natural);
        lines.set(3, lines.get(3).replaceFirst(",\\d+,", ",seven,"));
        Files.write(natural, lines);
        IOException e = assertThrows(IOException.class, () -> RunResults.load(dir));
        assertTrue(e.getMessage().contains("natural.csv does not match its checksum"), "sealed: " + e.getMessage());
        // a folder without a seal (an older harness's) is read, and its malformed cell named
        Files.delete(dir.resolve(org.metamerbench.results.Seal.FILE));
        e = assertThrows(IOException.class, () -> RunResults.load(dir));
        assertTrue(e.getMessage().contains(natural + ":4:3 (label)"), e.getMessage());
        Files.delete(natural);
        e = assertThrows(IOException.class, () -> RunResults.load(dir));
        assertTrue(e.getMessage().contains("natural.csv") && e.getMessage().contains("missing"), e.getMessage());
        e = assertThrows(IOException.class, () -> RunResults.load(root.resolve("nope")));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }
}
