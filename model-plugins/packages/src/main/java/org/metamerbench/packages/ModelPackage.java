package org.metamerbench.packages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipFile;
import org.metamerbench.api.Capability;
import org.metamerbench.api.Lineage;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.harness.SafeName;

/**
 * A no-code model package: a zip or jar holding {@code metamer-model.json} and the model file it names.
 *
 * <pre>
 * {
 *   "format_version": 1,
 *   "id": "my-model", "version": "1.0",
 *   "format": "torchscript" | "onnx",
 *   "file": "model.pt",
 *   "input": {"shape": [1, 28, 28], "range": [0, 1],
 *             "normalize": {"mean": [0.286], "std": [0.353]}},                (optional)
 *   "classes": ["T-shirt/top", ...],
 *   "category_mapping": {"model class": "stimulus-set category", ...},   (optional)
 *   "stages": [{"name": "input", "shape": [1, 28, 28]},
 *              {"name": "conv1_relu", "output": 0, "shape": [8, 28, 28], "relu": true}, ...,
 *              {"name": "final", "output": 2, "shape": [10]}],
 *   "graph": {"hops": 2},                                               (optional: a graph model)
 *   "description": "...", "citation": "...",
 *   "lineage": {"recipe": "...", "seed": "...", "training_data": "...",
 *               "initialised_from": "panel model id"}                   (optional)
 * }
 * </pre>
 *
 * A stage's {@code output} says how to reach it: for TorchScript the index in the tuple the module's
 * forward returns (an output's name is matched first, if the engine names them); for ONNX the name
 * of a graph output. The last
 * stage gives the logits. {@code "relu": true} declares that the output is a stage's pre-activation:
 * the harness applies the ReLU itself, so the stage ends in a ReLU and gets the fake ReLU of the
 * published method (forward ReLU, backward identity). {@code category_mapping} is needed only when the model's classes are not the
 * stimulus set's categories: it sends model classes to set categories, and the model then answers by
 * forced choice among the mapped classes. {@code input.range} is the value range of the stimuli the
 * model takes (the stimulus set's); {@code input.normalize} declares a per-channel normalisation the
 * harness applies before the model's graph ({@link Normalization}); without it the graph takes the
 * set's values as they are (normalising inside itself, if it needs to). {@code lineage} declares the model's
 * family ({@link Lineage}): a model fine-tuned from a panel model names it in {@code initialised_from}. It is
 * recorded and shown; the harness judges a submission's kinship with the panel from its answers on natural
 * stimuli, never from its declaration, which could otherwise drop an observer at the submitter's choice.
 *
 * <p>{@code graph} declares a graph model ({@link org.metamerbench.api.Modality#GRAPH}, TorchScript only): its
 * module's forward takes the node features {@code [nodes, features]} and the weighted adjacency {@code [nodes,
 * nodes]} (symmetric, zero diagonal: the module adds self-loops and normalises as its architecture does) and returns
 * every node's activation at each stage, {@code [nodes, width]}; {@code input.shape} is {@code [features]}, each
 * stage's shape is per node, and {@code hops} is the message-passing steps to the last stage (the stimuli's
 * neighbourhoods). A graph stage takes no {@code relu}.
 */
