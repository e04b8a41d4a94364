package org.metamerbench.datasets.folder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.metamerbench.datasets.DatasetIntegrityException;
import org.metamerbench.results.Hashing;
import org.metamerbench.datasets.StimulusSetManifest;
import org.metamerbench.datasets.SampleData;
import org.metamerbench.datasets.StimulusSetWriter;

/**
 * Makes a stimulus set and its null pool from a folder a lab brings (images or sounds, labelled by
 * {@code labels.csv} or class sub-folders; see {@link LabelledFiles}). Every file is decoded by the stated
 * rule ({@link ImageFiles#rule}, {@link WavFiles#rule}); files whose decoded samples are identical count once
 * (the first by path), so no stimulus reappears in the pool. Per class, a seeded permutation
 * ({@code java.util.Random(seed)}, Fisher-Yates) orders the files: the first {@code perClass} become the
 * stimulus set, the next {@code poolPerClass} the null pool. The pool's near-duplicate pairs (Pearson
 * correlation of their samples at or above {@link #NEAR_DUPLICATE}) are reported: they set the null
 * distribution's maximum, and so the acceptance thresholds.
 */
public final class FolderSetBuilder {
    /** The correlation from which two pool samples are reported as near-duplicates. */
    public static final double NEAR_DUPLICATE = 0.99;
    /** The pool's near-duplicate report, inside the pool's folder. */
    public static final String NEAR_DUPLICATES_CSV = "near-duplicates.csv";

    private FolderSetBuilder() {
    }

    /** What to make: the set's name, the samples' description, and how many of each class go where. */
    public record Options(String name, StimulusSetManifest.Stimuli stimuli, int perClass, int poolPerClass, long seed) {
    }

    /** Two pool samples that nearly repeat each other. */
    public record NearDuplicate(String a, String b, double correlation) {
    }

    /** What was made: the two manifests, the files counted once, and the pool's near-duplicate pairs. */
    public record Built(StimulusSetManifest set, StimulusSetManifest pool, List<String> repeated,
            List<NearDuplicate> nearDuplicates) {
    }

