package org.metamerbench.zoo.graph;

/**
 * The graph zoo's architectures: two message-passing layers (so a node's logits see its 2-hop neighbourhood), the
 * classic ones of the seed work and its remedies (Xu et al. 2025): ELU in place of ReLU, and residual connections.
 * Stages: {@code input} (the node features), {@code layer1} (after the first layer's activation) and {@code final}
 * (the logits).
 */
public enum GraphArchitecture {
    /** Kipf & Welling 2017: {@code Â relu(Â X W1 + b1) W2 + b2}, {@code Â = D^-1/2 (A + I) D^-1/2}. */
    GCN("gcn", "GCN (Kipf & Welling 2017), 2 layers, ReLU"),
    /** The same with ELU (alpha 1) as the hidden activation: the seed work's first remedy. */
    GCN_ELU("gcn-elu", "GCN, 2 layers, ELU"),
    /** The same with a linear skip around each layer ({@code + X R1}, {@code + H R2}): the second remedy. */
    GCN_RESIDUAL("gcn-residual", "GCN, 2 layers, ReLU, residual connections"),
    /** Hamilton et al. 2017, mean aggregator: {@code relu(X Ws + mean_neighbours(X) Wn + b)}. */
    SAGE("sage", "GraphSAGE (Hamilton et al. 2017), mean aggregator, 2 layers"),
    /** Xu et al. 2019, GIN-0: {@code MLP(X + A X)}, a 2-layer MLP per layer. */
    GIN("gin", "GIN-0 (Xu et al. 2019), 2 layers, 2-layer MLPs"),
    /** Veličković et al. 2018: attention over the neighbours and the node itself, multi-head, ELU. */
    GAT("gat", "GAT (Veličković et al. 2018), 2 layers, multi-head attention, ELU");

    private final String id;
    private final String description;

    GraphArchitecture(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The architecture named {@code id} ({@link #id}). */
    public static GraphArchitecture of(String id) {
        for (GraphArchitecture a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("no graph architecture '" + id + "'");
    }

    /** The stages, input first, logits last. */
    public static final java.util.List<String> STAGES = java.util.List.of("input", "layer1", "final");

    /** Message-passing steps from the input to the logits: the receptive field in hops. */
    public static final int HOPS = 2;
}
