package org.metamerbench.runner.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import org.metamerbench.api.harness.SafeName;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.datasets.human.Trial;
import org.metamerbench.datasets.human.TrialFile;
import org.metamerbench.runner.experiment.ExperimentHttp.Refused;

/**
 * The local web server of a browser experiment: serves the page, the stimuli and the participant's
 * remaining trials, and appends every answered trial to {@code trials.csv} as it arrives (forced to
 * disk before the answer is acknowledged). A trial answered twice (a retried request, a reloaded
 * page) is stored once. Restarted on the same folder, it continues where each participant stopped.
 *
 * <p>It faces the open web. It serves only the page and the images the plan names (looked up by name,
 * never by turning a URL into a path), follows no symbolic link, reads at most {@value #MAX_BODY} bytes
 * of a request body and {@value #MAX_URI} characters of a URL, reads answers strictly (integers are
 * integers, no unknown or repeated field), and answers a bad request with a 4xx status and a short
 * message; an unexpected failure is a 500 with no detail (the detail goes to the server's log).
 */
public final class ExperimentServer implements AutoCloseable {
    static final int MAX_BODY = ExperimentHttp.MAX_BODY;
    static final int MAX_URI = ExperimentHttp.MAX_URI;
    public static final int MAX_REQUEST_SECONDS = ExperimentHttp.MAX_REQUEST_SECONDS;

    static {
        ExperimentHttp.limits();
    }
    /** The longest response time stored: ten minutes. */
    static final long MAX_RT_MS = org.metamerbench.datasets.human.TrialFile.MAX_RT_MS;
    private static final ObjectMapper JSON = ExperimentHttp.JSON;
    private static final List<String> ANSWER_FIELDS = List.of("participant", "trial", "response", "rt_ms");

    private final Path dir;
    private final ExperimentPlan plan;
    private final Path csv;
    private final Set<String> answered = new HashSet<>();
    private final Set<String> images = new HashSet<>();
    private final HttpServer server;
    /** The lock file this server holds in its folder while it serves. */
    public static final String LOCK = ".serve.lock";
    private org.metamerbench.results.RunLock lock;

