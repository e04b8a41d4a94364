package org.metamerbench.runner.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.metamerbench.datasets.human.TrialFile;
import org.metamerbench.runner.SmallRun;

/**
 * The experiment server in front of a hostile participant: every bad request gets the exact 4xx status
 * and a short message with no exception text, nothing is stored from it, and the page can learn no
 * trial's condition from what it is sent.
 */
class ExperimentServerSafetyTest {
    @TempDir
    static Path tmp;
    static Path experiment;
    static ExperimentPlan plan;
    static ExperimentServer server;
    static String p1;
    static String p2;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void setUp() throws IOException {
        Path run = SmallRun.make(tmp.resolve("results"));
        experiment = tmp.resolve("experiment");
        plan = ExperimentPlan.build(run, experiment, "pilot", 2, 2, 1);
        p1 = plan.participants().keySet().stream().toList().get(0);
        p2 = plan.participants().keySet().stream().toList().get(1);
        // A link planted under stimuli/ in place of one of p2's images, leading out of the folder.
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "outside");
        Path planted = experiment.resolve(plan.trial(p2, 1).image());
        Files.delete(planted);
        Files.createSymbolicLink(planted, secret);
        server = ExperimentServer.start(experiment, "127.0.0.1", 0);
    }

    @AfterAll
    static void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    static HttpResponse<String> request(String method, String rawPath, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + rawPath));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String answer(String participant, String trial, String response, String rt) {
        return "{\"participant\": " + participant + ", \"trial\": " + trial + ", \"response\": " + response
                + ", \"rt_ms\": " + rt + "}";
    }

    static String ok(int trial) {
        return answer("\"" + p1 + "\"", Integer.toString(trial), "\"Bag\"", "812");
    }

    /** method, path, body, expected status, expected message. */
    static Stream<Arguments> badRequests() {
        String longPath = "/stimuli/" + "a".repeat(2000) + ".png";
        return Stream.of(
                Arguments.of("GET", "/experiment.json", null, 404, "not found"),
                Arguments.of("GET", "/participant-codes.txt", null, 404, "not found"),
                Arguments.of("GET", "/trials.csv", null, 404, "not found"),
                Arguments.of("GET", "/stimuli/../experiment.json", null, 404, "not found"),
                Arguments.of("GET", "/stimuli/%2e%2e/experiment.json", null, 404, "not found"),
                Arguments.of("GET", "/stimuli/natural/fmnist-test-00000.png", null, 404, "not found"),
                Arguments.of("GET", "/stimuli/%00.png", null, 404, "not found"),
                Arguments.of("GET", "/%00", null, 404, "not found"),
                Arguments.of("GET", "/stimuli/linked.png", null, 404, "not found"),
                Arguments.of("GET", longPath, null, 414, "URL too long"),
                Arguments.of("DELETE", "/", null, 405, "use GET"),
                Arguments.of("GET", "/api/answer", null, 405, "use POST"),
                Arguments.of("GET", "/api/participant/p01", null, 404, "unknown participant code"),
                Arguments.of("GET", "/api/participant/%00", null, 404, "unknown participant code"),
                Arguments.of("GET", "/api/participant/..%2f..%2fetc", null, 404, "unknown participant code"),
                Arguments.of("POST", "/api/answer", "x".repeat(5000), 413, "request body over 4096 bytes"),
                Arguments.of("POST", "/api/answer", "not json", 400, "body is not JSON"),
                Arguments.of("POST", "/api/answer", "[1, 2]", 400,
                        "body must be a JSON object with participant, trial, response and rt_ms"),
                Arguments.of("POST", "/api/answer", null, 400,
                        "body must be a JSON object with participant, trial, response and rt_ms"),
                Arguments.of("POST", "/api/answer", "TRIAL 1.7", 400, "trial must be an integer"),
                Arguments.of("POST", "/api/answer", "TRIAL \"1\"", 400, "trial must be an integer"),
                Arguments.of("POST", "/api/answer", "TRIAL 1e0", 400, "trial must be an integer"),
                Arguments.of("POST", "/api/answer", "TRIAL 99999999999", 400, "trial must be an integer"),
                Arguments.of("POST", "/api/answer", "TRIAL 0", 400, "no such trial for this participant"),
                Arguments.of("POST", "/api/answer", "TRIAL 9999", 400, "no such trial for this participant"),
                Arguments.of("POST", "/api/answer", "RT 1e300", 400, "rt_ms must be an integer from 0 to 600000"),
                Arguments.of("POST", "/api/answer", "RT -1", 400, "rt_ms must be an integer from 0 to 600000"),
                Arguments.of("POST", "/api/answer", "RT 812.5", 400, "rt_ms must be an integer from 0 to 600000"),
                Arguments.of("POST", "/api/answer", "RT \"\uff18\uff11\uff12\"", 400,
                        "rt_ms must be an integer from 0 to 600000"),
                Arguments.of("POST", "/api/answer", "RESPONSE \"Spaceship\"", 400, "response must be one of the classes"),
                Arguments.of("POST", "/api/answer", "PARTICIPANT \"../../x\"", 400,
                        "participant must be a participant code"),
                Arguments.of("POST", "/api/answer", "PARTICIPANT \"p01\"", 400, "no such trial for this participant"),
                Arguments.of("POST", "/api/answer", "EXTRA", 400,
                        "body has a field other than participant, trial, response and rt_ms"),
                Arguments.of("POST", "/api/answer", "REPEATED", 400, "body is not JSON"));
    }

    /** Expands the shorthand bodies of {@link #badRequests} around a valid answer of p1's trial 2. */
    static String body(String shorthand) {
        if (shorthand == null) {
            return null;
        }
        String participant = "\"" + p1 + "\"";
        String trial = "2";
        String response = "\"Bag\"";
        String rt = "812";
        int space = shorthand.indexOf(' ');
        String head = space < 0 ? shorthand : shorthand.substring(0, space);
        String value = space < 0 ? "" : shorthand.substring(space + 1);
        switch (head) {
            case "TRIAL" -> trial = value;
            case "RT" -> rt = value;
            case "RESPONSE" -> response = value;
            case "PARTICIPANT" -> participant = value;
            case "EXTRA" -> {
                return answer(participant, trial, response, rt).replace("}", ", \"correct\": true}");
            }
            case "REPEATED" -> {
                return answer(participant, trial, response, rt).replace("}", ", \"trial\": 3}");
            }
            default -> {
                return shorthand;
            }
        }
        return answer(participant, trial, response, rt);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("badRequests")
    void aBadRequestGetsItsStatusAndAShortMessageAndStoresNothing(String method, String path, String body,
            int status, String message) throws Exception {
        String rawPath = path.replace("linked", plan.trial(p2, 1).image().substring("stimuli/".length(),
                plan.trial(p2, 1).image().length() - ".png".length()));
        HttpResponse<String> r = request(method, rawPath, body(body));
        assertEquals(status, r.statusCode(), r.body());
        JsonNode j = JSON.readTree(r.body());
        assertEquals(message, j.path("error").asText());
        assertFalse(r.body().contains("Exception") || r.body().contains("java."), r.body());
        assertFalse(Files.exists(experiment.resolve(ExperimentPlan.TRIALS_CSV))
                && TrialFile.read(experiment.resolve(ExperimentPlan.TRIALS_CSV), plan.catalogue()).stream()
                        .anyMatch(t -> t.trial() == 2 && t.participant().equals(p1)),
                "no bad request stored an answer");
    }

    @Test
    void aGoodAnswerIsStoredOnceAndItsRetryIsADuplicate() throws Exception {
        HttpResponse<String> r = request("POST", "/api/answer", ok(1));
        assertEquals(200, r.statusCode(), r.body());
        r = request("POST", "/api/answer", ok(1));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(JSON.readTree(r.body()).path("duplicate").asBoolean());
        assertEquals(1, TrialFile.read(experiment.resolve(ExperimentPlan.TRIALS_CSV), plan.catalogue()).stream()
                .filter(t -> t.participant().equals(p1) && t.trial() == 1).count());
    }

    @Test
    void thePageIsBlindToEachTrialsCondition() throws Exception {
        Set<String> seen = new HashSet<>();
        for (String p : List.of(p1, p2)) {
            assertTrue(p.matches("p0[12]-[a-z2-9]{10}"), p);
            HttpResponse<String> r = request("GET", "/api/participant/" + p, null);
            assertEquals(200, r.statusCode());
            for (JsonNode t : JSON.readTree(r.body()).path("remaining")) {
                String image = t.path("image").asText();
                assertTrue(image.matches("stimuli/[a-z2-9]{26}\\.png"), image);
                assertTrue(seen.add(image), "an image name is shown once, to one participant: " + image);
                ExperimentPlan.PlannedTrial planned = plan.trial(p, t.path("trial").asInt());
                assertEquals(Set.of("trial", "image"), Set.copyOf(iterable(t.fieldNames())));
                assertFalse(image.contains(planned.stimulus()) || (!planned.generator().isEmpty()
                        && image.contains(planned.generator())));
            }
        }
        HttpResponse<String> mine = request("GET", "/" + plan.trial(p1, 1).image(), null);
        assertEquals(200, mine.statusCode());
        assertEquals("image/png", mine.headers().firstValue("Content-Type").orElse(""));
        try (Stream<Path> files = Files.list(experiment.resolve("stimuli"))) {
            int trials = plan.participants().values().stream().mapToInt(List::size).sum();
            assertEquals(trials + plan.practice().size() + 1, files.count(),
                    "one file per participant and trial, the practice images and the mask, nothing else");
        }
    }

    static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
