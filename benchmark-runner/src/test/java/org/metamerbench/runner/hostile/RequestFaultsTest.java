package org.metamerbench.runner.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.runner.SmallRun;
import org.metamerbench.runner.experiment.ExperimentPlan;
import org.metamerbench.runner.experiment.ExperimentServer;

/** Hostile inputs, kind "requests": clients that hold requests open, and bodies with more than one answer. */
class RequestFaultsTest {
    @TempDir
    static Path tmp;
    static ExperimentServer server;
    static ExperimentPlan plan;

    @BeforeAll
    static void setUp() throws IOException {
        Path run = SmallRun.make(tmp.resolve("results"));
        plan = ExperimentPlan.build(run, tmp.resolve("experiment"), "pilot", 2, 2, 1);
        server = ExperimentServer.start(tmp.resolve("experiment"), "127.0.0.1", 0);
    }

    @AfterAll
    static void tearDown() {
        server.close();
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/answer")).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void clientsHoldingRequestBodiesOpenAreCutOffAndOthersAreServed() throws Exception {
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 8; i++) { // more than the server's threads
            Socket s = new Socket("127.0.0.1", server.port());
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/answer HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100"
                    + "\r\n\r\n{\"participant\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            slow.add(s);
        }
        long start = System.nanoTime();
        HttpResponse<String> plan = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.port() + "/api/plan")).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        double waited = (System.nanoTime() - start) / 1e9;
        assertEquals(200, plan.statusCode());
        assertTrue(waited < ExperimentServer.MAX_REQUEST_SECONDS + 5, "served after " + waited + " s");
        for (Socket s : slow) {
            s.setSoTimeout((ExperimentServer.MAX_REQUEST_SECONDS + 5) * 1000);
            InputStream in = s.getInputStream();
            int first;
            try {
                first = in.read();
                while (first >= 0 && in.read() >= 0) {
                    // a refusal's bytes, then the end
                }
            } catch (java.net.SocketException reset) {
                first = -1;
            }
            s.close();
        }
    }

    @Test
    void aBodyWithTrailingTextAfterItsAnswerIsRefused() throws Exception {
        String p = plan.participants().keySet().iterator().next();
        HttpResponse<String> r = post("{\"participant\":\"" + p + "\",\"trial\":1,\"response\":\"Trouser\",\"rt_ms\":800}"
                + " {\"participant\":\"" + p + "\",\"trial\":2,\"response\":\"Trouser\",\"rt_ms\":800}");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("not JSON"), r.body());
        assertEquals(0, server.answeredCount(), "nothing stored");
    }
}
