package org.metamerbench.runner.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.datasets.StimulusSet;
import org.metamerbench.datasets.SamplePng;
import org.metamerbench.datasets.human.StimulusCatalogue;
import org.metamerbench.datasets.human.TrialPlan;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.scoring.RunResults;

/**
 * The trials of a browser experiment on a run's metamers, drawn once and stored as
 * {@code experiment.json} beside the images they show. Each participant sees each reference stimulus
 * once, in one condition (a generator x stage metamer, or the natural image); conditions rotate over
 * participants (a Latin square over stimuli), so that each condition is shown equally often; only
 * accepted metamers are shown. Catch trials show natural training images (never the stimulus set).
 *
 * <p>The page must stay blind to the condition: every image a participant sees is a copy under a
 * random name ({@code stimuli/<26 random characters>.png}, one per participant and trial), so a URL
 * names neither generator, stage, natural or catch, nor the source image; participant codes carry a
 * random part ({@code p01-<10 random characters>}), so no one can guess another participant's code and
 * fetch the images shown to them. The names come from a {@link SecureRandom}, never from the seed,
 * which only draws the trials.
 *
 * <p>Images are shown at their own size scaled by a whole number ({@link #displayScale}: a 28 x 28
 * picture at 224 x 224 CSS pixels as in the published experiment, a 224 x 224 one as it is), in grey
 * or colour as the stimulus set holds them; catch trials, practice and the noise mask are drawn at the
 * same size and in the same channels.
 *
 * <p>A run on sounds makes a listening experiment ({@code modality} {@value #SOUND}): the same trials, conditions,
 * catch trials (natural training clips) and practice, each trial a WAV file under a random name
 * ({@code stimuli/<26 random characters>.wav}) that the page plays once after the fixation cross, then the
 * forced choice among the set's words; there is no mask.
 */
