package org.metamerbench.runner.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Tensor;
import org.metamerbench.api.harness.SafeName;
import org.metamerbench.datasets.SamplePng;
import org.metamerbench.results.RunLock;
import org.metamerbench.runner.experiment.ExperimentHttp.Refused;
import org.metamerbench.space.MameAnswers;
import org.metamerbench.space.MameExperiment;
import org.metamerbench.space.MameSchedule;
import org.metamerbench.space.MameTrial;
import org.metamerbench.space.ShiftGenerator;
import org.metamerbench.space.StageDimensions;

/**
 * The web server of a MAME experiment: each participant's staircases live here ({@link MameSchedule}), restored from
 * {@link MameAnswers#FILE} when the server starts, so a restart or a reloaded page continues at the trial that was
 * pending. Each trial's images are made here from its reference by the generator's gradients
 * ({@link ShiftGenerator}), on one generating thread; when a trial is asked for, the one after it is made too if no
 * answer can change it, so it is ready while the current one is shown.
 *
 * <p>Blind: the page gets three image names (A, B, X), random and new for every trial, whether the trial is practice,
 * and where to show the images (the eccentricity is visible on the screen anyway); never the condition, the level, the
 * reference or which image is the changed one. Only practice answers are told whether they were right. Every answer
 * is stored exactly once: an answer to a trial already stored is acknowledged as a duplicate and not stored again; an
 * answer to any trial but the pending one is refused.
 */
public final class MameServer implements AutoCloseable {
    /** How long a request for a trial waits for its images before it is refused (the page asks again). */
    static final long MAX_WAIT_SECONDS = 50;
    private static final List<String> ANSWER_FIELDS = List.of("participant", "trial", "response", "rt_ms");
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    static {
        ExperimentHttp.limits();
    }

    /** A trial's images, made: their random names and the shift reached. */
    record Prepared(MameTrial trial, String a, String b, String x, double reached) {
    }

    /** One participant's schedule, the trials being made for them and how long the pending one was waited for. */
    private static final class Session {
        final MameSchedule schedule;
        final Map<Integer, CompletableFuture<Prepared>> made = new LinkedHashMap<>();
        final Map<Integer, Long> waited = new LinkedHashMap<>();

        Session(MameSchedule schedule) {
            this.schedule = schedule;
        }
    }