    private ExperimentServer(Path dir, ExperimentPlan plan, HttpServer server) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        this.plan = plan;
        this.csv = this.dir.resolve(ExperimentPlan.TRIALS_CSV);
        this.server = server;
        if (!plan.sound()) {
            images.add(ExperimentPlan.MASK);
        }
        plan.practice().forEach(t -> images.add(t.image()));
        plan.participants().values().forEach(list -> list.forEach(t -> images.add(t.image())));
        if (Files.exists(csv)) {
            for (Trial t : TrialFile.read(csv, plan.catalogue(), plan)) {
                answered.add(key(t.participant(), t.trial()));
            }
        }
    }

    /** Starts serving {@code dir} on {@code host:port} (port 0: any free port). */
    public static ExperimentServer start(Path dir, String host, int port) throws IOException {
        ExperimentPlan plan = ExperimentPlan.read(dir);
        org.metamerbench.results.RunLock lock = ExperimentHttp.lock(dir, LOCK);
        HttpServer http;
        ExperimentServer s;
        try {
            http = HttpServer.create(new InetSocketAddress(host, port), 0);
            s = new ExperimentServer(dir, plan, http);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        s.lock = lock;
        http.createContext("/", s::handle);
        http.setExecutor(Executors.newFixedThreadPool(4));
        http.start();
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public int answeredCount() {
        synchronized (answered) {
            return answered.size();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        try {
            lock.close();
        } catch (IOException e) {
            // the process's end releases it
        }
    }

    private static String key(String participant, int trial) {
        return participant + "\u0000" + trial;
    }

    private void handle(HttpExchange ex) throws IOException {
        ExperimentHttp.handle(ex, "experiment server", this::answer, this::get);
    }

    private void get(HttpExchange ex, String path) throws IOException, Refused {
        if (path.equals("/") || path.equals("/index.html")) {
            ExperimentHttp.sendPage(ex, "experiment.html");
        } else if (path.startsWith("/stimuli/")) {
            sendImage(ex, path.substring(1));
        } else if (path.equals("/api/plan")) {
            ObjectNode o = JSON.createObjectNode();
            o.put("experiment", plan.experiment());
            o.put("modality", plan.modality());
            ArrayNode cl = o.putArray("classes");
            plan.classes().forEach(cl::add);
            o.putObject("timing_ms").put("fixation", plan.fixationMs()).put("stimulus", plan.stimulusMs())
                    .put("mask", plan.maskMs());
            o.putObject("display_px").put("width", plan.displayWidth()).put("height", plan.displayHeight());
            ArrayNode pr = o.putArray("practice");
            plan.practice().forEach(t -> pr.addObject().put("image", t.image()).put("label", t.label()));
            sendJson(ex, 200, o);
        } else if (path.startsWith("/api/participant/")) {
            sendJson(ex, 200, remaining(path.substring("/api/participant/".length())));
        } else {
            throw new Refused(404, "not found");
        }
    }

    /** An image the plan names, never a link, never outside the folder. */
    private void sendImage(HttpExchange ex, String image) throws IOException, Refused {
        if (!images.contains(image)) {
            throw new Refused(404, "not found");
        }
        Path f;
        try {
            f = AtomicFiles.inside(dir, dir.resolve(image));
        } catch (IOException e) {
            throw new Refused(404, "not found");
        }
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused(404, "not found");
        }
        send(ex, 200, plan.sound() ? "audio/wav" : "image/png", Files.readAllBytes(f));
    }

    /** What to show next: the image of each trial not yet answered, never its condition or answer. */
    private ObjectNode remaining(String id) throws Refused {
        List<ExperimentPlan.PlannedTrial> trials = SafeName.isSafe(id) ? plan.participants().get(id) : null;
        if (trials == null) {
            throw new Refused(404, "unknown participant code");
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("participant", id);
        o.put("total", trials.size());
        ArrayNode rem = o.putArray("remaining");
        int done = 0;
        synchronized (answered) {
            for (ExperimentPlan.PlannedTrial t : trials) {
                if (answered.contains(key(id, t.trial()))) {
                    done++;
                } else {
                    rem.addObject().put("trial", t.trial()).put("image", t.image());
                }
            }
        }
        o.put("answered", done);
        return o;
    }

    private void answer(HttpExchange ex) throws IOException, Refused {
        JsonNode body = ExperimentHttp.jsonBody(ex, ANSWER_FIELDS);
        JsonNode p = body.get("participant");
        JsonNode tr = body.get("trial");
        JsonNode resp = body.get("response");
        JsonNode rtNode = body.get("rt_ms");
        if (p == null || !p.isTextual() || !SafeName.isSafe(p.asText())) {
            throw new Refused(400, "participant must be a participant code");
        }
        if (tr == null || !tr.isIntegralNumber() || !tr.canConvertToInt()) {
            throw new Refused(400, "trial must be an integer");
        }
        if (resp == null || !resp.isTextual() || !plan.classes().contains(resp.asText())) {
            throw new Refused(400, "response must be one of the classes");
        }
        if (rtNode == null || !rtNode.isIntegralNumber() || !rtNode.canConvertToLong() || rtNode.asLong() < 0
                || rtNode.asLong() > MAX_RT_MS) {
            throw new Refused(400, "rt_ms must be an integer from 0 to " + MAX_RT_MS);
        }
        String participant = p.asText();
        int trialNo = tr.intValue();
        String response = resp.asText();
        long rt = rtNode.asLong();
        ExperimentPlan.PlannedTrial t = plan.trial(participant, trialNo);
        if (t == null) {
            throw new Refused(400, "no such trial for this participant");
        }
        boolean duplicate;
        synchronized (answered) {
            duplicate = answered.contains(key(participant, trialNo));
            if (!duplicate) {
                Trial row = new Trial(plan.experiment(), participant, trialNo, t.generator(), t.stage(), t.stimulus(),
                        t.catchTrial(), t.label(), plan.classes(), response, response.equals(t.label()), rt,
                        Instant.now().truncatedTo(ChronoUnit.MILLIS));
                TrialFile.append(dir, csv, List.of(row));
                answered.add(key(participant, trialNo));
            }
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("stored", true);
        o.put("duplicate", duplicate);
        sendJson(ex, 200, o);
    }

    private static ObjectNode error(String message) {
        return ExperimentHttp.error(message);
    }

    private static void sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
        ExperimentHttp.sendJson(ex, status, body);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ExperimentHttp.send(ex, status, type, body);
    }
}