public record ExperimentPlan(String experiment, String runDir, List<String> classes, int fixationMs, int stimulusMs,
        int maskMs, int displayWidth, int displayHeight, List<PlannedTrial> practice,
        Map<String, List<PlannedTrial>> participants, String modality) implements TrialPlan {

    public static final String IMAGE = "image";
    public static final String SOUND = "sound";

    /** The experiment's name names the file its trials are imported into: it must be a safe name. */
    public ExperimentPlan {
        org.metamerbench.api.harness.SafeName.check("experiment name", experiment);
        if (!IMAGE.equals(modality) && !SOUND.equals(modality)) {
            throw new IllegalArgumentException("experiment modality '" + modality + "': image or sound");
        }
    }

    /** Whether the trials play sounds (WAV) rather than show pictures (PNG). */
    public boolean sound() {
        return SOUND.equals(modality);
    }

    /** The file extension of the plan's stimuli. */
    String extension() {
        return sound() ? ".wav" : ".png";
    }

    public static final String FILE = "experiment.json";
    public static final String TRIALS_CSV = "trials.csv";
    /** Format 1 named images by condition and source; it is not served. */
    public static final String FORMAT = "metamer-bench experiment 2";
    /** The one fixed image name: the noise mask, the same for every trial. */
    public static final String MASK = "stimuli/mask.png";
    /** Where participant codes are listed for the experimenter (never served). */
    public static final String CODES_FILE = "participant-codes.txt";
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    /** One trial as planned: what to show and its true class. */
    public record PlannedTrial(int trial, String generator, String stage, String stimulus, boolean catchTrial,
            String label, String image) {
    }

    /** How many trials a participant has. */
    public int trials(String participant) {
        List<PlannedTrial> t = participants.get(participant);
        return t == null ? 0 : t.size();
    }

    public PlannedTrial trial(String participant, int trial) {
        List<PlannedTrial> t = participants.get(participant);
        if (t == null || trial < 1 || trial > t.size()) {
            return null;
        }
        return t.get(trial - 1);
    }

    /**
     * Draws the plan from a complete run and copies the images it shows into {@code out}.
     *
     * @param participants number of participants (ids p01, p02, ...)
     * @param catchTrials  catch trials per participant, spread through the session
     */
    public static ExperimentPlan build(Path run, Path out, String experiment, int participants, int catchTrials,
            long seed) throws IOException {
        if (participants < 1 || catchTrials < 0) {
            throw new IllegalArgumentException("participants must be >= 1 and catch trials >= 0");
        }
        RunResults r = RunResults.load(run);
        List<String> classes = r.classLabels();
        for (String c : classes) { // what the trial file and the page carry, checked before anything is written
            if (c.contains(org.metamerbench.datasets.human.TrialFile.CHOICE_SEPARATOR) || !c.equals(c.strip())
                    || c.isEmpty() || c.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
                throw new IllegalArgumentException(run + ": class name '" + c.replaceAll("\\p{Cntrl}", "?") + "' "
                        + "cannot be carried by an experiment's trial files: no '"
                        + org.metamerbench.datasets.human.TrialFile.CHOICE_SEPARATOR + "' (it separates the choices), "
                        + "no control characters, no spaces at either end; rename the class in the stimulus set");
            }
        }
        // The conditions: every accepted generator x stage, plus natural.
        Map<String, Map<String, MetamerRow>> accepted = new LinkedHashMap<>();
        for (MetamerRow m : r.metamers()) {
            if (m.accepted()) {
                accepted.computeIfAbsent(m.generator() + "\u0000" + m.stage(), k -> new HashMap<>())
                        .put(m.stimulusId(), m);
            }
        }
        List<String[]> conditions = new ArrayList<>();
        conditions.add(new String[] {"", ""});
        for (String key : accepted.keySet()) {
            conditions.add(key.split("\u0000"));
        }
        Map<String, Integer> labelOf = new HashMap<>();
        r.metamers().forEach(m -> labelOf.put(m.stimulusId(), m.label()));
        List<String> stimuli = r.stimuli().stream().filter(labelOf::containsKey).toList();
        if (stimuli.isEmpty()) {
            throw new IllegalArgumentException(run + ": the run has no metamers to show");
        }
        Files.createDirectories(out);
        SplittableRandom rnd = new SplittableRandom(seed);
        SecureRandom secret = new SecureRandom();
        StimulusSet pool = r.nullPool();
        int[] shape = pool.sampleShape();
        boolean sound = pool.modality().equals(SOUND);
        String ext = sound ? ".wav" : ".png";
        float[] range = pool.valueRange();
        Map<String, List<PlannedTrial>> plan = new LinkedHashMap<>();
        for (int p = 0; p < participants; p++) {
            String id = String.format("p%02d-%s", p + 1, token(secret, 10));
            List<PlannedTrial> trials = new ArrayList<>();
            for (int i = 0; i < stimuli.size(); i++) {
                String s = stimuli.get(i);
                String label = classes.get(labelOf.get(s));
                // Latin-square rotation; skip conditions whose metamer of this stimulus was not accepted.
                for (int k = 0; k < conditions.size(); k++) {
                    String[] c = conditions.get((i + p + k) % conditions.size());
                    if (c[0].isEmpty()) {
                        trials.add(new PlannedTrial(0, "", "", s, false, label, copy(sound
                                ? ResultFiles.referenceSound(r.dir(), s) : ResultFiles.referenceImage(r.dir(), s), out,
                                secret, ext)));
                        break;
                    }
                    if (accepted.get(c[0] + "\u0000" + c[1]).containsKey(s)) {
                        trials.add(new PlannedTrial(0, c[0], c[1], s, false, label, copy(sound
                                ? ResultFiles.metamerSound(r.dir(), c[0], c[1], s)
                                : ResultFiles.metamerImage(r.dir(), c[0], c[1], s), out, secret, ext)));
                        break;
                    }
                }
            }
            // Shuffle, then spread catch trials through the session.
            for (int i = trials.size() - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                PlannedTrial t = trials.get(i);
                trials.set(i, trials.get(j));
                trials.set(j, t);
            }
            for (int c = 0; c < catchTrials; c++) {
                int idx = rnd.nextInt(pool.size());
                String pid = pool.id(idx);
                String image = writeNatural(pool, idx, out, secret);
                int at = (int) Math.round((c + 1.0) * (trials.size() + 1) / (catchTrials + 1));
                trials.add(Math.min(at, trials.size()), new PlannedTrial(0, "", "", pid, true,
                        classes.get(pool.label(idx)), image));
            }
            List<PlannedTrial> numbered = new ArrayList<>();
            for (int i = 0; i < trials.size(); i++) {
                PlannedTrial t = trials.get(i);
                numbered.add(new PlannedTrial(i + 1, t.generator(), t.stage(), t.stimulus(), t.catchTrial(), t.label(),
                        t.image()));
            }
            plan.put(id, numbered);
        }
        List<PlannedTrial> practice = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            int idx = rnd.nextInt(pool.size());
            String image = writeNatural(pool, idx, out, secret);
            practice.add(new PlannedTrial(k + 1, "", "", pool.id(idx), false, classes.get(pool.label(idx)), image));
        }
        ExperimentPlan result;
        if (sound) {
            // A sound plays for its own length; no mask follows it.
            int ms = (int) Math.round(1000.0 * shape[0] / pool.sampleRate());
            result = new ExperimentPlan(experiment, run.toAbsolutePath().toString(), classes, 300, ms, 0, 224, 224,
                    practice, plan, SOUND);
        } else {
            float[] mask = new float[pool.image(0).size()];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = range[0] + (float) rnd.nextDouble() * (range[1] - range[0]);
            }
            SamplePng.write(out, out.resolve(MASK), mask, shape, range[0], range[1]);
            int scale = displayScale(shape[shape.length - 1], shape[shape.length - 2]);
            result = new ExperimentPlan(experiment, run.toAbsolutePath().toString(), classes, 300, 300, 300,
                    scale * shape[shape.length - 1], scale * shape[shape.length - 2], practice, plan, IMAGE);
        }
        result.write(out.resolve(FILE));
        AtomicFiles.write(out, out.resolve(CODES_FILE), (String.join("\n", plan.keySet()) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return result;
    }

    /**
     * The whole-number scale an image of {@code width x height} is shown at: the largest that keeps it within
     * 224 CSS pixels (the published experiment's size), at least 1.
     */
    static int displayScale(int width, int height) {
        return Math.max(1, 224 / Math.max(width, height));
    }

    /** Copies a picture or sound of the run under a fresh random name; returns that name. */
    private static String copy(Path from, Path out, SecureRandom secret, String ext) throws IOException {
        String name = stimulusName(secret, ext);
        AtomicFiles.write(out, out.resolve(name), Files.readAllBytes(from));
        return name;
    }

    /** Writes pool sample {@code idx} (a catch or practice trial) as a PNG or WAV file under a fresh random name. */
    private static String writeNatural(StimulusSet pool, int idx, Path out, SecureRandom secret) throws IOException {
        float[] v = pool.image(idx).toFloatArray();
        if (pool.modality().equals(SOUND)) {
            String name = stimulusName(secret, ".wav");
            AtomicFiles.write(out, out.resolve(name),
                    org.metamerbench.datasets.folder.WavFiles.encode(v, pool.sampleRate()));
            return name;
        }
        String name = stimulusName(secret, ".png");
        float[] range = pool.valueRange();
        SamplePng.write(out, out.resolve(name), v, pool.sampleShape(), range[0], range[1]);
        return name;
    }

    private static String stimulusName(SecureRandom secret, String ext) {
        return "stimuli/" + token(secret, 26) + ext;
    }

    /** {@code n} characters from a 32-letter alphabet without look-alikes: 5 random bits each. */
    static String token(SecureRandom secret, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(ALPHABET[secret.nextInt(ALPHABET.length)]);
        }
        return b.toString();
    }

    /** The stimuli this experiment can show, for validating its trial file. */
    public StimulusCatalogue catalogue() {
        Map<String, String> labels = new HashMap<>();
        Map<String, String> catchLabels = new HashMap<>();
        java.util.Set<String> metamers = new java.util.HashSet<>();
        for (List<PlannedTrial> list : participants.values()) {
            for (PlannedTrial t : list) {
                (t.catchTrial() ? catchLabels : labels).put(t.stimulus(), t.label());
                if (!t.generator().isEmpty()) {
                    metamers.add(String.join("\u0000", t.generator(), t.stage(), t.stimulus()));
                }
            }
        }
        return StimulusCatalogue.of(labels, metamers, catchLabels, classes);
    }

    @Override
    public boolean hasParticipant(String participant) {
        return participants.containsKey(participant);
    }

    @Override
    public Planned planned(String participant, int trial) {
        PlannedTrial t = trial(participant, trial);
        return t == null ? null : new Planned(t.generator(), t.stage(), t.stimulus(), t.catchTrial(), t.label());
    }

    public void write(Path file) throws IOException {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = om.createObjectNode();
        root.put("format", FORMAT);
        root.put("experiment", experiment);
        root.put("run", runDir);
        root.put("modality", modality);
        ArrayNode cl = root.putArray("classes");
        classes.forEach(cl::add);
        root.putObject("timing_ms").put("fixation", fixationMs).put("stimulus", stimulusMs).put("mask", maskMs);
        root.putObject("display_px").put("width", displayWidth).put("height", displayHeight);
        trials(root.putArray("practice"), practice);
        ObjectNode ps = root.putObject("participants");
        participants.forEach((id, list) -> trials(ps.putArray(id), list));
        AtomicFiles.write(file.toAbsolutePath().getParent(), file, om.writeValueAsBytes(root));
    }

    private static void trials(ArrayNode a, List<PlannedTrial> list) {
        for (PlannedTrial t : list) {
            a.addObject().put("trial", t.trial()).put("generator", t.generator()).put("stage", t.stage())
                    .put("stimulus", t.stimulus()).put("catch", t.catchTrial()).put("label", t.label())
                    .put("image", t.image());
        }
    }

    public static ExperimentPlan read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": missing; build the experiment first (experiment build)");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "); build the experiment again");
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": not an experiment plan (a JSON object); build the experiment again");
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new IOException(file + ": field 'format' is '" + root.path("format").asText() + "', not '" + FORMAT
                    + "'" + (root.path("format").asText().equals("metamer-bench experiment 1") ? "; an experiment of "
                    + "format 1 names its images by condition, so its page is not blind: build it again" : ""));
        }
        if (!org.metamerbench.api.harness.SafeName.isSafe(root.path("experiment").asText())) {
            throw new IOException(file + ": field 'experiment' ('" + root.path("experiment").asText() + "') is not a "
                    + "safe name: use letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        List<String> classes = new ArrayList<>();
        root.path("classes").forEach(c -> classes.add(c.asText()));
        // Plans written before sounds were planned showed pictures.
        String modality = root.path("modality").asText(IMAGE);
        if (!modality.equals(IMAGE) && !modality.equals(SOUND)) {
            throw new IOException(file + ": field 'modality' is '" + modality + "', expected '" + IMAGE + "' or '"
                    + SOUND + "'");
        }
        String ext = modality.equals(SOUND) ? ".wav" : ".png";
        Map<String, List<PlannedTrial>> ps = new LinkedHashMap<>();
        for (var it = root.path("participants").fields(); it.hasNext();) {
            var e = it.next();
            if (!org.metamerbench.api.harness.SafeName.isSafe(e.getKey())) {
                throw new IOException(file + ": participant code '" + e.getKey() + "' is not a safe name");
            }
            ps.put(e.getKey(), readTrials(e.getValue(), file, "participants." + e.getKey(), ext));
        }
        return new ExperimentPlan(root.path("experiment").asText(), root.path("run").asText(), List.copyOf(classes),
                root.at("/timing_ms/fixation").asInt(300), root.at("/timing_ms/stimulus").asInt(300),
                root.at("/timing_ms/mask").asInt(300), displayPx(root, file, "width"), displayPx(root, file, "height"),
                readTrials(root.path("practice"), file, "practice", ext), ps, modality);
    }

    /** {@code display_px.<field>}: a plan written before it existed showed 28 x 28 pictures at 224. */
    private static int displayPx(JsonNode root, Path file, String field) throws IOException {
        JsonNode v = root.path("display_px").path(field);
        if (v.isMissingNode()) {
            return 224;
        }
        if (!v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > 4096) {
            throw new IOException(file + ": field 'display_px." + field + "' must be a whole number of pixels in "
                    + "1..4096, found " + v);
        }
        return v.asInt();
    }

    /** Trials numbered 1, 2, ... in order, each showing an image (or playing a sound) under stimuli/ by a safe name. */
    private static List<PlannedTrial> readTrials(JsonNode a, Path file, String field, String ext) throws IOException {
        List<PlannedTrial> out = new ArrayList<>();
        for (JsonNode t : a) {
            String at = field + "[" + out.size() + "]";
            if (!t.path("trial").isIntegralNumber() || t.path("trial").asLong() != out.size() + 1) {
                throw new IOException(file + ": field '" + at + ".trial' must be " + (out.size() + 1));
            }
            String image = t.path("image").asText();
            if (!image.startsWith("stimuli/") || !image.endsWith(ext)
                    || !org.metamerbench.api.harness.SafeName.isSafe(image.substring("stimuli/".length()))) {
                throw new IOException(file + ": field '" + at + ".image' ('" + image + "') is not a " + ext
                        + " file under stimuli/ with a safe name");
            }
            out.add(new PlannedTrial(t.path("trial").asInt(), t.path("generator").asText(), t.path("stage").asText(),
                    t.path("stimulus").asText(), t.path("catch").asBoolean(), t.path("label").asText(), image));
        }
        return List.copyOf(out);
    }
}