    private final Path dir;
    private final MameExperiment plan;
    private final DifferentiableModel generator;
    private final Tensor references;
    private final float lo;
    private final float hi;
    private final Map<String, StageDimensions> dims = new LinkedHashMap<>();
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final Map<String, byte[]> images = new ConcurrentHashMap<>();
    private final SecureRandom names = new SecureRandom();
    private final ExecutorService making = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mame-images");
        t.setDaemon(true);
        return t;
    });
    private final HttpServer server;
    private RunLock lock;

    private MameServer(Path dir, MameExperiment plan, DifferentiableModel generator, Tensor references, float lo,
            float hi, HttpServer server) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        this.plan = plan;
        this.generator = generator;
        this.references = references;
        this.lo = lo;
        this.hi = hi;
        this.server = server;
        plan.dimensions(dir).forEach(d -> dims.put(d.stage(), d));
        Map<String, List<MameAnswers.Answer>> stored = MameAnswers.read(dir, plan);
        Path file = dir.resolve(MameAnswers.FILE);
        for (String p : plan.participants().keySet()) {
            try {
                sessions.put(p, new Session(MameSchedule.restore(plan, p, references.batchSize(), stored.get(p),
                        file.toString())));
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    /**
     * Serves the MAME experiment in {@code dir} on {@code host:port} (0: any free port), making images with
     * {@code generator} (the plan's model, its version checked by the caller) from {@code references} (the plan's
     * set), pixels within [lo, hi].
     */
    public static MameServer start(Path dir, String host, int port, DifferentiableModel generator, Tensor references,
            float lo, float hi) throws IOException {
        MameExperiment plan = MameExperiment.read(dir);
        RunLock lock = ExperimentHttp.lock(dir, ExperimentServer.LOCK);
        MameServer s;
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 0);
            s = new MameServer(dir, plan, generator, references, lo, hi, http);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        s.lock = lock;
        s.server.createContext("/", s::handle);
        s.server.setExecutor(Executors.newFixedThreadPool(4));
        s.server.start();
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Answers stored, all participants together. */
    public int answeredCount() {
        synchronized (sessions) {
            return sessions.values().stream().mapToInt(s -> s.schedule.answered()).sum();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
        making.shutdownNow();
        try {
            making.awaitTermination(30, TimeUnit.SECONDS); // the model is not closed under a running image
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            lock.close();
        } catch (IOException e) {
            // the process's end releases it
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        ExperimentHttp.handle(ex, "mame server", this::answer, this::get);
    }

    private void get(HttpExchange ex, String path) throws IOException, Refused {
        if (path.equals("/") || path.equals("/index.html")) {
            ExperimentHttp.sendPage(ex, "mame.html");
        } else if (path.startsWith("/stimuli/")) {
            byte[] png = images.get(path.substring("/stimuli/".length()));
            if (png == null) {
                throw new Refused(404, "not found");
            }
            ExperimentHttp.send(ex, 200, "image/png", png);
        } else if (path.equals("/api/plan")) {
            ObjectNode o = ExperimentHttp.JSON.createObjectNode();
            o.put("experiment", plan.experiment());
            MameExperiment.Timing t = plan.timing();
            o.putObject("timing_ms").put("fixation", t.fixationMs()).put("stimulus", t.stimulusMs())
                    .put("gap", t.gapMs()).put("before_response", t.beforeResponseMs());
            o.put("size_px", plan.sizePx());
            o.put("practice", plan.practice());
            sendJson(ex, 200, o);
        } else if (path.startsWith("/api/participant/")) {
            Session s = session(path.substring("/api/participant/".length()));
            synchronized (s) {
                sendJson(ex, 200, ExperimentHttp.JSON.createObjectNode().put("answered", s.schedule.answered())
                        .put("done", s.schedule.done()));
            }
        } else if (path.startsWith("/api/trial/")) {
            sendJson(ex, 200, trial(path.substring("/api/trial/".length())));
        } else {
            throw new Refused(404, "not found");
        }
    }

    private static void sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
        ExperimentHttp.sendJson(ex, status, body);
    }

    private Session session(String code) throws Refused {
        Session s = SafeName.isSafe(code) ? sessions.get(code) : null;
        if (s == null) {
            throw new Refused(404, "unknown participant code");
        }
        return s;
    }

    /** The pending trial's images (made now if they were not made ahead), and the next one's, made behind it. */
    private ObjectNode trial(String code) throws Refused, IOException {
        Session s = session(code);
        CompletableFuture<Prepared> pending;
        MameTrial t;
        synchronized (s) {
            t = s.schedule.next();
            if (t == null) {
                return ExperimentHttp.JSON.createObjectNode().put("done", true);
            }
            pending = make(s, t);
            MameTrial after = s.schedule.following();
            if (after != null) {
                make(s, after);
            }
        }
        long start = System.nanoTime();
        Prepared p;
        try {
            p = pending.get(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new Refused(503, "the trial's images are not ready yet; ask again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(503, "the server is stopping");
        } catch (ExecutionException e) {
            throw new IllegalStateException("making trial " + t.trial() + " of " + code + " failed", e.getCause());
        }
        if (!p.trial().equals(t)) {
            throw new IllegalStateException("trial " + t.trial() + " of " + code + " was made ahead as another trial");
        }
        synchronized (s) {
            s.waited.merge(t.trial(), (System.nanoTime() - start) / 1_000_000, Math::max);
        }
        ObjectNode o = ExperimentHttp.JSON.createObjectNode();
        o.put("done", false);
        o.put("trial", t.trial());
        o.put("practice", t.kind() == MameTrial.Kind.PRACTICE);
        o.put("offset_px", Math.round(t.eccentricity() * plan.pixelsPerDegree()));
        o.put("a", "stimuli/" + p.a()).put("b", "stimuli/" + p.b()).put("x", "stimuli/" + p.x());
        return o;
    }

    /** The future of trial {@code t}'s images, started on the generating thread unless already made for it. */
    private CompletableFuture<Prepared> make(Session s, MameTrial t) {
        CompletableFuture<Prepared> f = s.made.get(t.trial());
        if (f != null && !f.isCompletedExceptionally() && (!f.isDone() || f.join().trial().equals(t))) {
            return f; // made ahead, or being made
        }
        f = CompletableFuture.supplyAsync(() -> prepare(t), making);
        s.made.put(t.trial(), f);
        return f;
    }

    private Prepared prepare(MameTrial t) {
        Tensor ref = references.samples(t.reference(), t.reference() + 1);
        float[] changed;
        double reached = Double.NaN;
        if (t.foilChange()) {
            changed = references.samples(t.foil(), t.foil() + 1).toFloatArray();
        } else {
            StageDimensions d = dims.get(t.condition().condition().stage());
            ShiftGenerator.Shift shift = ShiftGenerator.generate(generator, d, ref, t.condition().condition()
                    .component(), t.condition().condition().sign(), t.level(), ShiftGenerator.STEPS,
                    ShiftGenerator.rate(t.level()), lo, hi);
            changed = shift.image();
            reached = shift.reached();
        }
        float[] a = t.aChanged() ? changed : ref.toFloatArray();
        float[] b = t.aChanged() ? ref.toFloatArray() : changed;
        try {
            String an = put(a);
            String bn = put(b);
            String xn = put(t.xIsA() ? a : b);
            return new Prepared(t, an, bn, xn, reached);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String put(float[] pixels) throws IOException {
        StringBuilder n = new StringBuilder(30);
        for (int i = 0; i < 26; i++) {
            n.append(ALPHABET[names.nextInt(ALPHABET.length)]);
        }
        n.append(".png");
        images.put(n.toString(), SamplePng.encode(pixels, references.sampleShape(), lo, hi));
        return n.toString();
    }

    private void answer(HttpExchange ex) throws IOException, Refused {
        JsonNode body = ExperimentHttp.jsonBody(ex, ANSWER_FIELDS);
        JsonNode p = body.get("participant");
        JsonNode tr = body.get("trial");
        JsonNode resp = body.get("response");
        JsonNode rtNode = body.get("rt_ms");
        if (p == null || !p.isTextual()) {
            throw new Refused(400, "participant must be a participant code");
        }
        Session s = session(p.asText());
        if (tr == null || !tr.isIntegralNumber() || !tr.canConvertToInt()) {
            throw new Refused(400, "trial must be an integer");
        }
        if (resp == null || !resp.isTextual() || !(resp.asText().equals("A") || resp.asText().equals("B"))) {
            throw new Refused(400, "response must be A or B");
        }
        if (rtNode == null || !rtNode.isIntegralNumber() || !rtNode.canConvertToLong() || rtNode.asLong() < 0
                || rtNode.asLong() > MameAnswers.MAX_RT_MS) {
            throw new Refused(400, "rt_ms must be an integer from 0 to " + MameAnswers.MAX_RT_MS);
        }
        int trial = tr.intValue();
        ObjectNode o = ExperimentHttp.JSON.createObjectNode();
        synchronized (s) {
            int answered = s.schedule.answered();
            if (trial >= 1 && trial <= answered) {
                sendJson(ex, 200, o.put("stored", true).put("duplicate", true));
                return;
            }
            MameTrial t = s.schedule.next();
            if (t == null || trial != t.trial()) {
                throw new Refused(409, "trial " + trial + " is not the trial shown to this participant");
            }
            Long waited = s.waited.get(trial);
            if (waited == null) {
                // shown by this server's predecessor, stopped before the answer came: the trial is the same (it
                // follows from the seed and the stored answers); its image is made again for the shift it reached
                waited = -1L;
            }
            Prepared made;
            try {
                made = make(s, t).get(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException | InterruptedException e) {
                throw new Refused(503, "the server is busy; send the answer again");
            } catch (ExecutionException e) {
                throw new IllegalStateException("making trial " + t.trial() + " failed", e.getCause());
            }
            MameAnswers.Answer a = MameAnswers.Answer.of(p.asText(), t, made.reached(), resp.asText(),
                    rtNode.asLong(), waited, Instant.now().truncatedTo(ChronoUnit.MILLIS));
            MameAnswers.append(dir, plan, a); // forced to disk before the answer is acknowledged
            s.schedule.record(a.correct());
            s.made.remove(trial);
            s.waited.remove(trial);
            List.of(made.a(), made.b(), made.x()).forEach(images::remove);
            MameTrial coming = s.schedule.next();
            if (coming != null) {
                make(s, coming); // already made ahead where no answer could change it; else started now
            }
            o.put("stored", true).put("duplicate", false);
            if (t.kind() == MameTrial.Kind.PRACTICE) {
                o.put("correct", a.correct());
            }
        }
        sendJson(ex, 200, o);
    }
}