public record ModelPackage(Path file, String id, String version, String format, String modelFile, int[] inputShape,
        float[] range, List<String> classes, List<StageSpec> stages, String description, String citation,
        String modelSha256, Map<String, String> categoryMapping, Normalization normalize, PackageLimits limits,
        Lineage lineage, int hops) {

    public static final String DESCRIPTOR = "metamer-model.json";
    public static final Set<String> FORMATS = Set.of("torchscript", "onnx");
    /** The descriptor versions this harness reads; any other is refused, not guessed at. */
    public static final Set<Integer> FORMAT_VERSIONS = Set.of(1);

    private static final List<String> FIELDS = List.of("format_version", "id", "version", "format", "file", "input",
            "classes", "category_mapping", "stages", "description", "citation", "lineage", "graph");
    private static final List<String> GRAPH_FIELDS = List.of("hops");
    private static final List<String> LINEAGE_FIELDS = List.of("recipe", "seed", "training_data", "initialised_from");
    private static final List<String> INPUT_FIELDS = List.of("shape", "range", "normalize");
    private static final List<String> STAGE_FIELDS = List.of("name", "output", "shape", "relu");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * One stage: its name, how to reach it in the model's outputs, its shape, and whether the output is
     * the pre-activation of a ReLU that the harness applies.
     */
    public record StageSpec(String name, String output, int[] shape, boolean relu) {
    }

    /** True if {@code file} is a zip or jar with a {@link #DESCRIPTOR}. */
    public static boolean isPackage(Path file) {
        try (ZipFile z = new ZipFile(file.toFile())) {
            return z.getEntry(DESCRIPTOR) != null;
        } catch (IOException e) {
            return false;
        }
    }

    public static ModelPackage read(Path file) throws IOException {
        return read(file, PackageLimits.DEFAULT);
    }

    /**
     * Reads and checks a package's descriptor strictly: a known {@code format_version}, no unknown or
     * repeated field, integer shapes within the limits, unique classes and stage names, safe names for the
     * id, the stages and the model file; the model file's hash is taken within the limits.
     */
    public static ModelPackage read(Path file, PackageLimits limits) throws IOException {
        try (PackageArchive z = PackageArchive.open(file, limits)) {
            if (!z.has(DESCRIPTOR)) {
                throw new IOException(file + ": no " + DESCRIPTOR);
            }
            String where = file + "!" + DESCRIPTOR;
            JsonNode j;
            try {
                j = JSON.readTree(z.readSmall(DESCRIPTOR));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IOException(where + ": not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage());
            }
            if (j == null || !j.isObject()) {
                throw new IOException(where + ": must be a JSON object");
            }
            known(j, FIELDS, where, "");
            JsonNode fv = j.get("format_version");
            if (fv == null || !fv.isIntegralNumber() || !fv.canConvertToInt() || !FORMAT_VERSIONS.contains(fv.intValue())) {
                throw new IOException(where + ": field 'format_version' is " + (fv == null ? "missing" : "'" + fv + "'")
                        + "; this harness reads format_version " + FORMAT_VERSIONS);
            }
            String format = text(j, where, "format");
            if (!FORMATS.contains(format)) {
                throw new IOException(where + ": field 'format' is '" + format + "', expected one of " + FORMATS);
            }
            String modelFile = safe(text(j, where, "file"), where, "file");
            if (modelFile.equals(DESCRIPTOR)) {
                throw new IOException(where + ": field 'file' names the descriptor itself");
            }
            if (!z.has(modelFile)) {
                throw new IOException(where + ": field 'file' names " + modelFile + ", which is not in the package");
            }
            String sha = z.sha256(modelFile);
            JsonNode input = need(j, where, "input");
            if (!input.isObject()) {
                throw new IOException(where + ": field 'input' must be an object with 'shape' and 'range'");
            }
            known(input, INPUT_FIELDS, where, "input.");
            int[] shape = ints(input.get("shape"), where, "input.shape", limits);
            float[] range = range(input.get("range"), where);
            Normalization normalize = Normalization.read(input.get("normalize"), shape, where);
            List<String> classes = new ArrayList<>();
            JsonNode cls = need(j, where, "classes");
            if (!cls.isArray()) {
                throw new IOException(where + ": field 'classes' must be a list of class names");
            }
            for (int i = 0; i < cls.size(); i++) {
                JsonNode c = cls.get(i);
                if (!c.isTextual() || c.asText().isBlank()) {
                    throw new IOException(where + ": field 'classes[" + i + "]' must be a class name (text)");
                }
                if (classes.contains(c.asText())) {
                    throw new IOException(where + ": field 'classes[" + i + "]' repeats class '" + c.asText() + "'");
                }
                classes.add(c.asText());
            }
            if (classes.size() < 2) {
                throw new IOException(where + ": field 'classes' needs at least two classes");
            }
            Map<String, String> mapping = new LinkedHashMap<>();
            JsonNode cm = j.get("category_mapping");
            if (cm != null && !cm.isNull()) {
                if (!cm.isObject()) {
                    throw new IOException(where + ": field 'category_mapping' must be an object of model class -> "
                            + "stimulus-set category");
                }
                for (var it = cm.fields(); it.hasNext();) {
                    var e = it.next();
                    if (!classes.contains(e.getKey())) {
                        throw new IOException(where + ": field 'category_mapping' names class '" + e.getKey()
                                + "', which is not in 'classes'");
                    }
                    if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                        throw new IOException(where + ": field 'category_mapping." + e.getKey()
                                + "' must be a category name");
                    }
                    mapping.put(e.getKey(), e.getValue().asText());
                }
            }
            List<StageSpec> stages = stages(need(j, where, "stages"), where, limits);
            int[] last = stages.get(stages.size() - 1).shape();
            if (last.length != 1 || last[0] != classes.size()) {
                throw new IOException(where + ": the last stage gives the logits and must have shape [" + classes.size()
                        + "] (one per class)");
            }
            int hops = hops(j.get("graph"), where, format, shape, stages, normalize);
            return new ModelPackage(file, safe(text(j, where, "id"), where, "id"), optionalText(j, where, "version"),
                    format, modelFile, shape, range, List.copyOf(classes), List.copyOf(stages),
                    optionalText(j, where, "description"), optionalText(j, where, "citation"), sha,
                    Map.copyOf(mapping), normalize, limits, lineage(j.get("lineage"), where), hops);
        }
    }

    /** A graph model's hops (0: not a graph model), after the rules a graph package must follow. */
    private static int hops(JsonNode g, String where, String format, int[] shape, List<StageSpec> stages,
            Normalization normalize) throws IOException {
        if (g == null || g.isNull()) {
            return 0;
        }
        if (!g.isObject()) {
            throw new IOException(where + ": field 'graph' must be an object with 'hops'");
        }
        known(g, GRAPH_FIELDS, where, "graph.");
        JsonNode h = g.get("hops");
        if (h == null || !h.isIntegralNumber() || !h.canConvertToInt() || h.intValue() < 1 || h.intValue() > 16) {
            throw new IOException(where + ": field 'graph.hops' must be the message-passing steps to the last stage, "
                    + "an integer from 1 to 16, found " + h);
        }
        if (!format.equals("torchscript")) {
            throw new IOException(where + ": a graph model must be 'torchscript': ONNX Runtime's Java API takes "
                    + "no gradients, and graph models are served by TorchScript only");
        }
        if (shape.length != 1) {
            throw new IOException(where + ": field 'input.shape' of a graph model is [features], the features per "
                    + "node, not " + java.util.Arrays.toString(shape));
        }
        if (normalize != null) {
            throw new IOException(where + ": field 'input.normalize' is for images; a graph model normalises its "
                    + "features inside itself");
        }
        for (int k = 0; k < stages.size(); k++) {
            if (stages.get(k).shape().length != 1) {
                throw new IOException(where + ": field 'stages[" + k + "].shape' of a graph model is [width], the "
                        + "activation per node");
            }
            if (stages.get(k).relu()) {
                throw new IOException(where + ": field 'stages[" + k + "].relu' is for image and sound models");
            }
        }
        return h.intValue();
    }

    /** Whether this package declares a graph model. */
    public boolean graph() {
        return hops > 0;
    }

    private static Lineage lineage(JsonNode l, String where) throws IOException {
        if (l == null || l.isNull()) {
            return Lineage.UNDECLARED;
        }
        if (!l.isObject()) {
            throw new IOException(where + ": field 'lineage' must be an object with " + LINEAGE_FIELDS);
        }
        known(l, LINEAGE_FIELDS, where, "lineage.");
        String[] v = new String[LINEAGE_FIELDS.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode f = l.get(LINEAGE_FIELDS.get(i));
            if (f != null && !f.isNull() && !f.isTextual() && !f.isIntegralNumber()) {
                throw new IOException(where + ": field 'lineage." + LINEAGE_FIELDS.get(i) + "' must be text");
            }
            v[i] = f == null || f.isNull() ? "" : f.asText();
        }
        return new Lineage(v[0], v[1], v[2], v[3]);
    }

    private static List<StageSpec> stages(JsonNode list, String where, PackageLimits limits) throws IOException {
        if (!list.isArray()) {
            throw new IOException(where + ": field 'stages' must be a list of stages");
        }
        List<StageSpec> stages = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (int k = 0; k < list.size(); k++) {
            JsonNode s = list.get(k);
            String at = "stages[" + k + "]";
            if (!s.isObject()) {
                throw new IOException(where + ": field '" + at + "' must be an object");
            }
            known(s, STAGE_FIELDS, where, at + ".");
            String name = safe(text(s, where, at + ".name"), where, at + ".name");
            if (!names.add(name)) {
                throw new IOException(where + ": field '" + at + ".name' repeats stage '" + name + "'");
            }
            JsonNode out = s.get("output");
            String output;
            if (out == null || out.isNull()) {
                if (k > 0) {
                    throw new IOException(where + ": field '" + at + ".output' is missing (only the input stage "
                            + "needs none)");
                }
                output = null;
            } else if (out.isTextual() && !out.asText().isBlank()) {
                output = out.asText();
            } else if (out.isIntegralNumber() && out.canConvertToInt() && out.intValue() >= 0) {
                output = Integer.toString(out.intValue());
            } else {
                throw new IOException(where + ": field '" + at + ".output' must be an output's index (an integer "
                        + ">= 0) or its name, found " + out);
            }
            JsonNode relu = s.get("relu");
            if (relu != null && !relu.isBoolean()) {
                throw new IOException(where + ": field '" + at + ".relu' must be true or false");
            }
            stages.add(new StageSpec(name, output, ints(s.get("shape"), where, at + ".shape", limits),
                    relu != null && relu.asBoolean()));
        }
        if (stages.size() < 2) {
            throw new IOException(where + ": field 'stages' needs at least the input and the final stage");
        }
        if (stages.get(0).relu() || stages.get(stages.size() - 1).relu()) {
            throw new IOException(where + ": 'relu' is for intermediate stages; the input and the logits "
                    + "stage are used as they are");
        }
        return stages;
    }

    /** Whether models of this package can generate metamers (TorchScript) or only observe (ONNX). */
    public boolean differentiable() {
        return format.equals("torchscript");
    }

    public ModelCard card() {
        ModelCard.Builder b = ModelCard.builder(id).version(modelSha256).inputShape(inputShape)
                .valueRange(range[0], range[1]).classLabels(classes)
                .description(description + (differentiable() ? "" : " [observer only: ONNX Runtime gives no gradients "
                        + "in Java, so this model cannot generate metamers]"))
                .citation(citation).property("package", file.getFileName().toString()).property("format", format)
                .property("package_version", version).categoryMapping(categoryMapping)
                .property("normalize", normalize == null ? "none declared (inside the model, if any)" : normalize.describe())
                .lineage(lineage);
        if (graph()) {
            b.modality(org.metamerbench.api.Modality.GRAPH).hops(hops);
        }
        for (StageSpec s : stages) {
            b.stage(s.name(), s.relu(), s.shape());
        }
        if (differentiable()) {
            b.capability(Capability.INPUT_GRADIENT);
        }
        return b.build();
    }

    /** Refuses a field this version does not define: a typo must not silently fall back to a default. */
    private static void known(JsonNode obj, List<String> fields, String where, String prefix) throws IOException {
        for (var it = obj.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!fields.contains(f)) {
                throw new IOException(where + ": field '" + prefix + f + "' is not part of format_version 1 (fields: "
                        + String.join(", ", fields) + ")");
            }
        }
    }

    private static float[] range(JsonNode r, String where) throws IOException {
        if (r == null || r.isNull()) {
            return new float[] {0f, 1f};
        }
        if (!r.isArray() || r.size() != 2 || !r.get(0).isNumber() || !r.get(1).isNumber()) {
            throw new IOException(where + ": field 'input.range' must be [low, high], two numbers");
        }
        float lo = (float) r.get(0).asDouble();
        float hi = (float) r.get(1).asDouble();
        if (!Float.isFinite(lo) || !Float.isFinite(hi) || !(lo < hi)) {
            throw new IOException(where + ": field 'input.range' must be two finite numbers, low < high; found " + r);
        }
        return new float[] {lo, hi};
    }

    private static String optionalText(JsonNode j, String where, String field) throws IOException {
        JsonNode v = j.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new IOException(where + ": field '" + field + "' must be text");
        }
        return v.asText();
    }

    /** Ids and stage names become file names: one rule, {@link SafeName}. */
    private static String safe(String value, String where, String field) throws IOException {
        if (!SafeName.isSafe(value)) {
            throw new IOException(where + ": field '" + field + "' ('" + value + "') is not a safe name: use letters, "
                    + "digits, '.', '_' and '-', starting with a letter or digit, at most 100 characters");
        }
        return value;
    }

    private static JsonNode need(JsonNode j, String where, String field) throws IOException {
        JsonNode v = j.get(field.contains(".") ? field.substring(field.lastIndexOf('.') + 1) : field);
        if (v == null || v.isNull()) {
            throw new IOException(where + ": field '" + field + "' is missing");
        }
        return v;
    }

    private static String text(JsonNode j, String where, String field) throws IOException {
        String leaf = field.contains(".") ? field.substring(field.lastIndexOf('.') + 1) : field;
        JsonNode v = j.get(leaf);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IOException(where + ": field '" + field + "' is missing or not text");
        }
        return v.asText();
    }

    private static int[] ints(JsonNode a, String where, String field, PackageLimits limits) throws IOException {
        if (a == null || !a.isArray() || a.isEmpty()) {
            throw new IOException(where + ": field '" + field + "' must be a list of positive integers");
        }
        int[] out = new int[a.size()];
        long elements = 1;
        for (int i = 0; i < out.length; i++) {
            JsonNode v = a.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
                throw new IOException(where + ": field '" + field + "[" + i + "]' must be a positive integer, found "
                        + v);
            }
            out[i] = v.intValue();
            elements *= out[i];
            if (elements > limits.maxStageElements()) {
                throw new IOException(where + ": field '" + field + "' has more than the limit of "
                        + limits.maxStageElements() + " elements");
            }
        }
        return out;
    }
}
