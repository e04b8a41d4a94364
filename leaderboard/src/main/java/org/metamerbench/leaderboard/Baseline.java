package org.metamerbench.leaderboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.OwnedOutput;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.scoring.StageData;

/**
 * A stored baseline for the gate: the per-stimulus record of every generator x stage of a run
 * (made, accepted, self and cross-model recognition, the same observers' natural accuracy), with the
 * stimulus set, protocol, model versions and each generator's logits stage it came from, so that a
 * candidate run can be compared stimulus by stimulus. Only a complete run makes a baseline.
 */
public record Baseline(String runId, String created, String stimulusSet, String stimulusSetSha, String protocol,
        double chance, List<String> stimuli, List<String> versions, List<StageData> stages,
        Map<String, String> logitsStages) {
    /** The tool named in a baseline file's signature. */
    public static final String TOOL = "baseline";


    /** Format 3: each scoring observer's record per stimulus, so the gate resamples observers as scores do. */
    public static final String FORMAT = "metamer-bench baseline 3";

    public static Baseline of(RunResults r) {
        if (!r.complete()) {
            throw new IllegalArgumentException(r.dir() + ": the run is not complete (status '" + r.status()
                    + "'); only a complete run makes a baseline");
        }
        Map<String, String> logits = r.logitsStages();
        List<String> versions = new ArrayList<>();
        for (StageData d : r.stageData()) {
            RunResults.ModelEntry m = r.model(d.generator());
            versions.add(m == null ? "" : m.version());
        }
        return new Baseline(r.runId(), Instant.now().toString(), r.stimulusSetName(), r.stimulusSetSha(), r.protocol(),
                r.chance(), r.stimuli(), versions, r.stageData(), Map.copyOf(logits));
    }

    /** The baseline's model version for a generator, or "" if unknown. */
    public String version(String generator) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).generator().equals(generator)) {
                return versions.get(i);
            }
        }
        return "";
    }

    public void write(Path file) throws IOException {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = om.createObjectNode();
        root.put("format", FORMAT);
        root.put("written_by", OwnedOutput.signature(TOOL));
        root.put("run_id", runId);
        root.put("created", created);
        root.putObject("stimulus_set").put("name", stimulusSet).put("sha256", stimulusSetSha);
        root.put("protocol", protocol);
        root.put("chance", chance);
        ArrayNode ids = root.putArray("stimuli");
        stimuli.forEach(ids::add);
        ObjectNode logits = root.putObject("logits_stages");
        logitsStages.forEach(logits::put);
        ArrayNode arr = root.putArray("stages");
        for (int k = 0; k < stages.size(); k++) {
            StageData d = stages.get(k);
            ObjectNode o = arr.addObject();
            o.put("generator", d.generator());
            o.put("stage", d.stage());
            o.put("version", versions.get(k));
            ArrayNode obs = o.putArray("observers");
            d.observers().forEach(obs::add);
            ArrayNode present = o.putArray("made");
            ArrayNode accepted = o.putArray("accepted");
            ArrayNode self = o.putArray("self");
            for (int i = 0; i < d.size(); i++) {
                present.add(d.present()[i] ? 1 : 0);
                accepted.add(d.accepted()[i] ? 1 : 0);
                addNumber(self, d.self()[i]);
            }
            ArrayNode observed = o.putArray("observed");
            ArrayNode observedNatural = o.putArray("observed_natural");
            for (int k2 = 0; k2 < d.observers().size(); k2++) {
                ArrayNode a = observed.addArray();
                ArrayNode b = observedNatural.addArray();
                for (int i = 0; i < d.size(); i++) {
                    addNumber(a, d.observed()[k2][i]);
                    addNumber(b, d.observedNatural()[k2][i]);
                }
            }
        }
        AtomicFiles.write(file.toAbsolutePath().getParent(), file, om.writeValueAsBytes(root));
    }

    private static void addNumber(ArrayNode a, double v) {
        if (Double.isNaN(v)) {
            a.addNull();
        } else {
            a.add(v);
        }
    }

    /** Reads a baseline; anything unusable is reported with the file and the field. */
    public static Baseline read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": baseline file not found");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": empty or not a JSON object");
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new IOException(file + ": field 'format' is '" + root.path("format").asText() + "', expected '"
                    + FORMAT + "'");
        }
        List<String> stimuli = new ArrayList<>();
        JsonNode ids = need(root, file, "stimuli");
        ids.forEach(n -> stimuli.add(n.asText()));
        if (!ids.isArray() || stimuli.isEmpty()) {
            throw new IOException(file + ": field 'stimuli' must be a non-empty list");
        }
        double chance = need(root, file, "chance").asDouble(Double.NaN);
        if (!(chance > 0 && chance < 1)) {
            throw new IOException(file + ": field 'chance' must be a number between 0 and 1");
        }
        List<StageData> stages = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        JsonNode arr = need(root, file, "stages");
        int k = 0;
        for (JsonNode o : arr) {
            String where = "stages[" + k + "]";
            String g = need(o, file, where + ".generator").asText();
            String s = need(o, file, where + ".stage").asText();
            int n = stimuli.size();
            boolean[] present = flags(need(o, file, where + ".made"), n, file, where + ".made");
            boolean[] accepted = flags(need(o, file, where + ".accepted"), n, file, where + ".accepted");
            double[] self = numbers(need(o, file, where + ".self"), n, file, where + ".self");
            List<String> obs = new ArrayList<>();
            need(o, file, where + ".observers").forEach(x -> obs.add(x.asText()));
            double[][] observed = perObserver(need(o, file, where + ".observed"), obs.size(), n, file,
                    where + ".observed");
            double[][] observedNatural = perObserver(need(o, file, where + ".observed_natural"), obs.size(), n, file,
                    where + ".observed_natural");
            stages.add(new StageData(g, s, List.copyOf(stimuli), present, accepted, self, List.copyOf(obs), observed,
                    observedNatural));
            versions.add(o.path("version").asText());
            k++;
        }
        Map<String, String> logits = new LinkedHashMap<>();
        need(root, file, "logits_stages").fields().forEachRemaining(e -> logits.put(e.getKey(), e.getValue().asText()));
        return new Baseline(root.path("run_id").asText(), root.path("created").asText(),
                root.at("/stimulus_set/name").asText(), need(root.path("stimulus_set"), file, "stimulus_set.sha256")
                        .asText(), need(root, file, "protocol").asText(), chance, List.copyOf(stimuli),
                List.copyOf(versions), List.copyOf(stages), Map.copyOf(logits));
    }

    private static JsonNode need(JsonNode node, Path file, String field) throws IOException {
        String leaf = field.contains(".") ? field.substring(field.lastIndexOf('.') + 1) : field;
        JsonNode v = node.get(leaf);
        if (v == null || v.isNull()) {
            throw new IOException(file + ": field '" + field + "' is missing");
        }
        return v;
    }

    private static boolean[] flags(JsonNode a, int n, Path file, String field) throws IOException {
        if (!a.isArray() || a.size() != n) {
            throw new IOException(file + ": field '" + field + "' must be a list of " + n + " values (one per stimulus)");
        }
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            JsonNode v = a.get(i);
            if (!v.isInt() || (v.asInt() != 0 && v.asInt() != 1)) {
                throw new IOException(file + ": field '" + field + "[" + i + "]' is " + v + ", expected 0 or 1");
            }
            out[i] = v.asInt() == 1;
        }
        return out;
    }

    private static double[][] perObserver(JsonNode a, int observers, int n, Path file, String field)
            throws IOException {
        if (!a.isArray() || a.size() != observers) {
            throw new IOException(file + ": field '" + field + "' must be a list of " + observers
                    + " lists (one per observer)");
        }
        double[][] out = new double[observers][];
        for (int k = 0; k < observers; k++) {
            out[k] = numbers(a.get(k), n, file, field + "[" + k + "]");
        }
        return out;
    }

    private static double[] numbers(JsonNode a, int n, Path file, String field) throws IOException {
        if (!a.isArray() || a.size() != n) {
            throw new IOException(file + ": field '" + field + "' must be a list of " + n + " values (one per stimulus)");
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            JsonNode v = a.get(i);
            if (v.isNull()) {
                out[i] = Double.NaN;
            } else if (v.isNumber() && v.asDouble() >= 0 && v.asDouble() <= 1) {
                out[i] = v.asDouble();
            } else {
                throw new IOException(file + ": field '" + field + "[" + i + "]' is " + v
                        + ", expected a share between 0 and 1 or null");
            }
        }
        return out;
    }
}
