package org.metamerbench.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import org.metamerbench.api.harness.SafeName;

/**
 * What the harness knows about a model before loading its weights: identity, input, classes and
 * stages. Immutable; build one with {@link #builder(String)}.
 *
 * <p>Stages are ordered from the input (first) to the final logits (last). The first stage's shape is
 * the input shape; the last stage's shape is {@code [classLabels.size()]}.
 */
public final class ModelCard {
    private final String id;
    private final String version;
    private final Modality modality;
    private final int[] inputShape;
    private final ValueRange valueRange;
    private final List<String> classLabels;
    private final List<Stage> stages;
    private final String description;
    private final String citation;
    private final Set<Capability> capabilities;
    private final Map<String, Long> stageFlops;
    private final Map<String, String> properties;
    private final Map<String, String> categoryMapping;
    private final Lineage lineage;
    private final int sampleRate;
    private final int hops;

    private ModelCard(Builder b) {
        this.id = SafeName.check("model id", require(b.id, "id"));
        this.version = require(b.version, "version");
        this.modality = Objects.requireNonNull(b.modality, "modality");
        this.inputShape = Objects.requireNonNull(b.inputShape, "inputShape").clone();
        this.valueRange = Objects.requireNonNull(b.valueRange, "valueRange");
        this.classLabels = List.copyOf(b.classLabels);
        this.stages = List.copyOf(b.stages);
        this.description = b.description == null ? "" : b.description;
        this.citation = b.citation == null ? "" : b.citation;
        this.capabilities = Collections.unmodifiableSet(EnumSet.copyOf(b.capabilities));
        this.stageFlops = Collections.unmodifiableMap(new LinkedHashMap<>(b.stageFlops));
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(b.properties));
        this.categoryMapping = Collections.unmodifiableMap(new LinkedHashMap<>(b.categoryMapping));
        this.lineage = Objects.requireNonNull(b.lineage, "lineage");
        if (b.sampleRate != 0 && b.modality != Modality.AUDIO) {
            throw new IllegalArgumentException(id + ": a sample rate is declared for a model that does not take sound");
        }
        this.sampleRate = b.sampleRate;
        if ((b.hops != 0) != (b.modality == Modality.GRAPH)) {
            throw new IllegalArgumentException(id + ": " + (b.modality == Modality.GRAPH ? "a graph model must "
                    + "declare its hops (the message-passing steps to its deepest stage)" : "hops are declared for a "
                    + "model that does not take graphs"));
        }
        this.hops = b.hops;
        if (lineage.initialisedFrom().equals(id)) {
            throw new IllegalArgumentException(id + ": a model cannot be initialised from itself");
        }
        if (classLabels.size() < 2) {
            throw new IllegalArgumentException(id + ": a classifier needs at least 2 class labels");
        }
        if (stages.size() < 2) {
            throw new IllegalArgumentException(id + ": stages must run from the input to the final stage");
        }
        if (!Arrays.equals(stages.get(0).shape(), inputShape)) {
            throw new IllegalArgumentException(id + ": first stage " + stages.get(0)
                    + " must have the input shape " + Arrays.toString(inputShape));
        }
        if (!Arrays.equals(stages.get(stages.size() - 1).shape(), new int[] {classLabels.size()})) {
            throw new IllegalArgumentException(id + ": last stage " + stages.get(stages.size() - 1)
                    + " must have shape [" + classLabels.size() + "] (one logit per class)");
        }
        for (Stage s : stages) {
            SafeName.check("stage name of " + id, s.name());
        }
        long distinct = stages.stream().map(Stage::name).distinct().count();
        if (distinct != stages.size()) {
            throw new IllegalArgumentException(id + ": stage names must be unique");
        }
        if (classLabels.stream().distinct().count() != classLabels.size()) {
            throw new IllegalArgumentException(id + ": class labels must be unique");
        }
        for (Map.Entry<String, String> e : categoryMapping.entrySet()) {
            if (!classLabels.contains(e.getKey())) {
                throw new IllegalArgumentException(id + ": the category mapping names class '" + e.getKey()
                        + "', which is not one of the model's class labels");
            }
            if (e.getValue() == null || e.getValue().isBlank()) {
                throw new IllegalArgumentException(id + ": the category mapping maps class '" + e.getKey()
                        + "' to a blank category");
            }
        }
    }

    private static String require(String s, String field) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("model card field '" + field + "' is missing");
        }
        return s;
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** A stable identifier, unique among all models in a run, e.g. {@code cnn-s1}. */
    public String id() {
        return id;
    }

    /** The weights' version: a content hash of the weights, so that changed weights never reuse results. */
    public String version() {
        return version;
    }

    public Modality modality() {
        return modality;
    }

    /** The shape of one input sample, without the batch dimension (e.g. {@code [1, 28, 28]}). */
    public int[] inputShape() {
        return inputShape.clone();
    }

    public ValueRange valueRange() {
        return valueRange;
    }

    public List<String> classLabels() {
        return classLabels;
    }

    public int numClasses() {
        return classLabels.size();
    }

    /** Stages from input (first) to final (last). */
    public List<Stage> stages() {
        return stages;
    }

    public List<String> stageNames() {
        List<String> names = new ArrayList<>(stages.size());
        for (Stage s : stages) {
            names.add(s.name());
        }
        return names;
    }

    public Stage stage(String name) {
        for (Stage s : stages) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException(id + " has no stage '" + name + "'; its stages are " + stageNames());
    }

    public boolean hasStage(String name) {
        return stages.stream().anyMatch(s -> s.name().equals(name));
    }

    public String description() {
        return description;
    }

    public String citation() {
        return citation;
    }

    public Set<Capability> capabilities() {
        return capabilities;
    }

    public boolean canGenerate() {
        return capabilities.contains(Capability.INPUT_GRADIENT);
    }

    /**
     * Floating-point operations of one sample's forward pass from the input to {@code stage} (a
     * multiply-add counts as 2), when the model declares it. Used to report achieved GFLOP/s.
     */
    public OptionalLong forwardFlops(String stage) {
        Long f = stageFlops.get(stage);
        return f == null ? OptionalLong.empty() : OptionalLong.of(f);
    }

    /**
     * How the model's classes answer a stimulus set whose categories differ from them: model class
     * label -> the set's category label (many classes may map to one category; unmapped classes are
     * never an answer). Empty when the model's classes are the set's categories. With a mapping, the
     * model's answer to a stimulus is the category of its highest-ranked mapped class (the forced
     * choice of Feather et al. 2023 among 16 categories for 1000-way ImageNet models).
     */
    public Map<String, String> categoryMapping() {
        return categoryMapping;
    }

    /**
     * Where the weights came from (recipe, seed, training data, parent model): the harness never scores a
     * generator with observers of its family ({@link Lineage#kinship}). {@link Lineage#UNDECLARED} if the
     * provider says nothing.
     */
    public Lineage lineage() {
        return lineage;
    }

    /** The sample rate in Hz of the sound a model takes ({@link Modality#AUDIO}); 0 where none is declared. */
    public int sampleRate() {
        return sampleRate;
    }

    /**
     * A graph model's receptive field: the message-passing steps from the input to its deepest stage, so the hops
     * of the neighbourhood that decides a node's logits ({@link Modality#GRAPH}); 0 for other models.
     */
    public int hops() {
        return hops;
    }

    /**
     * A version made from the weights' bytes: {@code sha256:} and the first 16 hex digits of their SHA-256, so that
     * a result is tied to the weights that made it and new weights are a new version.
     */
    public static String versionOf(byte[] weights) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(weights);
            StringBuilder hex = new StringBuilder("sha256:");
            for (int i = 0; i < 8; i++) {
                hex.append(String.format("%02x", d[i] & 0xff));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Free-form metadata: training configuration, test accuracy, licence, etc. */
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public String toString() {
        return id + "@" + version;
    }

    /** Builder of {@link ModelCard}. */
    public static final class Builder {
        private final String id;
        private String version;
        private Modality modality = Modality.IMAGE;
        private int[] inputShape;
        private ValueRange valueRange = new ValueRange(0f, 1f);
        private List<String> classLabels = List.of();
        private final List<Stage> stages = new ArrayList<>();
        private String description;
        private String citation;
        private final Set<Capability> capabilities = EnumSet.of(Capability.OBSERVE);
        private final Map<String, Long> stageFlops = new LinkedHashMap<>();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> categoryMapping = new LinkedHashMap<>();
        private Lineage lineage = Lineage.UNDECLARED;
        private int sampleRate;
        private int hops;

        private Builder(String id) {
            this.id = id;
        }

        public Builder version(String v) {
            this.version = v;
            return this;
        }

        public Builder modality(Modality m) {
            this.modality = m;
            return this;
        }

        public Builder inputShape(int... shape) {
            this.inputShape = shape.clone();
            return this;
        }

        public Builder valueRange(float lo, float hi) {
            this.valueRange = new ValueRange(lo, hi);
            return this;
        }

        public Builder classLabels(List<String> labels) {
            this.classLabels = List.copyOf(labels);
            return this;
        }

        public Builder stage(String name, boolean afterRelu, int... shape) {
            stages.add(new Stage(name, shape, afterRelu));
            return this;
        }

        public Builder stage(Stage s) {
            stages.add(s);
            return this;
        }

        public Builder description(String d) {
            this.description = d;
            return this;
        }

        public Builder citation(String c) {
            this.citation = c;
            return this;
        }

        public Builder capability(Capability c) {
            capabilities.add(c);
            return this;
        }

        public Builder forwardFlops(String stage, long flops) {
            stageFlops.put(stage, flops);
            return this;
        }

        /** Maps model class {@code modelClass} to the stimulus set's category {@code category}. */
        public Builder mapClass(String modelClass, String category) {
            categoryMapping.put(modelClass, category);
            return this;
        }

        /** See {@link ModelCard#categoryMapping()}. */
        public Builder categoryMapping(Map<String, String> mapping) {
            categoryMapping.clear();
            categoryMapping.putAll(mapping);
            return this;
        }

        /** See {@link ModelCard#lineage()}. */
        public Builder lineage(Lineage l) {
            this.lineage = Objects.requireNonNull(l, "lineage");
            return this;
        }

        /** The sample rate in Hz of the sound the model takes (an {@link Modality#AUDIO} model must declare it). */
        public Builder sampleRate(int hz) {
            if (hz < 1) {
                throw new IllegalArgumentException("sample rate must be positive, got " + hz);
            }
            this.sampleRate = hz;
            return this;
        }

        /** A graph model's receptive field in hops ({@link ModelCard#hops}); a {@link Modality#GRAPH} model must declare it. */
        public Builder hops(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("hops must be positive, got " + k);
            }
            this.hops = k;
            return this;
        }

        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public ModelCard build() {
            return new ModelCard(this);
        }
    }
}
