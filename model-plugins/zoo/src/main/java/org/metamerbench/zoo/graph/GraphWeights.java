package org.metamerbench.zoo.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * A graph network's weights as bytes: {@code MBGW1}, the parameter count, then per parameter (in the network's
 * order) its name, rank, dimensions and float32 values, big-endian. Loading checks every name and shape against the
 * architecture, so weights cannot be read into the wrong network.
 */
public final class GraphWeights {
    private static final String MAGIC = "MBGW1";

    private GraphWeights() {
    }

    public static byte[] write(GraphNetwork net) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(MAGIC);
            out.writeInt(net.parameters().size());
            for (Map.Entry<String, NDArray> p : net.parameters().entrySet()) {
                out.writeUTF(p.getKey());
                long[] dims = p.getValue().getShape().getShape();
                out.writeInt(dims.length);
                for (long d : dims) {
                    out.writeInt((int) d);
                }
                for (float v : p.getValue().toFloatArray()) {
                    out.writeFloat(v);
                }
            }
        }
        return bytes.toByteArray();
    }

    /** Puts {@code weights} into {@code net}'s parameters (arrays of {@code manager}). */
    public static void read(byte[] weights, GraphNetwork net, NDManager manager) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(weights))) {
            if (!MAGIC.equals(in.readUTF())) {
                throw new IOException("not graph-network weights (no " + MAGIC + " header)");
            }
            int count = in.readInt();
            if (count != net.parameters().size()) {
                throw new IOException(count + " parameters, the " + net.architecture().id() + " network has "
                        + net.parameters().size());
            }
            for (Map.Entry<String, NDArray> p : net.parameters().entrySet()) {
                String name = in.readUTF();
                int rank = in.readInt();
                if (!name.equals(p.getKey()) || rank < 0 || rank > 4) {
                    throw new IOException("parameter '" + name + "' where the network has '" + p.getKey() + "'");
                }
                long[] dims = new long[rank];
                for (int i = 0; i < rank; i++) {
                    dims[i] = in.readInt();
                }
                if (!Arrays.equals(dims, p.getValue().getShape().getShape())) {
                    throw new IOException("parameter " + name + " is " + Arrays.toString(dims) + ", the network's "
                            + p.getValue().getShape());
                }
                float[] v = new float[Math.toIntExact(new Shape(dims).size())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = in.readFloat();
                }
                p.setValue(manager.create(v, new Shape(dims)));
            }
            if (in.available() > 0) {
                throw new IOException(in.available() + " bytes after the last parameter");
            }
        }
    }
}
