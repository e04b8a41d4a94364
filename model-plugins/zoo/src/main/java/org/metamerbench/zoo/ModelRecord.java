package org.metamerbench.zoo;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.metamerbench.api.Capability;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.Modality;
import org.metamerbench.api.Stage;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.auditory.CochlearFrontEnd;

/**
 * The record a training run leaves beside a model's weights ({@code <id>.properties}): the training
 * config, the measured test accuracy, the weights' SHA-256 and the stages with their shapes and
 * FLOPs. The zoo builds its model cards from these records without loading any weights.
 */
final class ModelRecord {
    static final String CITATION = "metamer-bench built-in zoo, trained on Fashion-MNIST "
            + "(Xiao, Rasul & Vollgraf 2017) by `metamer-bench train`";
    static final String AUDIO_CITATION = "metamer-bench built-in zoo, trained on spoken words synthesised with "
            + "espeak-ng and flite (datasets/scripts/make_spoken_words.py) by `metamer-bench train`; cochlear front end "
            + "after Feather et al. 2023";

    private ModelRecord() {
    }

    static Path write(Path dir, TrainingConfig cfg, StagedNetwork net, List<String> classLabels, double accuracy,
            int testCount, int trainCount, double seconds, String sha, int resumes) throws IOException {
        Properties p = new Properties();
        for (Map.Entry<String, String> e : cfg.toMap().entrySet()) {
            p.setProperty("train." + e.getKey(), e.getValue());
        }
        p.setProperty("id", cfg.id());
        p.setProperty("architecture", cfg.architecture());
        p.setProperty("description", cfg.description());
        p.setProperty("classes", String.join("|", classLabels));
        p.setProperty("weights.sha256", sha);
        p.setProperty("result.test_accuracy", ZooTrainer.format(accuracy));
        p.setProperty("result.test_images", Integer.toString(testCount));
        p.setProperty("result.train_images", Integer.toString(trainCount));
        p.setProperty("result.train_seconds", String.format(java.util.Locale.ROOT, "%.1f", seconds));
        if (resumes > 0) {
            p.setProperty("result.train_resumes", Integer.toString(resumes)); // seconds cover every part
        }
        p.setProperty("result.engine", "DJL " + ai.djl.engine.Engine.getDjlVersion() + ", "
                + ZooTrainer.ENGINE + " " + ai.djl.engine.Engine.getEngine(ZooTrainer.ENGINE).getVersion() + ", CPU");
        p.setProperty("result.threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
        writeStages(p, net, classLabels.size());
        StringWriter w = new StringWriter();
        p.store(w, null);
        // Sorted lines and no timestamp, so that identical records are identical files.
        String text = "# metamer-bench zoo model record: written by `metamer-bench train`, do not edit\n"
                + w.toString().lines().filter(l -> !l.startsWith("#")).sorted()
                        .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        Path out = dir.resolve(cfg.id() + ".properties");
        AtomicFiles.write(dir, out, text.getBytes(StandardCharsets.ISO_8859_1));
        return out;
    }

    private static void writeStages(Properties p, StagedNetwork net, int classes) {
        try (NDManager m = NDManager.newBaseManager(ZooTrainer.ENGINE)) {
            StagedNetwork probe = Architectures.build(net.architecture(), classes);
            probe.block().initialize(m, DataType.FLOAT32, probe.batchShape(1));
            Map<String, Shape> shapes = probe.stageShapes();
            Map<String, Long> flops = probe.stageFlops();
            List<StagedNetwork.StagePoint> stages = probe.stages();
            for (int k = 0; k < stages.size(); k++) {
                StagedNetwork.StagePoint s = stages.get(k);
                String key = String.format("stage.%d.", k);
                p.setProperty(key + "name", s.name());
                p.setProperty(key + "shape", join(shapes.get(s.name()).getShape()));
                p.setProperty(key + "after_relu", Boolean.toString(s.afterRelu()));
                p.setProperty(key + "flops", Long.toString(flops.get(s.name())));
            }
        }
    }

    static Properties read(InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
        return p;
    }

    static ModelCard card(Properties p) {
        String id = p.getProperty("id");
        List<String> classLabels = Arrays.asList(p.getProperty("classes", "").split("\\|"));
        // The record says whether a stage comes out of a ReLU; the architecture says whether through max
        // pooling, where the published method does not apply the fake ReLU, and what the input is.
        StagedNetwork net = Architectures.build(p.getProperty("architecture"), classLabels.size());
        boolean audio = net.modality() == Modality.AUDIO;
        ModelCard.Builder b = ModelCard.builder(id)
                .version(p.getProperty("weights.sha256"))
                .modality(net.modality())
                .inputShape(Arrays.stream(net.inputShape().getShape()).mapToInt(d -> (int) d).toArray())
                .valueRange(net.low(), net.high())
                .classLabels(classLabels)
                .description(p.getProperty("description", ""))
                .citation(audio ? AUDIO_CITATION : CITATION)
                .capability(Capability.INPUT_GRADIENT)
                .lineage(lineage(p));
        if (audio) {
            b.sampleRate(CochlearFrontEnd.REDUCED.filters().rate());
            b.property("input.front_end", CochlearFrontEnd.REDUCED.describe());
        }
        for (int k = 0; p.getProperty("stage." + k + ".name") != null; k++) {
            String name = p.getProperty("stage." + k + ".name");
            boolean outOfRelu = Boolean.parseBoolean(p.getProperty("stage." + k + ".after_relu"));
            boolean throughPool = outOfRelu && net.stage(name).maxPoolAfterRelu();
            b.stage(new Stage(name, parse(p.getProperty("stage." + k + ".shape")), outOfRelu && !throughPool,
                    throughPool));
            b.forwardFlops(name, Long.parseLong(p.getProperty("stage." + k + ".flops")));
        }
        Map<String, String> sorted = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("train.") || key.startsWith("result.") || key.equals("architecture")) {
                sorted.put(key, p.getProperty(key));
            }
        }
        sorted.forEach(b::property);
        return b.build();
    }

    /**
     * The model's family as its record gives it: the architecture and training procedure, the training seed
     * (initial weights and batch order) and the training data. Zoo models are trained from scratch.
     */
    static org.metamerbench.api.Lineage lineage(Properties p) {
        String perturbation = p.getProperty("train.perturbation", "none");
        StringBuilder recipe = new StringBuilder(p.getProperty("train.architecture", p.getProperty("architecture")));
        recipe.append(", ").append(p.getProperty("train.epochs", "?")).append(" epochs");
        if (!perturbation.equals("none")) {
            recipe.append(", ").append(perturbation).append(' ').append(p.getProperty("train.perturbation.norm", ""))
                    .append(" eps ").append(p.getProperty("train.perturbation.eps", "?"));
            String space = p.getProperty("train.perturbation.space");
            if (space != null) {
                recipe.append(" on the ").append(space);
            }
        }
        String data = p.getProperty("train.data", "fashion-mnist");
        return new org.metamerbench.api.Lineage(recipe.toString(), p.getProperty("train.seed", ""), data + " training set",
                "");
    }

    private static String join(long[] dims) {
        List<String> parts = new ArrayList<>();
        for (long d : dims) {
            parts.add(Long.toString(d));
        }
        return String.join("x", parts);
    }

    private static int[] parse(String dims) {
        return Arrays.stream(dims.split("x")).mapToInt(Integer::parseInt).toArray();
    }
}
