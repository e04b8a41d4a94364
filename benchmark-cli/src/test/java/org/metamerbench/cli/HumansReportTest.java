package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.datasets.human.PublishedData;
import org.metamerbench.runner.isolation.ChildJvm;

/**
 * {@code humans report} as a fresh clone runs it: in a folder with no {@code shared/datasets} above it and no
 * {@code METAMER_BENCH_FEATHER2023}, it reads the shipped copy of the published data and gives the paper's human
 * recognition figures (Feather et al. 2023, image experiment 1, ResNet-50: 0.895 natural, 0.212 layer4, 0.117
 * avgpool, 22 participants).
 */
class HumansReportTest {
    @TempDir
    Path tmp;

    @Test
    void aFreshCloneReproducesThePublishedFiguresFromTheShippedCopy() throws Exception {
        List<String> cmd = ChildJvm.command(List.of("-Xmx512m"), Main.class.getName(),
                List.of("humans", "report", "--out", "report"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().remove(PublishedData.ENV);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith(PublishedData.builtIn().toString()) || out.contains("the copy shipped"),
                "read from the shipped copy: " + out);
        assertTrue(out.contains("21302 human summary rows, 5808 cross-model rows"), out);
        assertTrue(out.contains("natural_image 0.895") && out.contains("layer4_fake_relu 0.212")
                && out.contains("avgpool 0.117 +- 0.017 (n 22)"), out);
        assertTrue(Files.isRegularFile(tmp.resolve("report/index.html")));
    }
}
