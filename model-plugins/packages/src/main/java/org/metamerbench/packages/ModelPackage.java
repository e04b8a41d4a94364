package org.metamerbench.packages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.metamerbench.api.Capability;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.SafeName;

/**
 * A no-code model package: a zip or jar holding {@code metamer-model.json} and the model file it names.
 *
 * <pre>
 * {
 *   "format_version": 1,
 *   "id": "my-model", "version": "1.0",
 *   "format": "torchscript" | "onnx",
 *   "file": "model.pt",
 *   "input": {"shape": [1, 28, 28], "range": [0, 1]},
 *   "classes": ["T-shirt/top", ...],
 *   "category_mapping": {"model class": "stimulus-set category", ...},   (optional)
 *   "stages": [{"name": "input", "shape": [1, 28, 28]},
 *              {"name": "conv1_relu", "output": 0, "shape": [8, 28, 28], "relu": true}, ...,
 *              {"name": "final", "output": 2, "shape": [10]}],
 *   "description": "...", "citation": "..."
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
 * forced choice among the mapped classes.
 */
public record ModelPackage(Path file, String id, String version, String format, String modelFile, int[] inputShape,
        float[] range, List<String> classes, List<StageSpec> stages, String description, String citation,
        String modelSha256, Map<String, String> categoryMapping) {

    public static final String DESCRIPTOR = "metamer-model.json";
    public static final Set<String> FORMATS = Set.of("torchscript", "onnx");

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
        try (ZipFile z = new ZipFile(file.toFile())) {
            ZipEntry d = z.getEntry(DESCRIPTOR);
            if (d == null) {
                throw new IOException(file + ": no " + DESCRIPTOR);
            }
            JsonNode j;
            try (InputStream in = z.getInputStream(d)) {
                j = new ObjectMapper().readTree(in);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IOException(file + "!" + DESCRIPTOR + ": not valid JSON (line " + e.getLocation().getLineNr()
                        + "): " + e.getOriginalMessage());
            }
            String where = file + "!" + DESCRIPTOR;
            String format = text(j, where, "format");
            if (!FORMATS.contains(format)) {
                throw new IOException(where + ": field 'format' is '" + format + "', expected one of " + FORMATS);
            }
            String modelFile = text(j, where, "file");
            ZipEntry m = z.getEntry(modelFile);
            if (m == null) {
                throw new IOException(where + ": field 'file' names " + modelFile + ", which is not in the package");
            }
            String sha;
            try (InputStream in = z.getInputStream(m)) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0;) {
                    md.update(buf, 0, n);
                }
                sha = HexFormat.of().formatHex(md.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            int[] shape = ints(need(j, where, "input").get("shape"), where, "input.shape");
            JsonNode r = j.path("input").path("range");
            float[] range = r.isArray() && r.size() == 2 ? new float[] {(float) r.get(0).asDouble(),
                (float) r.get(1).asDouble()} : new float[] {0f, 1f};
            List<String> classes = new ArrayList<>();
            need(j, where, "classes").forEach(c -> classes.add(c.asText()));
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
            List<StageSpec> stages = new ArrayList<>();
            int k = 0;
            for (JsonNode s : need(j, where, "stages")) {
                String name = safe(text(s, where, "stages[" + k + "].name"), where, "stages[" + k + "].name");
                String output = s.has("output") ? s.get("output").asText() : null;
                if (output == null && k > 0) {
                    throw new IOException(where + ": field 'stages[" + k + "].output' is missing (only the input "
                            + "stage needs none)");
                }
                JsonNode relu = s.get("relu");
                if (relu != null && !relu.isBoolean()) {
                    throw new IOException(where + ": field 'stages[" + k + "].relu' must be true or false");
                }
                stages.add(new StageSpec(name, output, ints(s.get("shape"), where, "stages[" + k + "].shape"),
                        relu != null && relu.asBoolean()));
                k++;
            }
            if (stages.size() < 2) {
                throw new IOException(where + ": field 'stages' needs at least the input and the final stage");
            }
            if (stages.get(0).relu() || stages.get(stages.size() - 1).relu()) {
                throw new IOException(where + ": 'relu' is for intermediate stages; the input and the logits "
                        + "stage are used as they are");
            }
            int[] last = stages.get(stages.size() - 1).shape();
            if (last.length != 1 || last[0] != classes.size()) {
                throw new IOException(where + ": the last stage gives the logits and must have shape [" + classes.size()
                        + "] (one per class)");
            }
            return new ModelPackage(file, safe(text(j, where, "id"), where, "id"), j.path("version").asText(""), format, modelFile, shape,
                    range, List.copyOf(classes), List.copyOf(stages), j.path("description").asText(""),
                    j.path("citation").asText(""), sha, Map.copyOf(mapping));
        }
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
                .property("package_version", version).categoryMapping(categoryMapping);
        for (StageSpec s : stages) {
            b.stage(s.name(), s.relu(), s.shape());
        }
        if (differentiable()) {
            b.capability(Capability.INPUT_GRADIENT);
        }
        return b.build();
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

    private static int[] ints(JsonNode a, String where, String field) throws IOException {
        if (a == null || !a.isArray() || a.isEmpty()) {
            throw new IOException(where + ": field '" + field + "' must be a list of positive integers");
        }
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).canConvertToInt() || a.get(i).asInt() < 1) {
                throw new IOException(where + ": field '" + field + "[" + i + "]' must be a positive integer");
            }
            out[i] = a.get(i).asInt();
        }
        return out;
    }
}
