package org.metamerbench.zoo;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelException;
import org.metamerbench.api.ModelProvider;
import org.metamerbench.api.Stage;
import org.metamerbench.api.Tensor;

/**
 * The built-in zoo of Fashion-MNIST, spoken-word and Cora graph models: weights and records on the class path (or in
 * a folder written by {@code metamer-bench train}), served through DJL's PyTorch engine.
 */
public final class ZooProvider implements ModelProvider {
    static final String RESOURCE_DIR = "/org/metamerbench/zoo/models/";
    static final String INDEX = "models.list";
    static final String GRAPH_RESOURCE_DIR = "/org/metamerbench/zoo/graph-models/";
    static final String GRAPH_INDEX = "graph-models.list";

    private final Path dir;
    private volatile List<ModelCard> cards;

    /** The built-in zoo on the class path (what {@link java.util.ServiceLoader} instantiates). */
    public ZooProvider() {
        this(null);
    }

    /** Zoo models in a folder of {@code <id>.params} and {@code <id>.properties} files. */
    public ZooProvider(Path dir) {
        this.dir = dir;
    }

    @Override
    public String name() {
        return dir == null ? "zoo" : "zoo:" + dir;
    }

    @Override
    public List<ModelCard> models() {
        List<ModelCard> c = cards;
        if (c == null) {
            List<ModelCard> list = new ArrayList<>();
            for (String id : ids()) {
                Properties p = record(id);
                list.add(GraphModelRecord.isGraph(p) ? GraphModelRecord.card(p) : ModelRecord.card(p));
            }
            cards = c = List.copyOf(list);
        }
        return c;
    }

    private ModelCard card(String id) {
        return models().stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new ModelException("zoo has no model '" + id + "'"));
    }

    /** The weights of {@code card}, checked against the SHA-256 its record gives. */
    private byte[] weights(ModelCard card) {
        byte[] weights = read(card.id() + ".params");
        String sha = sha256(weights);
        if (!sha.equals(card.version())) {
            throw new ModelException(card.id() + ".params: SHA-256 " + sha + " does not match the record's "
                    + card.version() + "; weights and record are out of step");
        }
        return weights;
    }

    @Override
    public org.metamerbench.api.GraphModel openGraph(String id) {
        ModelCard card = card(id);
        if (card.modality() != org.metamerbench.api.Modality.GRAPH) {
            throw new ModelException("zoo model '" + id + "' is not a graph model");
        }
        return GraphModelRecord.open(card, record(id), weights(card));
    }

    @Override
    public Model open(String id) {
        ModelCard card = card(id);
        if (card.modality() == org.metamerbench.api.Modality.GRAPH) {
            throw new ModelException("zoo model '" + id + "' is a graph model: it opens with openGraph");
        }
        byte[] weights = weights(card);
        Properties p = record(id);
        StagedNetwork net = Architectures.build(p.getProperty("architecture"), card.classLabels().size());
        NDManager manager = NDManager.newBaseManager(ZooTrainer.ENGINE);
        try {
            net.block().initialize(manager, DataType.FLOAT32, net.batchShape(1));
            net.block().loadParameters(manager, new DataInputStream(new ByteArrayInputStream(weights)));
            checkStages(card, net);
            return new DjlStagedModel(card, net, manager);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            manager.close();
            throw new ModelException(id + ": cannot load weights: " + e.getMessage(), e);
        }
    }

    /**
     * A model's parameters in the network's order (DJL's parameter names, e.g. {@code 02Conv2d_weight}),
     * for exporting a zoo model to another engine.
     */
    public Map<String, Tensor> parameters(String id) {
        try (DjlStagedModel m = (DjlStagedModel) open(id)) {
            Map<String, Tensor> out = new java.util.LinkedHashMap<>();
            for (var p : m.network().block().getParameters()) {
                out.put(p.getKey(), org.metamerbench.djl.NdTensors.toTensor(p.getValue().getArray()));
            }
            return out;
        }
    }

    private static void checkStages(ModelCard card, StagedNetwork net) {
        Map<String, Shape> shapes = net.stageShapes();
        for (Stage s : card.stages()) {
            Shape actual = shapes.get(s.name());
            long[] expected = Arrays.stream(s.shape()).asLongStream().toArray();
            if (actual == null || !Arrays.equals(actual.getShape(), expected)) {
                throw new ModelException(card.id() + ": stage " + s.name() + " of the network is " + actual
                        + ", the record says " + Arrays.toString(s.shape()));
            }
        }
    }

    private List<String> ids() {
        if (dir != null) {
            try (Stream<Path> files = Files.list(dir)) {
                return files.map(f -> f.getFileName().toString())
                        .filter(n -> n.endsWith(".properties"))
                        .map(n -> n.substring(0, n.length() - ".properties".length()))
                        .filter(id -> Files.isRegularFile(dir.resolve(id + ".params")))
                        .sorted().toList();
            } catch (IOException e) {
                throw new ModelException("cannot list zoo folder " + dir + ": " + e.getMessage(), e);
            }
        }
        List<String> all = new ArrayList<>(index(RESOURCE_DIR + INDEX));
        all.addAll(index(GRAPH_RESOURCE_DIR + GRAPH_INDEX));
        return all;
    }

    private static List<String> index(String resource) {
        String index = new String(resource(resource), StandardCharsets.UTF_8);
        return index.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private Properties record(String id) {
        try (InputStream in = new ByteArrayInputStream(read(id + ".properties"))) {
            return ModelRecord.read(in);
        } catch (IOException e) {
            throw new ModelException(id + ".properties: " + e.getMessage(), e);
        }
    }

    /** A file of model {@code id}'s: in the folder, or on the class path beside the index that lists the id. */
    private byte[] read(String file) {
        if (dir != null) {
            try {
                return Files.readAllBytes(dir.resolve(file));
            } catch (IOException e) {
                throw new ModelException("zoo file missing or unreadable: " + e.getMessage(), e);
            }
        }
        String id = file.substring(0, file.lastIndexOf('.'));
        return resource((graphIds().contains(id) ? GRAPH_RESOURCE_DIR : RESOURCE_DIR) + file);
    }

    private volatile List<String> graphIds;

    private List<String> graphIds() {
        List<String> g = graphIds;
        if (g == null) {
            graphIds = g = index(GRAPH_RESOURCE_DIR + GRAPH_INDEX);
        }
        return g;
    }

    private static byte[] resource(String path) {
        try (InputStream in = ZooProvider.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new NoSuchFileException("classpath:" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ModelException("zoo file missing or unreadable: " + e.getMessage(), e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
