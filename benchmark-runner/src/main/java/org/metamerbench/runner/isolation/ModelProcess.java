package org.metamerbench.runner.isolation;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.metamerbench.api.ModelException;
import org.metamerbench.runner.isolation.Frames.Frame;

/**
 * The harness's side of a forked model ({@link ModelServer}): one child JVM that opens the model once and answers
 * call after call, as JMH keeps one fork per benchmark. Each call has the job limits ({@link JobWatch.Watch}: wall
 * time from the call's start, which includes the child's start for the first call, and resident memory); the heap
 * limit is the child's -Xmx. A call that fails because the child hung, exited, crashed or ran out of memory fails
 * with the reason, and the child is gone: the next call starts a new one. A model that throws or answers something
 * unusable fails only its call; its child stays.
 */
final class ModelProcess implements AutoCloseable {
    private static final Object EOF = new Object();
    private final Path source;
    private final String modelId;
    private final JobLimits limits;
    private Process process;
    private OutputStream toChild;
    private BlockingQueue<Object> answers;
    private Path log;
    private ByteArrayOutputStream noise;
    private int started;

    ModelProcess(Path source, String modelId, JobLimits limits) {
        this.source = source;
        this.modelId = modelId;
        this.limits = limits;
    }

    /** How many child JVMs this model has started so far (one, unless a child was lost). */
    synchronized int started() {
        return started;
    }

    /**
     * Sends a call and returns the child's {@code ok} answer, whose arrays may hold at most {@code maxAnswerBytes}
     * (what the call can need: the child does not size the harness's memory); any other outcome throws its reason.
     */
    synchronized Frame call(Frame request, long maxAnswerBytes) {
        JobWatch.Watch watch = null;
        if (process == null) {
            maxAnswer = 0;
            watch = start();
            Frame ready = await(watch);
            String status = ready.head().path(ModelCalls.STATUS).asText();
            if (!status.equals(ModelCalls.READY)) {
                String error = ready.head().path(ModelCalls.ERROR).asText();
                stop();
                throw new ModelException("failed: " + error.strip());
            }
        } else {
            watch = new JobWatch.Watch(process, limits, modelId);
        }
        maxAnswer = maxAnswerBytes;
        try {
            Frames.write(toChild, request);
        } catch (IOException e) {
            throw lost(); // the child has ended: its exit status says why
        }
        Frame answer = await(watch);
        String status = answer.head().path(ModelCalls.STATUS).asText();
        String error = answer.head().path(ModelCalls.ERROR).asText();
        switch (status) {
            case ModelCalls.OK:
                return answer;
            case ModelCalls.INVALID:
                throw new ModelException("invalid output: " + error.strip());
            case ModelCalls.FAILED:
                throw new ModelException("failed: " + error.strip());
            default:
                stop();
                throw new ModelException(modelId + ": the model's JVM answered '" + status + "'");
        }
    }

    /** What the answer being awaited may hold in arrays; set before its call is sent. */
    private volatile long maxAnswer;

    private JobWatch.Watch start() {
        List<String> cmd = ChildJvm.command(List.of("-Xmx" + limits.heapMib() + "m", "-XX:+ExitOnOutOfMemoryError",
                "-XX:+DisplayVMOutputToStderr", "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                // The child computes with this process's engine thread count: the same bits as in-process.
                "-Dai.djl.pytorch.num_threads=" + org.metamerbench.runner.engine.Machine.engineThreads()),
                ModelServer.class.getName(), List.of(source.toAbsolutePath().toString(), modelId));
        try {
            log = Files.createTempFile("metamer-bench-model-", ".log");
            process = ChildJvm.start(new ProcessBuilder(cmd).redirectError(log.toFile()));
        } catch (IOException e) {
            throw new ModelException(modelId + ": the job's JVM could not be started: " + e.getMessage(), e);
        }
        started++;
        toChild = process.getOutputStream();
        answers = new LinkedBlockingQueue<>();
        BlockingQueue<Object> queue = answers;
        ByteArrayOutputStream skipped = new ByteArrayOutputStream();
        noise = skipped;
        DataInputStream fromChild = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
        Thread reader = new Thread(() -> {
            try {
                for (Frame f = Frames.read(fromChild, skipped, () -> maxAnswer); f != null;
                        f = Frames.read(fromChild, skipped, () -> maxAnswer)) {
                    queue.add(f);
                }
                queue.add(EOF);
            } catch (IOException e) {
                queue.add(e);
            }
        }, "model-" + modelId);
        reader.setDaemon(true);
        reader.start();
        return new JobWatch.Watch(process, limits, modelId);
    }

    /** The child's next answer, within the call's limits. */
    private Frame await(JobWatch.Watch watch) {
        try {
            while (true) {
                Object next = answers.poll(JobWatch.POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (next instanceof Frame f) {
                    return f;
                }
                if (next instanceof IOException e) {
                    stop();
                    throw new ModelException(modelId + ": the model's JVM sent " + e.getMessage());
                }
                if (next == EOF) {
                    throw lost();
                }
                try {
                    watch.check();
                } catch (ModelException e) {
                    forget();
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
            throw new ModelException(modelId + ": interrupted");
        }
    }

    /** The child has ended by itself: waits for its exit status and says what it means. */
    private ModelException lost() {
        Process p = process;
        int code;
        try {
            p.waitFor(10, TimeUnit.SECONDS);
            code = p.isAlive() ? -1 : p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = -1;
        }
        String output = read(log);
        output += noise.toString(StandardCharsets.UTF_8); // what the JVM or a native library printed to stdout
        stop();
        if (output.contains("java.lang.OutOfMemoryError")) {
            return new ModelException(modelId + ": ran out of memory (heap limit " + limits.heapMib() + " MiB)");
        }
        return new ModelException(modelId + ": the job's JVM exited with status " + code + " (System.exit or a crash)"
                + (output.isBlank() ? "" : "; last output: " + tail(output)));
    }

    /** Kills the child (if it still runs) and forgets it; the next call starts another. */
    private void stop() {
        if (process != null) {
            JobWatch.kill(process);
        }
        forget();
    }

    private void forget() {
        process = null;
        toChild = null;
        answers = null;
        if (log != null) {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // a temporary log left behind is harmless
            }
            log = null;
        }
    }

    /** Asks the child to close its model and end; kills it after 10 s. */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        try {
            Frames.write(toChild, ModelCalls.close());
            toChild.close();
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // it has ended already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop();
    }

    private static String read(Path f) {
        try {
            return f != null && Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String log) {
        String s = log.strip();
        return s.length() <= 300 ? s : "..." + s.substring(s.length() - 300);
    }
}
