package org.metamerbench.zoo;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * How one zoo model is trained: architecture, seed, schedule and, for the adversarial and control
 * variants, the input perturbation. Read from a {@code .properties} file; every key is required
 * unless it has a default below.
 *
 * @param perturbation {@code none}; {@code pgd} (adversarial training: an L2 projected-gradient
 *                     attack of {@code perturbationSteps} steps of size {@code perturbationStepSize}
 *                     within radius {@code perturbationEps}, no random start); or {@code random} (the
 *                     control: a random direction of L2 norm {@code perturbationEps})
 * @param perturbationWarmupEpochs 0 (the default: full size from the first step) or the number of epochs over
 *                     which eps and the step size grow linearly from 0 to their set values (a curriculum
 *                     for attacks too strong for an untrained network; the control takes the same ramp)
 * @param learningRateWarmupEpochs 0 (the default) or the number of epochs over which the learning rate grows
 *                     linearly from 0 to {@code learningRate} before its cosine decay over the remaining epochs: Adam
 *                     takes steps of the learning rate's size however small the gradient, and the fifty-word CNN's
 *                     first steps, while its logits layer is still near zero, otherwise left some seeds' networks at
 *                     uniform answers for good
 * @param perturbationSpace {@value #INPUT} (the default: the perturbation is added to the model's input) or
 *                     {@value #COCHLEAGRAM} (a word model only: added to its cochleagram stage, the published
 *                     cochleagram-space adversarial training; the front end then runs once per batch)
 * @param data         {@value #FASHION_MNIST} (the default), {@value #SPOKEN_WORDS} (version 1 of the clips: ten words)
 *                     or {@value #SPOKEN_WORDS_V2} (version 2: fifty words in running speech, training clips in
 *                     noise): what the model is trained on
 */
public record TrainingConfig(
        String id,
        String architecture,
        String description,
        long seed,
        int epochs,
        int batchSize,
        float learningRate,
        String perturbation,
        float perturbationEps,
        int perturbationSteps,
        float perturbationStepSize,
        int perturbationWarmupEpochs,
        int learningRateWarmupEpochs,
        String perturbationSpace,
        String data) {
    public static final String FASHION_MNIST = "fashion-mnist";
    public static final String SPOKEN_WORDS = "spoken-words";
    public static final String SPOKEN_WORDS_V2 = "spoken-words-v2";
    public static final String INPUT = "input";
    public static final String COCHLEAGRAM = "cochleagram";

    /** A Fashion-MNIST model's config. */
    public TrainingConfig(String id, String architecture, String description, long seed, int epochs, int batchSize,
            float learningRate, String perturbation, float perturbationEps, int perturbationSteps,
            float perturbationStepSize) {
        this(id, architecture, description, seed, epochs, batchSize, learningRate, perturbation, perturbationEps,
                perturbationSteps, perturbationStepSize, 0, 0, INPUT, FASHION_MNIST);
    }

    /** The same config with {@code epochs} epochs. */
    public TrainingConfig withEpochs(int epochs) {
        return new TrainingConfig(id, architecture, description, seed, epochs, batchSize, learningRate, perturbation,
                perturbationEps, perturbationSteps, perturbationStepSize, perturbationWarmupEpochs,
                learningRateWarmupEpochs, perturbationSpace, data);
    }

    /** Whether the model is trained on spoken words (either version of the clips). */
    public boolean spokenWords() {
        return data.equals(SPOKEN_WORDS) || data.equals(SPOKEN_WORDS_V2);
    }

    /** The version of the spoken-word clips (1 or 2); 0 for Fashion-MNIST. */
    public int clipsVersion() {
        return data.equals(SPOKEN_WORDS) ? 1 : data.equals(SPOKEN_WORDS_V2) ? 2 : 0;
    }

    /**
     * The fraction of eps and step size in force at training step {@code step} (0-based) of epoch
     * {@code epoch} (0-based): 1 without a warm-up, else rising linearly to 1 at the end of the warm-up.
     */
    public float perturbationScale(int epoch, int step, int stepsPerEpoch) {
        if (perturbationWarmupEpochs == 0) {
            return 1f;
        }
        double done = (double) epoch * stepsPerEpoch + step + 1;
        return (float) Math.min(1.0, done / ((double) perturbationWarmupEpochs * stepsPerEpoch));
    }

    public TrainingConfig {
        if (!data.equals(FASHION_MNIST) && !data.equals(SPOKEN_WORDS) && !data.equals(SPOKEN_WORDS_V2)) {
            throw new IllegalArgumentException("data must be " + FASHION_MNIST + ", " + SPOKEN_WORDS + " or "
                    + SPOKEN_WORDS_V2 + ", got '" + data + "'");
        }

        if (!Architectures.NAMES.contains(architecture)) {
            throw new IllegalArgumentException("architecture '" + architecture + "' is not one of " + Architectures.NAMES);
        }
        boolean audio = Architectures.build(architecture).modality() == org.metamerbench.api.Modality.AUDIO;
        if (audio != (data.equals(SPOKEN_WORDS) || data.equals(SPOKEN_WORDS_V2))) {
            throw new IllegalArgumentException("architecture '" + architecture + "' does not take " + data);
        }
        if (!perturbation.equals("none") && !perturbation.equals("pgd") && !perturbation.equals("random")) {
            throw new IllegalArgumentException("perturbation must be none, pgd or random, got '" + perturbation + "'");
        }
        if (epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("epochs, batch_size and learning_rate must be positive");
        }
        if (!perturbation.equals("none") && !(perturbationEps > 0)) {
            throw new IllegalArgumentException("perturbation.eps must be positive for perturbation " + perturbation);
        }
        if (perturbation.equals("pgd") && (perturbationSteps < 1 || !(perturbationStepSize > 0))) {
            throw new IllegalArgumentException("pgd needs perturbation.steps >= 1 and perturbation.step_size > 0");
        }
        if (perturbationWarmupEpochs < 0 || perturbationWarmupEpochs > epochs) {
            throw new IllegalArgumentException("perturbation.warmup_epochs must be between 0 and epochs (" + epochs
                    + "), got " + perturbationWarmupEpochs);
        }
        if (perturbation.equals("none") && perturbationWarmupEpochs != 0) {
            throw new IllegalArgumentException("perturbation.warmup_epochs needs a perturbation");
        }
        if (learningRateWarmupEpochs < 0 || learningRateWarmupEpochs >= epochs) {
            throw new IllegalArgumentException("learning_rate.warmup_epochs must be at least 0 and below epochs ("
                    + epochs + "), got " + learningRateWarmupEpochs);
        }
        if (!perturbationSpace.equals(INPUT) && !perturbationSpace.equals(COCHLEAGRAM)) {
            throw new IllegalArgumentException("perturbation.space must be " + INPUT + " or " + COCHLEAGRAM + ", got '"
                    + perturbationSpace + "'");
        }
        if (perturbationSpace.equals(COCHLEAGRAM) && (!audio || perturbation.equals("none"))) {
            throw new IllegalArgumentException("perturbation.space=" + COCHLEAGRAM + " needs a word model and a "
                    + "perturbation");
        }
    }

    public static TrainingConfig read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            return fromProperties(p, file.toString());
        }
    }

    public static TrainingConfig read(InputStream in, String name) throws IOException {
        Properties p = new Properties();
        p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        return fromProperties(p, name);
    }

    static TrainingConfig fromProperties(Properties p, String source) throws IOException {
        try {
            String perturbation = p.getProperty("perturbation", "none").trim();
            boolean perturbed = !perturbation.equals("none");
            String norm = p.getProperty("perturbation.norm", "L2").trim();
            if (perturbed && !norm.equalsIgnoreCase("L2")) {
                throw new IllegalArgumentException("perturbation.norm: only L2 is implemented, got " + norm);
            }
            return new TrainingConfig(
                    required(p, "id"),
                    required(p, "architecture"),
                    p.getProperty("description", ""),
                    Long.parseLong(required(p, "seed")),
                    Integer.parseInt(required(p, "epochs")),
                    Integer.parseInt(required(p, "batch_size")),
                    Float.parseFloat(required(p, "learning_rate")),
                    perturbation,
                    perturbed ? Float.parseFloat(required(p, "perturbation.eps")) : 0f,
                    perturbation.equals("pgd") ? Integer.parseInt(required(p, "perturbation.steps")) : 0,
                    perturbation.equals("pgd") ? Float.parseFloat(required(p, "perturbation.step_size")) : 0f,
                    Integer.parseInt(p.getProperty("perturbation.warmup_epochs", "0").trim()),
                    Integer.parseInt(p.getProperty("learning_rate.warmup_epochs", "0").trim()),
                    p.getProperty("perturbation.space", INPUT).trim(),
                    p.getProperty("data", FASHION_MNIST).trim());
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing key '" + key + "'");
        }
        return v.trim();
    }

    /** The config as ordered key-value pairs, as written into the trained model's record. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("architecture", architecture);
        m.put("description", description);
        m.put("seed", Long.toString(seed));
        m.put("epochs", Integer.toString(epochs));
        m.put("batch_size", Integer.toString(batchSize));
        m.put("learning_rate", Float.toString(learningRate));
        if (learningRateWarmupEpochs > 0) {
            m.put("learning_rate.warmup_epochs", Integer.toString(learningRateWarmupEpochs));
        }
        m.put("optimizer", learningRateWarmupEpochs > 0 ? "adam, linear learning-rate warm-up from 0, then cosine decay "
                + "to 0" : "adam, cosine learning-rate decay to 0");
        if (!data.equals(FASHION_MNIST)) {
            m.put("data", data);
        }
        m.put("perturbation", perturbation);
        if (!perturbation.equals("none")) {
            m.put("perturbation.norm", "L2");
            m.put("perturbation.eps", Float.toString(perturbationEps));
        }
        if (perturbation.equals("pgd")) {
            m.put("perturbation.steps", Integer.toString(perturbationSteps));
            m.put("perturbation.step_size", Float.toString(perturbationStepSize));
        }
        if (perturbationWarmupEpochs > 0) {
            m.put("perturbation.warmup_epochs", Integer.toString(perturbationWarmupEpochs));
        }
        if (!perturbationSpace.equals(INPUT)) {
            m.put("perturbation.space", perturbationSpace);
        }
        return m;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%s, seed %d, %d epochs, perturbation %s)", id, architecture, seed,
                epochs, perturbation);
    }
}
