package org.metamerbench.runner.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import org.metamerbench.datasets.human.Trial;
import org.metamerbench.datasets.human.TrialFile;

/**
 * The local web server of a browser experiment: serves the page, the stimuli and the participant's
 * remaining trials, and appends every answered trial to {@code trials.csv} as it arrives (forced to
 * disk before the answer is acknowledged). A trial answered twice (a retried request, a reloaded
 * page) is stored once. Restarted on the same folder, it continues where each participant stopped.
 */
public final class ExperimentServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final ExperimentPlan plan;
    private final Path csv;
    private final Set<String> answered = new HashSet<>();
    private final HttpServer server;

    private ExperimentServer(Path dir, ExperimentPlan plan, HttpServer server) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        this.plan = plan;
        this.csv = this.dir.resolve(ExperimentPlan.TRIALS_CSV);
        this.server = server;
        if (Files.exists(csv)) {
            for (Trial t : TrialFile.read(csv, plan.catalogue())) {
                answered.add(key(t.participant(), t.trial()));
            }
        }
    }

    /** Starts serving {@code dir} on {@code host:port} (port 0: any free port). */
    public static ExperimentServer start(Path dir, String host, int port) throws IOException {
        ExperimentPlan plan = ExperimentPlan.read(dir);
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 0);
        ExperimentServer s = new ExperimentServer(dir, plan, http);
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
    }

    private static String key(String participant, int trial) {
        return participant + "\u0000" + trial;
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/") || path.equals("/index.html")) {
                try (InputStream in = ExperimentServer.class.getResourceAsStream("experiment.html")) {
                    send(ex, 200, "text/html; charset=utf-8", in.readAllBytes());
                }
            } else if (path.startsWith("/stimuli/")) {
                Path f = dir.resolve(path.substring(1)).normalize();
                if (!f.startsWith(dir.resolve("stimuli")) || !Files.isRegularFile(f)) {
                    send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                } else {
                    send(ex, 200, "image/png", Files.readAllBytes(f));
                }
            } else if (path.equals("/api/plan")) {
                ObjectNode o = JSON.createObjectNode();
                o.put("experiment", plan.experiment());
                ArrayNode cl = o.putArray("classes");
                plan.classes().forEach(cl::add);
                o.putObject("timing_ms").put("fixation", plan.fixationMs()).put("stimulus", plan.stimulusMs())
                        .put("mask", plan.maskMs());
                ArrayNode pr = o.putArray("practice");
                plan.practice().forEach(t -> pr.addObject().put("image", t.image()).put("label", t.label()));
                sendJson(ex, 200, o);
            } else if (path.startsWith("/api/participant/")) {
                String id = path.substring("/api/participant/".length());
                List<ExperimentPlan.PlannedTrial> trials = plan.participants().get(id);
                if (trials == null) {
                    sendJson(ex, 404, error("unknown participant code '" + id + "'"));
                    return;
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
                            // The page gets what to show, never the condition or the answer.
                            rem.addObject().put("trial", t.trial()).put("image", t.image());
                        }
                    }
                }
                o.put("answered", done);
                sendJson(ex, 200, o);
            } else if (path.equals("/api/answer") && ex.getRequestMethod().equals("POST")) {
                answer(ex);
            } else {
                send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            sendJson(ex, 500, error(e.toString()));
        } finally {
            ex.close();
        }
    }

    private void answer(HttpExchange ex) throws IOException {
        JsonNode body;
        try (InputStream in = ex.getRequestBody()) {
            body = JSON.readTree(in);
        } catch (IOException e) {
            sendJson(ex, 400, error("body is not JSON"));
            return;
        }
        String participant = body.path("participant").asText();
        int trialNo = body.path("trial").asInt(-1);
        String response = body.path("response").asText();
        long rt = body.path("rt_ms").asLong(-1);
        ExperimentPlan.PlannedTrial t = plan.trial(participant, trialNo);
        if (t == null) {
            sendJson(ex, 400, error("no trial " + trialNo + " for participant '" + participant + "'"));
            return;
        }
        if (!plan.classes().contains(response) || rt < 0) {
            sendJson(ex, 400, error("response must be one of the classes and rt_ms >= 0"));
            return;
        }
        boolean duplicate;
        synchronized (answered) {
            duplicate = answered.contains(key(participant, trialNo));
            if (!duplicate) {
                Trial row = new Trial(plan.experiment(), participant, trialNo, t.generator(), t.stage(), t.stimulus(),
                        t.catchTrial(), t.label(), plan.classes(), response, response.equals(t.label()), rt,
                        Instant.now().truncatedTo(ChronoUnit.MILLIS));
                TrialFile.append(csv, List.of(row));
                answered.add(key(participant, trialNo));
            }
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("stored", true);
        o.put("duplicate", duplicate);
        sendJson(ex, 200, o);
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
