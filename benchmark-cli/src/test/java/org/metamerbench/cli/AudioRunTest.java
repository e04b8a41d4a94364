package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.scoring.RunResults;

/**
 * The auditory half end to end, shortened: the audio profile's fifty-word set and word models, every reference
 * and metamer written as a 16 kHz 16-bit mono WAV file of the set's length and drawn as a cochleagram, the
 * report's players pointing at those files, and only word models in the panel.
 */
class AudioRunTest {

    @Test
    void theAudioProfileWritesWavFilesCochleagramsAndPlayers(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("results");
        Object[] ran = ZooVariant.capture(() -> Main.execute("run", "--profile", "audio", "--models", "word50-cnn-s1",
                "--stages", "cochleagram,fc1_relu", "--stimuli", "10", "--schedule-stages", "2", "--steps", "10",
                "--bootstrap", "50", "--out", out.toString(), "--run-id", "words"));
        assertEquals(0, ran[0], (String) ran[1]);
        Path run = out.resolve("words");
        RunResults results = RunResults.load(run);
        assertEquals("spoken-words-v2", results.stimulusSetName());
        assertTrue(results.panel().stream().allMatch(id -> id.startsWith("word50-")), "only fifty-word models observe: "
                + results.panel());
        assertTrue(results.panel().size() >= 2, results.panel().toString());
        List<MetamerRow> metamers = results.metamers();
        assertEquals(10 * 2, metamers.size());

        for (String id : results.stimuli()) {
            checkWav(ResultFiles.referenceSound(run, id));
            checkCochleagram(ResultFiles.referenceImage(run, id));
        }
        for (MetamerRow m : metamers) {
            checkWav(ResultFiles.metamerSound(run, m.generator(), m.stage(), m.stimulusId()));
            checkCochleagram(ResultFiles.metamerImage(run, m.generator(), m.stage(), m.stimulusId()));
        }

        // The report plays the run's own files: one player per shown stimulus and column, each file there.
        Object[] reported = ZooVariant.capture(() -> Main.execute("report", run.toString()));
        assertEquals(0, reported[0], (String) reported[1]);
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("id=\"generator-correct\""), "recognition on the stimuli the generator labels "
                + "correctly, beside the stage table");
        Matcher audio = Pattern.compile("<audio controls preload=\"none\" src=\"([^\"]+)\"").matcher(html);
        int players = 0;
        while (audio.find()) {
            assertTrue(Files.isRegularFile(run.resolve(audio.group(1))), audio.group(1));
            players++;
        }
        assertEquals(10 * 3, players, "10 stimuli (one of every fifth word) x (natural + 2 stages)");

        // Word models are ranked on their own: a leaderboard of an image run and this run has two tables.
        Object[] image = ZooVariant.capture(() -> Main.execute("run", "--models", "cnn-s1", "--stages", "final",
                "--stimuli", "10", "--schedule-stages", "1", "--steps", "5", "--bootstrap", "50", "--out",
                out.toString(), "--run-id", "pictures"));
        assertEquals(0, image[0], (String) image[1]);
        Path site = tmp.resolve("site");
        Object[] board = ZooVariant.capture(() -> Main.execute("leaderboard", "build", "--results",
                out.resolve("pictures").toString(), run.toString(), "--out", site.toString()));
        assertEquals(0, board[0], (String) board[1]);
        String images = Files.readString(site.resolve("leaderboard.csv"));
        String words = Files.readString(site.resolve("audio").resolve("leaderboard.csv"));
        assertTrue(images.contains(",cnn-s1,") && !images.contains(",word"), images);
        assertTrue(words.contains(",word50-cnn-s1,") && !words.contains(",cnn-s1,"), words);
        assertTrue(Files.readString(site.resolve("index.html")).contains("<a href=\"audio/index.html\">audio</a>"));
        assertTrue(Files.readString(site.resolve("audio").resolve("index.html"))
                .contains("<a href=\"../index.html\">images</a>"));
    }

    /** A canonical 44-byte-header WAV: PCM, mono, 16 kHz, 16 bits, one second. */
    private static void checkWav(Path wav) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x46464952, b.getInt(0), wav + ": RIFF");
        assertEquals(b.limit() - 8, b.getInt(4), wav + ": RIFF size");
        assertEquals(0x45564157, b.getInt(8), wav + ": WAVE");
        assertEquals(0x20746d66, b.getInt(12), wav + ": fmt chunk");
        assertEquals(1, b.getShort(20), wav + ": PCM");
        assertEquals(1, b.getShort(22), wav + ": mono");
        assertEquals(16_000, b.getInt(24), wav + ": sample rate");
        assertEquals(32_000, b.getInt(28), wav + ": byte rate");
        assertEquals(16, b.getShort(34), wav + ": bits per sample");
        assertEquals(0x61746164, b.getInt(36), wav + ": data chunk");
        assertEquals(2 * 16_000, b.getInt(40), wav + ": one second of samples");
        assertEquals(44 + 2 * 16_000, b.limit(), wav + ": file size");
    }

    /** A grey picture of 63 channels x 100 frames. */
    private static void checkCochleagram(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(100, img.getWidth(), png + ": frames");
        assertEquals(63, img.getHeight(), png + ": channels");
    }
}
