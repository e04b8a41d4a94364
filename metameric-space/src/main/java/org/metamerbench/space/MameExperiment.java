package org.metamerbench.space;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.metamerbench.api.harness.SafeName;
import org.metamerbench.results.AtomicFiles;

/**
 * A MAME experiment with people, as {@code experiment build --mame} draws it and {@code experiment serve} runs it:
 * the generator whose dimensions and gradients make the images, the references, the conditions (eccentricity x stage
 * x chosen component x sign), the staircase rule, the published timing, and each participant's code with the seed of
 * their staircases' order. Stored as {@value #FILE}, the stages' dimensions beside it as {@value #DIMENSIONS}, so a
 * restarted server makes the same trials.
 *
 * @param generator        the model's id and version (a server refuses another version: the images would differ)
 * @param references       the stimulus set the references are drawn from
 * @param referencesSha256 its digest (a server refuses another set)
 * @param stages           the generator's stages, early to late
 * @param eccentricities   degrees right of fixation where the images are shown; 0 is the centre
 * @param pixelsPerDegree  CSS pixels per degree of visual angle on the experiment's display
 * @param sizeDegrees      the image's width and height in degrees (MAME: 4)
 * @param practice         practice trials (with feedback) before the staircases
 * @param catchEvery       a catch trial after every this many staircase trials
 * @param participants     participant code to the seed of their staircases' order and references
 */
