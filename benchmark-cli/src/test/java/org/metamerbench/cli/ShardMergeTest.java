package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.runner.RunTables;
import org.metamerbench.runner.TestFolders;

/**
 * A run cut into shards (`run --shard i/N`) and joined (`merge`) gives the tables of the same run on
 * one machine; shards that are not the N shards of one plan are refused, naming why.
 */
class ShardMergeTest {
    @TempDir
    static Path tmp;
    static Path results;
    static Path whole;
    static Path merged;

    static List<String> run(String runId, String... extra) {
        List<String> a = new ArrayList<>(List.of("run", "--models", "mlp,cnn-s1", "--observers", "mlp,cnn-s1,cnn-s2",
                "--stages", "fc1_relu,final", "--stimuli", "10", "--schedule-stages", "2", "--steps", "20",
                "--bootstrap", "50", "--no-cache", "--out", results.toString(), "--run-id", runId));
        a.addAll(List.of(extra));
        return a;
    }

    static Object[] cli(List<String> args) {
        return ZooVariant.capture(() -> Main.execute(args.toArray(String[]::new)));
    }

    static Object[] cli(String... args) {
        return cli(List.of(args));
    }

    @BeforeAll
    static void runs() {
        results = tmp.resolve("results");
        Object[] r = cli(run("whole"));
        assertEquals(0, r[0], (String) r[1]);
        whole = results.resolve("whole");
        for (String s : List.of("1/3", "2/3", "3/3")) {
            r = cli(run("sharded", "--shard", s));
            assertEquals(0, r[0], (String) r[1]);
            assertTrue(((String) r[1]).contains("metamer-bench merge"), (String) r[1]);
        }
        r = cli("merge", shard(1).toString(), shard(2).toString(), shard(3).toString(), "--out", results.toString());
        assertEquals(0, r[0], (String) r[1]);
        merged = results.resolve("sharded");
    }

    static Path shard(int i) {
        return results.resolve("sharded-shard-" + i + "-of-3");
    }

    @Test
    void theMergedShardsGiveTheTablesOfTheWholeRun() throws IOException {
        RunResults m = RunResults.load(merged);
        assertEquals("complete", m.status());
        assertEquals(4, m.record().jobs().size());
        RunTables.assertSame(whole, merged);
        assertTrue(Files.isRegularFile(merged.resolve("report.html")));
    }

    static Path copyOf(Path shardDir, String name) throws IOException {
        return TestFolders.copy(shardDir, tmp.resolve(name));
    }

    @Test
    void shardsThatAreNotOnePlanAreRefused() throws IOException {
        Object[] r = cli("merge", shard(1).toString(), shard(3).toString(), "--out", results.toString(), "--run-id",
                "two");
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("shard 2 of 3 is missing"), (String) r[1]);

        r = cli("merge", shard(1).toString(), shard(1).toString(), shard(2).toString(), "--out", results.toString(),
                "--run-id", "twice");
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("shard 1 of 3 is given twice"), (String) r[1]);

        // Shard 2 of the same run id, made elsewhere with another step count.
        List<String> other = run("sharded", "--shard", "2/3");
        other.set(other.indexOf("20"), "30");
        other.set(other.indexOf(results.toString()), tmp.resolve("elsewhere").toString());
        r = cli(other);
        assertEquals(0, r[0], (String) r[1]);
        r = cli("merge", shard(1).toString(), tmp.resolve("elsewhere/sharded-shard-2-of-3").toString(),
                shard(3).toString(), "--out", results.toString(), "--run-id", "mixed");
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("are not shards of one run: their 'config' differs"), (String) r[1]);

        Path threads = copyOf(shard(2), "threads-shard");
        String record = Files.readString(threads.resolve("run.json"));
        Files.writeString(threads.resolve("run.json"), record.replaceFirst("\"engine_threads\" : [0-9]+",
                "\"engine_threads\" : 99"));
        r = cli("merge", shard(1).toString(), threads.toString(), shard(3).toString(), "--out", results.toString(),
                "--run-id", "threads");
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("their 'machine/engine_threads' differs (run every shard with the same "
                + "-Dai.djl.pytorch.num_threads"), (String) r[1]);

        Path running = copyOf(shard(2), "running-shard");
        String json = Files.readString(running.resolve("run.json")).replace("\"shard-complete\"", "\"running\"");
        Files.writeString(running.resolve("run.json"), json);
        r = cli("merge", shard(1).toString(), running.toString(), shard(3).toString(), "--out", results.toString(),
                "--run-id", "unfinished");
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("status 'running', not 'shard-complete'"), (String) r[1]);

        Path tampered = copyOf(shard(2), "tampered-shard");
        Path part = tampered.resolve("jobs").resolve("mlp").resolve("final").resolve("recognition.csv");
        Files.writeString(part, Files.readString(part).replaceFirst(",true,", ",false,"));
        r = cli("merge", shard(1).toString(), tampered.toString(), shard(3).toString(), "--out", results.toString(),
                "--run-id", "tampered");
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("the output of job mlp x final is missing or does not match its checksums"),
                (String) r[1]);
        for (String id : List.of("two", "twice", "mixed", "threads", "unfinished", "tampered")) {
            assertTrue(!Files.exists(results.resolve(id)), id + ": a refused merge leaves no folder behind");
        }
        r = cli("merge", shard(1).toString(), shard(2).toString(), shard(3).toString(), "--out", results.toString(),
                "--run-id", "tampered");
        assertEquals(0, r[0], "the corrected merge into the same id: " + r[1]);
        RunTables.assertSame(whole, results.resolve("tampered"));
    }
}
