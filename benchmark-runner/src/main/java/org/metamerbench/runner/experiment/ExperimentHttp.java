package org.metamerbench.runner.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * What the experiment servers share facing the open web: bounded request bodies and URLs, strict JSON, a short
 * message with every 4xx, no caching, and the JDK server's limits on how long a request may take.
 */
final class ExperimentHttp {
    static final int MAX_BODY = 4096;
    static final int MAX_URI = 1024;
    /**
     * The longest a request may take, headers and body, in seconds; a client that holds a request open longer is
     * disconnected (the JDK server's {@code sun.net.httpserver.maxReqTime}), so slow clients cannot hold the
     * server's threads. Responses have six times that bound ({@code maxRspTime}).
     */
    static final int MAX_REQUEST_SECONDS = 10;
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ExperimentHttp() {
    }

    /** Sets the JDK server's limits before its first instance is made; a value set on the command line is kept. */
    static void limits() {
        System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime",
                Integer.toString(MAX_REQUEST_SECONDS)));
        System.setProperty("sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime",
                Integer.toString(6 * MAX_REQUEST_SECONDS)));
    }

    /** How a server takes an answer (the one POST). */
    interface Answers {
        void answer(HttpExchange ex) throws IOException, Refused;
    }

    /** How a server answers a GET or HEAD of a path. */
    interface Pages {
        void get(HttpExchange ex, String path) throws IOException, Refused;
    }

    /** The script both experiment pages share: the timeline of phases and frame-exact holds. */
    static final String SCRIPT = "/experiment-page.js";

    /**
     * Handles one request: POST only to /api/answer, GET or HEAD elsewhere; a refusal is its status
     * and a short message, an unexpected failure a 500 with no detail (the detail goes to the server's log).
     */
    static void handle(HttpExchange ex, String server, Answers answers, Pages pages) throws IOException {
        try {
            String path = path(ex);
            String method = ex.getRequestMethod();
            if (path.equals("/api/answer")) {
                if (!method.equals("POST")) {
                    throw new Refused(405, "use POST");
                }
                answers.answer(ex);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                throw new Refused(405, "use GET");
            }
            if (path.equals(SCRIPT)) {
                try (InputStream in = ExperimentHttp.class.getResourceAsStream(SCRIPT.substring(1))) {
                    send(ex, 200, "text/javascript; charset=utf-8", in.readAllBytes());
                }
                return;
            }
            pages.get(ex, path);
        } catch (Refused r) {
            sendJson(ex, r.status, error(r.getMessage()));
        } catch (RuntimeException e) {
            System.err.println(server + ": " + ex.getRequestMethod() + " request failed");
            e.printStackTrace();
            sendJson(ex, 500, error("internal error"));
        } finally {
            ex.close();
        }
    }

    /** The lock a server holds on its folder, or a refusal naming the folder. */
    static org.metamerbench.results.RunLock lock(java.nio.file.Path dir, String lockFile) throws IOException {
        org.metamerbench.results.RunLock lock = org.metamerbench.results.RunLock.tryAcquire(dir, lockFile);
        if (lock == null) {
            throw new IOException(dir + ": another `experiment serve` holds this folder (" + lockFile + "); one "
                    + "server per experiment folder, or two could acknowledge different answers to one trial");
        }
        return lock;
    }

    /** A request refused with a 4xx status and a short message. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** The request's URL path, refused when too long. */
    static String path(HttpExchange ex) throws Refused {
        String raw = ex.getRequestURI().getRawPath();
        if (raw == null || raw.length() > MAX_URI) {
            throw new Refused(414, "URL too long");
        }
        return ex.getRequestURI().getPath();
    }

    /** The request body as a JSON object whose fields are all among {@code fields}. */
    static JsonNode jsonBody(HttpExchange ex, List<String> fields) throws IOException, Refused {
        String named = String.join(", ", fields.subList(0, fields.size() - 1)) + " and " + fields.get(fields.size()
                - 1);
        byte[] b;
        try (InputStream in = ex.getRequestBody()) {
            b = in.readNBytes(MAX_BODY + 1);
        }
        if (b.length > MAX_BODY) {
            throw new Refused(413, "request body over " + MAX_BODY + " bytes");
        }
        JsonNode body;
        try {
            body = JSON.readTree(b);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Refused(400, "body is not JSON");
        }
        if (body == null || !body.isObject()) {
            throw new Refused(400, "body must be a JSON object with " + named);
        }
        for (var it = body.fieldNames(); it.hasNext();) {
            if (!fields.contains(it.next())) {
                throw new Refused(400, "body has a field other than " + named);
            }
        }
        return body;
    }

    static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    static void sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsBytes(body));
    }

    static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Sends a page resource of this package. */
    static void sendPage(HttpExchange ex, String resource) throws IOException {
        try (InputStream in = ExperimentHttp.class.getResourceAsStream(resource)) {
            send(ex, 200, "text/html; charset=utf-8", in.readAllBytes());
        }
    }
}