public record MameExperiment(String experiment, String generator, String generatorVersion, String references,
        String referencesSha256, List<String> stages, List<Double> eccentricities, double pixelsPerDegree, double sizeDegrees, Timing timing,
        Staircase.Rule rule, int practice, int catchEvery, Map<String, Long> participants) {
    public static final String FORMAT = "metamer-bench mame experiment 1";
    public static final String FILE = "experiment.json";
    public static final String DIMENSIONS = "dimensions.json";
    public static final String CODES_FILE = "participant-codes.txt";
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);

    /**
     * One ABX trial's timing in milliseconds, MAME's: fixation (with the blank before A) 1,500, A, B and X each 200
     * with 500 between, then 1,000 before the answer is asked for.
     */
    public record Timing(int fixationMs, int stimulusMs, int gapMs, int beforeResponseMs) {
        public static final Timing PUBLISHED = new Timing(1500, 200, 500, 1000);
    }

    /** A condition with its place on the screen. */
    public record Placed(double eccentricity, ObserverExperiment.Condition condition) {
        public String name() {
            return condition.name() + "@" + java.math.BigDecimal.valueOf(eccentricity).stripTrailingZeros()
                    .toPlainString() + "deg";
        }
    }

    public MameExperiment {
        SafeName.check("experiment name", experiment);
        if (stages.isEmpty() || eccentricities.isEmpty()) {
            throw new IllegalArgumentException("an experiment needs at least one stage and one eccentricity");
        }
        for (double e : eccentricities) {
            if (!(e >= 0 && e <= 40)) {
                throw new IllegalArgumentException("eccentricity " + e + " degrees: from 0 to 40");
            }
        }
        if (!(pixelsPerDegree > 0) || !(sizeDegrees > 0) || practice < 0 || catchEvery < 1 || participants.isEmpty()) {
            throw new IllegalArgumentException("pixels per degree and size must be positive, practice >= 0, catch "
                    + "every >= 1 and at least one participant");
        }
        participants.keySet().forEach(p -> SafeName.check("participant code", p));
        stages = List.copyOf(stages);
        eccentricities = List.copyOf(eccentricities);
        participants = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(participants));
    }

    /** The image's side on the screen, in CSS pixels. */
    public int sizePx() {
        return (int) Math.round(sizeDegrees * pixelsPerDegree);
    }

    /** Every condition, in a fixed order: eccentricity, then stage, component and sign. */
    public List<Placed> conditions() {
        List<Placed> out = new ArrayList<>();
        for (double e : eccentricities) {
            for (String st : stages) {
                for (int k = 0; k < StageDimensions.CHOSEN; k++) {
                    out.add(new Placed(e, new ObserverExperiment.Condition(st, k, 1)));
                    out.add(new Placed(e, new ObserverExperiment.Condition(st, k, -1)));
                }
            }
        }
        return out;
    }

    /** The conditions by name. */
    public Map<String, Placed> conditionsByName() {
        Map<String, Placed> out = new LinkedHashMap<>();
        conditions().forEach(c -> out.put(c.name(), c));
        return out;
    }

    /** Every condition's staircase rule. */
    public Map<String, Staircase.Rule> rules() {
        Map<String, Staircase.Rule> out = new LinkedHashMap<>();
        conditions().forEach(c -> out.put(c.name(), rule));
        return out;
    }

    /**
     * Participant codes {@code p01-<10 random characters>}, from a {@link SecureRandom} (no one guesses another's
     * code), each with the seed of their staircases' order drawn from {@code seed}.
     */
    public static Map<String, Long> participants(int n, long seed) {
        if (n < 1 || n > 999) {
            throw new IllegalArgumentException("participants: from 1 to 999, not " + n);
        }
        SecureRandom secure = new SecureRandom();
        java.util.SplittableRandom seeds = new java.util.SplittableRandom(seed);
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
            StringBuilder code = new StringBuilder(String.format(Locale.ROOT, n > 99 ? "p%03d-" : "p%02d-", i));
            for (int c = 0; c < 10; c++) {
                code.append(ALPHABET[secure.nextInt(ALPHABET.length)]);
            }
            out.put(code.toString(), seeds.nextLong());
        }
        return out;
    }

    /** Writes the plan, the dimensions and the list of codes into {@code dir}. */
    public void write(Path dir, List<StageDimensions> dims) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.setAll((ObjectNode) JSON.valueToTree(this));
        AtomicFiles.write(dir, dir.resolve(FILE), JSON.writeValueAsBytes(root));
        AtomicFiles.write(dir, dir.resolve(DIMENSIONS), JSON.writer().without(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(dims));
        AtomicFiles.write(dir, dir.resolve(CODES_FILE), (String.join("\n", participants.keySet()) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Whether {@code dir} holds a MAME experiment (rather than another kind). */
    public static boolean isMame(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return false;
        }
        JsonNode root;
        try {
            root = JSON.readTree(f.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(f + ": not JSON: " + e.getOriginalMessage(), e);
        }
        return root != null && FORMAT.equals(root.path("format").asText());
    }

    /** Reads {@code dir}'s plan; a bad file is refused naming it and the field. */
    public static MameExperiment read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            throw new IOException(f + ": no such file; a MAME experiment folder is made by `experiment build --mame`");
        }
        try {
            JsonNode root = JSON.readTree(f.toFile());
            if (root == null || !FORMAT.equals(root.path("format").asText())) {
                throw new IOException(f + ": format is not '" + FORMAT + "'");
            }
            ObjectNode body = ((ObjectNode) root).deepCopy();
            body.remove("format");
            return JSON.treeToValue(body, MameExperiment.class);
        } catch (JsonProcessingException e) {
            throw new IOException(f + ": " + e.getOriginalMessage() + " at " + e.getLocation(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(f + ": " + e.getMessage(), e);
        }
    }

    /** Reads the stages' dimensions stored beside the plan, in the plan's stage order. */
    public List<StageDimensions> dimensions(Path dir) throws IOException {
        Path f = dir.resolve(DIMENSIONS);
        List<StageDimensions> dims;
        try {
            dims = List.of(JSON.readValue(f.toFile(), StageDimensions[].class));
        } catch (JsonProcessingException e) {
            throw new IOException(f + ": " + e.getOriginalMessage(), e);
        }
        List<String> got = dims.stream().map(StageDimensions::stage).toList();
        if (!got.equals(stages)) {
            throw new IOException(f + ": dimensions of " + got + ", the plan's stages are " + stages);
        }
        for (StageDimensions d : dims) {
            if (d.ica().size() < StageDimensions.CHOSEN) {
                throw new IOException(f + ": stage " + d.stage() + " holds " + d.ica().size() + " components, fewer "
                        + "than the " + StageDimensions.CHOSEN + " chosen");
            }
        }
        return dims;
    }
}
