package org.metamerbench.runner.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.metamerbench.datasets.AtomicFiles;
import org.metamerbench.datasets.GrayPng;
import org.metamerbench.datasets.ImageSet;
import org.metamerbench.datasets.ImageSetLoader;
import org.metamerbench.datasets.human.StimulusCatalogue;
import org.metamerbench.datasets.results.MetamerRow;
import org.metamerbench.datasets.results.ResultFiles;
import org.metamerbench.reports.RunResults;

/**
 * The trials of a browser experiment on a run's metamers, drawn once and stored as
 * {@code experiment.json} beside the images they show. Each participant sees each reference stimulus
 * once, in one condition (a generator x stage metamer, or the natural image); conditions rotate over
 * participants (a Latin square over stimuli), so that each condition is shown equally often; only
 * accepted metamers are shown. Catch trials show natural training images (never the stimulus set).
 */
public record ExperimentPlan(String experiment, String runDir, List<String> classes, int fixationMs, int stimulusMs,
        int maskMs, List<PlannedTrial> practice, Map<String, List<PlannedTrial>> participants) {

    /** The experiment's name names the file its trials are imported into: it must be a safe name. */
    public ExperimentPlan {
        org.metamerbench.api.SafeName.check("experiment name", experiment);
    }

    public static final String FILE = "experiment.json";
    public static final String TRIALS_CSV = "trials.csv";
    public static final String FORMAT = "metamer-bench experiment 1";

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
        Path stimuliDir = out.resolve("stimuli");
        SplittableRandom rnd = new SplittableRandom(seed);
        ImageSet pool = ImageSetLoader.resolve(r.json().at("/null_pool/name").asText(ImageSetLoader.DEFAULT_NULL_POOL));
        Map<String, List<PlannedTrial>> plan = new LinkedHashMap<>();
        for (int p = 0; p < participants; p++) {
            String id = String.format("p%02d", p + 1);
            List<PlannedTrial> trials = new ArrayList<>();
            for (int i = 0; i < stimuli.size(); i++) {
                String s = stimuli.get(i);
                String label = classes.get(labelOf.get(s));
                // Latin-square rotation; skip conditions whose metamer of this stimulus was not accepted.
                for (int k = 0; k < conditions.size(); k++) {
                    String[] c = conditions.get((i + p + k) % conditions.size());
                    if (c[0].isEmpty()) {
                        trials.add(new PlannedTrial(0, "", "", s, false, label, copy(
                                ResultFiles.referenceImage(r.dir(), s), stimuliDir, "natural/" + s + ".png")));
                        break;
                    }
                    if (accepted.get(c[0] + "\u0000" + c[1]).containsKey(s)) {
                        trials.add(new PlannedTrial(0, c[0], c[1], s, false, label, copy(
                                ResultFiles.metamerImage(r.dir(), c[0], c[1], s), stimuliDir,
                                c[0] + "/" + c[1] + "/" + s + ".png")));
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
                String image = "catch/" + pid + ".png";
                GrayPng.write(stimuliDir.resolve(image), pool.image(idx).toFloatArray(), 28, 28);
                int at = (int) Math.round((c + 1.0) * (trials.size() + 1) / (catchTrials + 1));
                trials.add(Math.min(at, trials.size()), new PlannedTrial(0, "", "", pid, true,
                        classes.get(pool.label(idx)), "stimuli/" + image));
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
            String image = "practice/" + pool.id(idx) + ".png";
            GrayPng.write(stimuliDir.resolve(image), pool.image(idx).toFloatArray(), 28, 28);
            practice.add(new PlannedTrial(k + 1, "", "", pool.id(idx), false, classes.get(pool.label(idx)),
                    "stimuli/" + image));
        }
        float[] mask = new float[28 * 28];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = (float) rnd.nextDouble();
        }
        GrayPng.write(stimuliDir.resolve("mask.png"), mask, 28, 28);
        ExperimentPlan result = new ExperimentPlan(experiment, run.toAbsolutePath().toString(), classes, 300, 300, 300,
                practice, plan);
        result.write(out.resolve(FILE));
        return result;
    }

    private static String copy(Path from, Path stimuliDir, String name) throws IOException {
        Path to = stimuliDir.resolve(name);
        Files.createDirectories(to.getParent());
        Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return "stimuli/" + name;
    }

    /** The stimuli this experiment can show, for validating its trial file. */
    public StimulusCatalogue catalogue() {
        Map<String, String> labels = new HashMap<>();
        java.util.Set<String> metamers = new java.util.HashSet<>();
        for (List<PlannedTrial> list : participants.values()) {
            for (PlannedTrial t : list) {
                labels.put(t.stimulus(), t.label());
                if (!t.generator().isEmpty()) {
                    metamers.add(String.join("\u0000", t.generator(), t.stage(), t.stimulus()));
                }
            }
        }
        return StimulusCatalogue.of(labels, metamers, classes);
    }

    public void write(Path file) throws IOException {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = om.createObjectNode();
        root.put("format", FORMAT);
        root.put("experiment", experiment);
        root.put("run", runDir);
        ArrayNode cl = root.putArray("classes");
        classes.forEach(cl::add);
        root.putObject("timing_ms").put("fixation", fixationMs).put("stimulus", stimulusMs).put("mask", maskMs);
        trials(root.putArray("practice"), practice);
        ObjectNode ps = root.putObject("participants");
        participants.forEach((id, list) -> trials(ps.putArray(id), list));
        AtomicFiles.write(file, om.writeValueAsBytes(root));
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
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new IOException(file + ": field 'format' is not '" + FORMAT + "'");
        }
        if (!org.metamerbench.api.SafeName.isSafe(root.path("experiment").asText())) {
            throw new IOException(file + ": field 'experiment' ('" + root.path("experiment").asText() + "') is not a "
                    + "safe name: use letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        List<String> classes = new ArrayList<>();
        root.path("classes").forEach(c -> classes.add(c.asText()));
        Map<String, List<PlannedTrial>> ps = new LinkedHashMap<>();
        root.path("participants").fields().forEachRemaining(e -> ps.put(e.getKey(), readTrials(e.getValue())));
        return new ExperimentPlan(root.path("experiment").asText(), root.path("run").asText(), List.copyOf(classes),
                root.at("/timing_ms/fixation").asInt(300), root.at("/timing_ms/stimulus").asInt(300),
                root.at("/timing_ms/mask").asInt(300), readTrials(root.path("practice")), ps);
    }

    private static List<PlannedTrial> readTrials(JsonNode a) {
        List<PlannedTrial> out = new ArrayList<>();
        for (JsonNode t : a) {
            out.add(new PlannedTrial(t.path("trial").asInt(), t.path("generator").asText(), t.path("stage").asText(),
                    t.path("stimulus").asText(), t.path("catch").asBoolean(), t.path("label").asText(),
                    t.path("image").asText()));
        }
        return List.copyOf(out);
    }
}