    /** Builds {@code <out>/<name>} and {@code <out>/<name>-pool} from the folder {@code from}. */
    public static Built build(Path from, Path out, Options o, boolean force) throws IOException {
        org.metamerbench.api.harness.SafeName.check("set name", o.name());
        StimulusSetManifest.Stimuli s = o.stimuli();
        boolean image = StimulusSetManifest.Stimuli.IMAGE.equals(s.modality());
        LabelledFiles files = LabelledFiles.scan(from, image ? List.of("png", "jpg", "jpeg") : List.of("wav"));
        if (files.classes().size() > 256) {
            throw new DatasetIntegrityException(from + ": " + files.classes().size() + " classes; at most 256");
        }
        int per = s.shape().stream().mapToInt(Integer::intValue).reduce(1, Math::multiplyExact);
        String rule = image ? ImageFiles.rule(s.shape().get(0), s.shape().get(2), s.shape().get(1))
                : WavFiles.rule(s.sampleRate(), per);
        // Decode every file once; identical decoded samples count once.
        List<byte[]> bytes = new ArrayList<>();
        List<float[]> floats = new ArrayList<>();
        List<LabelledFiles.Entry> kept = new ArrayList<>();
        List<String> repeated = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (LabelledFiles.Entry e : files.entries()) {
            byte[] b = null;
            float[] f = null;
            String hash;
            if (image) {
                b = ImageFiles.decode(e.file(), s.shape().get(0), s.shape().get(2), s.shape().get(1));
                hash = Hashing.sha256(b);
            } else {
                f = WavFiles.decode(e.file(), s.sampleRate(), per);
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(4 * f.length);
                buf.asFloatBuffer().put(f);
                hash = Hashing.sha256(buf.array());
            }
            String first = seen.putIfAbsent(hash, e.relative());
            if (first != null) {
                repeated.add(e.relative() + " repeats " + first);
                continue;
            }
            kept.add(e);
            bytes.add(b);
            floats.add(f);
        }
        // Per class, a seeded permutation: stimuli first, then the pool.
        List<Integer> setIdx = new ArrayList<>();
        List<Integer> poolIdx = new ArrayList<>();
        Random rnd = new Random(o.seed());
        for (int c = 0; c < files.classes().size(); c++) {
            List<Integer> stimuli = new ArrayList<>();
            List<Integer> pool = new ArrayList<>();
            for (int i = 0; i < kept.size(); i++) {
                if (kept.get(i).label() == c) {
                    // Without roles both lists are the same files: the permutation's first perClass are stimuli.
                    if (kept.get(i).mayBe(LabelledFiles.STIMULUS)) {
                        stimuli.add(i);
                    }
                    if (kept.get(i).mayBe(LabelledFiles.POOL)) {
                        pool.add(i);
                    }
                }
            }
            String cls = files.classes().get(c);
            if (!files.hasRoles()) {
                if (stimuli.size() < o.perClass() + o.poolPerClass()) {
                    throw new DatasetIntegrityException(from + ": class '" + cls + "' has " + stimuli.size()
                            + " distinct files, " + (o.perClass() + o.poolPerClass()) + " are needed (" + o.perClass()
                            + " stimuli + " + o.poolPerClass() + " for the null pool)");
                }
                permute(stimuli, rnd);
                setIdx.addAll(stimuli.subList(0, o.perClass()));
                poolIdx.addAll(stimuli.subList(o.perClass(), o.perClass() + o.poolPerClass()));
            } else {
                if (stimuli.size() < o.perClass() || pool.size() < o.poolPerClass()) {
                    throw new DatasetIntegrityException(from + ": class '" + cls + "' has " + stimuli.size()
                            + " distinct files with role " + LabelledFiles.STIMULUS + " and " + pool.size() + " with role "
                            + LabelledFiles.POOL + "; " + o.perClass() + " and " + o.poolPerClass() + " are needed");
                }
                permute(stimuli, rnd);
                permute(pool, rnd);
                setIdx.addAll(stimuli.subList(0, o.perClass()));
                poolIdx.addAll(pool.subList(0, o.poolPerClass()));
            }
        }
        setIdx.sort(null);
        poolIdx.sort(null);
        Map<String, String> source = new LinkedHashMap<>();
        source.put("folder", from.toAbsolutePath().normalize().toString());
        source.put("labelled_by", files.labelledBy());
        source.put("files", Integer.toString(files.entries().size()));
        source.put("distinct", Integer.toString(kept.size()));
        source.put("sha256:files", listHash(kept));
        source.put("decoding", rule);
        Map<String, String> selection = new LinkedHashMap<>();
        selection.put("rule", files.hasRoles()
                ? "per class, java.util.Random(seed) Fisher-Yates permutations of the distinct files in path order, "
                        + "first of those with role stimulus, then of those with role pool; the first perClass of the "
                        + "first are the stimulus set, the first poolPerClass of the second the null pool; sorted by path"
                : "per class, java.util.Random(seed) Fisher-Yates permutation of the distinct files in "
                        + "path order; the first perClass are the stimulus set, the next poolPerClass the null pool; "
                        + "sorted by path");
        selection.put("seed", Long.toString(o.seed()));
        selection.put("perClass", Integer.toString(o.perClass()));
        selection.put("poolPerClass", Integer.toString(o.poolPerClass()));
        StimulusSetManifest set = write(out.resolve(o.name()), force, o.name(), "stimulus-set", source, selection,
                files.classes(), s, kept, setIdx, bytes, floats, per, Map.of());
        StimulusSetManifest pool = null;
        List<NearDuplicate> near = List.of();
        if (o.poolPerClass() > 0) {
            near = nearDuplicatesOf(ids("null-pool", poolIdx), standardised(poolIdx, bytes, floats, per));
            StringBuilder csv = new StringBuilder("a,b,pearson\n");
            near.forEach(d -> csv.append(d.a()).append(',').append(d.b()).append(',').append(d.correlation())
                    .append('\n'));
            // Written inside the pool's folder, which this tool owns, so that nothing beside it is overwritten.
            pool = write(out.resolve(o.name() + "-pool"), force, o.name() + "-pool", "null-pool", source,
                    selection, files.classes(), s, kept, poolIdx, bytes, floats, per,
                    Map.of(NEAR_DUPLICATES_CSV, csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return new Built(set, pool, repeated, near);
    }

    private static void permute(List<Integer> members, Random rnd) {
        for (int i = members.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            Integer t = members.get(i);
            members.set(i, members.get(j));
            members.set(j, t);
        }
    }

    private static String listHash(List<LabelledFiles.Entry> kept) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LabelledFiles.Entry e : kept) {
            sb.append(e.relative()).append('\t').append(e.label()).append('\t').append(Hashing.sha256(e.file()))
                    .append(e.role() == null ? "" : "\t" + e.role()).append('\n');
        }
        return Hashing.sha256(sb.toString());
    }

    private static StimulusSetManifest write(Path target, boolean force, String name, String kind,
            Map<String, String> source, Map<String, String> selection, List<String> classes,
            StimulusSetManifest.Stimuli s, List<LabelledFiles.Entry> kept, List<Integer> chosen, List<byte[]> bytes,
            List<float[]> floats, int per, Map<String, byte[]> reports) throws IOException {
        int n = chosen.size();
        List<String> ids = ids(kind, chosen);
        int[] indices = new int[n];
        int[] labels = new int[n];
        byte[] b = bytes.get(0) != null ? new byte[Math.multiplyExact(n, per)] : null;
        float[] f = b == null ? new float[Math.multiplyExact(n, per)] : null;
        for (int k = 0; k < n; k++) {
            int i = chosen.get(k);
            indices[k] = i;
            labels[k] = kept.get(i).label();
            if (b != null) {
                System.arraycopy(bytes.get(i), 0, b, k * per, per);
            } else {
                System.arraycopy(floats.get(i), 0, f, k * per, per);
            }
        }
        int[] dims = new int[s.shape().size() + 1];
        dims[0] = n;
        for (int d = 0; d < s.shape().size(); d++) {
            dims[d + 1] = s.shape().get(d);
        }
        Map<String, String> sel = new LinkedHashMap<>(selection);
        sel.put("files", describe(kept, chosen));
        return StimulusSetWriter.write(target, force, new StimulusSetWriter.Identity(name, kind, "1",
                "Made by metamer-bench datasets build from " + source.get("folder"), source, sel, classes), s, ids,
                indices, labels, SampleData.INT16.equals(s.dtype()) ? SampleData.ofInt16(dims, SampleData.toInt16(f))
                        : new SampleData(dims, b, f), reports);
    }

    /** The ids of the samples at {@code chosen} (positions among the distinct files) in a set of {@code kind}. */
    private static List<String> ids(String kind, List<Integer> chosen) {
        return chosen.stream().map(i -> String.format(Locale.ROOT, "%s-%05d", kind.equals("null-pool") ? "pool"
                : "stim", i)).toList();
    }

    /** The chosen files by path, so that a sample can be traced to the file it came from. */
    private static String describe(List<LabelledFiles.Entry> kept, List<Integer> chosen) {
        StringBuilder sb = new StringBuilder();
        for (int i : chosen) {
            sb.append(sb.length() == 0 ? "" : "; ").append(i).append('=').append(kept.get(i).relative());
        }
        return sb.toString();
    }

    private static double value(List<byte[]> bytes, List<float[]> floats, int i, int p) {
        return bytes.get(i) != null ? bytes.get(i)[p] & 0xff : floats.get(i)[p];
    }

    /**
     * Pairs of pool samples whose Pearson correlation is at least {@link #NEAR_DUPLICATE}. Holds the pool's
     * standardised samples as floats: 4 bytes per value (2,000 samples of 3 x 64 x 64: 98 MB).
     */
    static List<NearDuplicate> nearDuplicatesOf(List<String> ids, float[][] z) {
        List<NearDuplicate> out = new ArrayList<>();
        for (int a = 0; a < z.length; a++) {
            for (int b = a + 1; b < z.length; b++) {
                double r = 0;
                for (int p = 0; p < z[a].length; p++) {
                    r += z[a][p] * z[b][p];
                }
                if (r >= NEAR_DUPLICATE) {
                    out.add(new NearDuplicate(ids.get(a), ids.get(b), r));
                }
            }
        }
        return out;
    }

    /** The samples at {@code chosen}, each centred and scaled to unit length, as floats. */
    static float[][] standardised(List<Integer> chosen, List<byte[]> bytes, List<float[]> floats, int per) {
        int n = chosen.size();
        float[][] z = new float[n][];
        for (int k = 0; k < n; k++) {
            int i = chosen.get(k);
            double sum = 0;
            for (int p = 0; p < per; p++) {
                sum += value(bytes, floats, i, p);
            }
            double mean = sum / per;
            double ss = 0;
            for (int p = 0; p < per; p++) {
                double d = value(bytes, floats, i, p) - mean;
                ss += d * d;
            }
            double norm = Math.sqrt(ss);
            float[] v = new float[per];
            for (int p = 0; p < per; p++) {
                v[p] = norm == 0 ? 0f : (float) ((value(bytes, floats, i, p) - mean) / norm);
            }
            z[k] = v;
        }
        return z;
    }
}
