package org.metamerbench.runner.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.Tensor;
import org.metamerbench.datasets.StimulusSet;
import org.metamerbench.datasets.StimulusSetLoader;
import org.metamerbench.results.ResultFiles;

/**
 * What a run will do, decided before any model runs: the stimuli, the generators and their stages,
 * the observer panel (and the built-in reference panel that is scored), each model's task, and the
 * models left out with the reason. Its jobs are the generator x stage pairs, in a fixed order.
 */
public record RunPlan(RunConfig config, StimulusSet set, StimulusSet pool, List<String> ids, int[] labels, Tensor stimuli,
        Map<String, List<String>> stages, List<String> panel, List<String> referencePanel,
        Map<String, ObserverTask> tasks, Map<String, String> refused) {

    /** How a model left out for another task is marked among the run's model failures. */
    public static final String REFUSED = "refused: ";

    /** One synthesis job: a generator at one stage, for every stimulus; {@code index} orders the plan. */
    public record Job(int index, String generator, String stage) {
        @Override
        public String toString() {
            return generator + " x " + stage;
        }
    }

    /** The jobs, generator by generator, stage by stage. */
    public List<Job> jobs() {
        List<Job> out = new ArrayList<>();
        stages.forEach((g, list) -> list.forEach(s -> out.add(new Job(out.size(), g, s))));
        return out;
    }

    /** Stimulus-steps of {@code jobs}: jobs x stimuli x steps per metamer. */
    public long totalSteps(List<Job> jobs) {
        return jobs.size() * (long) config.totalSteps() * ids.size();
    }

    /**
     * The hash of the observer panel: each model's id and the content hash the harness computed for it,
     * in panel order. A job's recognition rows hold only for the panel they were made with.
     */
    String panelSha256(ModelRegistry registry) {
        List<String> entries = new ArrayList<>();
        panel.forEach(id -> entries.add(id + "@" + registry.get(id).contentHash()));
        return org.metamerbench.results.Hashing.sha256(String.join("\n", entries));
    }

    /**
     * Plans a run. A model the user named that does not share the stimulus set's task is an error; one
     * that was only discovered is left out, with the reason (also passed to {@code warning}).
     */
    public static RunPlan make(RunConfig cfg, ModelRegistry registry, Consumer<String> warning) throws IOException {
        StimulusSet set = StimulusSetLoader.resolve(cfg.stimulusSet());
        StimulusSet pool = StimulusSetLoader.resolve(cfg.nullPool());
        checkRunnable(set, pool);
        int[] chosen = cfg.stimulusCount() >= set.size() ? allIndices(set.size())
                : set.balancedSubset(cfg.stimulusCount());
        List<String> ids = Arrays.stream(chosen).mapToObj(set::id).toList();
        int[] labels = Arrays.stream(chosen).map(set::label).toArray();
        Map<String, ObserverTask> tasks = new LinkedHashMap<>();
        Map<String, String> refused = new LinkedHashMap<>();
        List<String> generators = shareTask(registry, generators(cfg, registry, set), cfg.generators(), set, tasks,
                refused, warning);
        List<String> all = new ArrayList<>(generators);
        all.addAll(observers(cfg, registry, set));
        List<String> panel = shareTask(registry, new ArrayList<>(new LinkedHashSet<>(all)), cfg.observers(), set,
                tasks, refused, warning);
        List<String> reference = referencePanel(cfg, registry, panel, refused);
        Map<String, List<String>> stages = new LinkedHashMap<>();
        for (String g : generators) {
            stages.put(g, stages(cfg, registry.get(g).card()));
        }
        return new RunPlan(cfg, set, pool, ids, labels, set.batch(chosen), stages, panel, reference, tasks, refused);
    }

    /** Whether the run's stimuli are sounds (their files are WAV) rather than images (PNG). */
    public boolean sound() {
        return set.modality().equals(org.metamerbench.datasets.StimulusSetManifest.Stimuli.SOUND);
    }

    /** Writes a natural stimulus's files: its PNG picture, and for a sound its WAV file (the picture: its cochleagram). */
    void writeReference(java.nio.file.Path run, String id, float[] sample) throws IOException {
        writeSample(run, ResultFiles.referenceImage(run, id), sound() ? ResultFiles.referenceSound(run, id) : null,
                sample);
    }

    /** Writes a metamer's files as {@link #writeReference} does. */
    void writeMetamer(java.nio.file.Path run, String generator, String stage, String id, float[] sample)
            throws IOException {
        writeSample(run, ResultFiles.metamerImage(run, generator, stage, id),
                sound() ? ResultFiles.metamerSound(run, generator, stage, id) : null, sample);
    }

    /**
     * A PNG picture (grey or RGB, the set's value range; for a sound its cochleagram, {@link SoundPictures}) and
     * for a sound a 16-bit WAV file at the set's sample rate (the lossless values are in the metamer arrays).
     */
    private void writeSample(java.nio.file.Path root, java.nio.file.Path picture, java.nio.file.Path wav,
            float[] sample) throws IOException {
        if (wav != null) {
            org.metamerbench.results.AtomicFiles.write(root, wav,
                    org.metamerbench.datasets.folder.WavFiles.encode(sample, set.sampleRate()));
            SoundPictures.write(root, picture, sample, set.sampleRate());
            return;
        }
        float[] range = set.valueRange();
        org.metamerbench.datasets.SamplePng.write(root, picture, sample, set.sampleShape(), range[0], range[1]);
    }

    /**
     * The metamers as observers classify them: by default as a person is shown them, the values the run's files
     * hold (a sound's 16-bit WAV samples, an image's 8-bit PNG levels), as the published code's observers read the
     * saved files; with {@link RunConfig#observeFloat()} the float metamers as synthesised.
     */
    Tensor asObserved(Tensor metamers) {
        if (config.observeFloat()) {
            return metamers;
        }
        float[] flat = metamers.toFloatArray();
        float[] out;
        if (sound()) {
            short[] pcm = org.metamerbench.datasets.SampleData.toInt16(flat);
            out = new float[pcm.length];
            for (int i = 0; i < pcm.length; i++) {
                out[i] = pcm[i] / 32768f;
            }
        } else {
            float[] range = set.valueRange();
            out = org.metamerbench.datasets.SamplePng.quantise(flat, range[0], range[1]);
        }
        return Tensor.wrap(metamers.shape(), out);
    }

    /** How observers see a run's metamers, by default (images). */
    static final String OBSERVED_AS_PNG = "published: the 8-bit PNG a viewer sees";
    static final String OBSERVED_AS_WAV = "published: the 16-bit WAV samples a listener hears";
    static final String OBSERVED_AS_FLOAT = "deviation: the float metamers as synthesised";

    /** How observers see the metamers. */
    String observedAs() {
        return config.observeFloat() ? OBSERVED_AS_FLOAT : sound() ? OBSERVED_AS_WAV : OBSERVED_AS_PNG;
    }

    /**
     * Refuses a stimulus set and null pool that a run cannot use: a pool whose samples differ from the set's
     * (the null distribution compares the same model's activations of both).
     */
    static void checkRunnable(StimulusSet set, StimulusSet pool) {
        if (!set.modality().equals(pool.modality()) || !Arrays.equals(set.sampleShape(), pool.sampleShape())
                || !Arrays.equals(set.valueRange(), pool.valueRange())) {
            throw new IllegalArgumentException("null pool " + pool.name() + " (" + describe(pool) + ") does not "
                    + "match stimulus set " + set.name() + " (" + describe(set) + "): a pool must hold samples "
                    + "of the set's kind, shape and value range");
        }
        if (set.sampleRate() != pool.sampleRate()) {
            throw new IllegalArgumentException("null pool " + pool.name() + " is at " + pool.sampleRate() + " Hz, "
                    + "stimulus set " + set.name() + " at " + set.sampleRate() + " Hz");
        }
    }

    private static String describe(StimulusSet s) {
        return s.modality() + " " + describe(s.sampleShape()) + " in [" + s.valueRange()[0] + ", "
                + s.valueRange()[1] + "]" + (s.sampleRate() > 0 ? " at " + s.sampleRate() + " Hz" : "");
    }

    private static String describe(int[] shape) {
        return Arrays.stream(shape).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(" x "));
    }

    private static List<String> shareTask(ModelRegistry registry, List<String> ids, List<String> named, StimulusSet set,
            Map<String, ObserverTask> tasks, Map<String, String> refused, Consumer<String> warning) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            if (refused.containsKey(id)) {
                continue;
            }
            if (tasks.containsKey(id)) {
                out.add(id);
                continue;
            }
            try {
                tasks.put(id, ObserverTask.of(registry.get(id).card(), set));
                out.add(id);
            } catch (ObserverTask.Mismatch e) {
                if (named.contains(id)) {
                    throw e;
                }
                refused.put(id, REFUSED + e.getMessage());
                warning.accept("model " + e.getMessage() + "; it is left out of this run");
            }
        }
        return out;
    }

    /** Whether a model takes the set's kind of stimulus; by default only such models are considered. */
    private static boolean sameModality(ModelCard card, StimulusSet set) {
        boolean sound = set.modality().equals(org.metamerbench.datasets.StimulusSetManifest.Stimuli.SOUND);
        return card.modality() == (sound ? org.metamerbench.api.Modality.AUDIO : org.metamerbench.api.Modality.IMAGE);
    }

    private static List<String> generators(RunConfig cfg, ModelRegistry registry, StimulusSet set) {
        if (cfg.generators().isEmpty()) {
            return registry.cards().stream().filter(ModelCard::canGenerate).filter(c -> sameModality(c, set))
                    .map(ModelCard::id).toList();
        }
        for (String g : cfg.generators()) {
            if (!registry.get(g).card().canGenerate()) {
                throw new IllegalArgumentException(g + " has no input gradient and can only be an observer");
            }
        }
        return cfg.generators();
    }

    /**
     * The observers whose recognition is scored: the built-in models of the panel, or the models the user
     * named with {@code --reference-panel} (each must observe this run: a model refused for another task
     * is named with the reason).
     */
    private static List<String> referencePanel(RunConfig cfg, ModelRegistry registry, List<String> panel,
            Map<String, String> refused) {
        if (cfg.referencePanel().isEmpty()) {
            return panel.stream().filter(id -> registry.get(id).source().equals(ModelRegistry.BUILT_IN)).toList();
        }
        for (String id : cfg.referencePanel()) {
            registry.get(id);
            if (!panel.contains(id)) {
                throw new IllegalArgumentException("--reference-panel names " + id + ", which does not observe this "
                        + "run" + (refused.containsKey(id) ? " (" + refused.get(id) + ")" : " (add it to --observers)"));
            }
        }
        return new ArrayList<>(new LinkedHashSet<>(cfg.referencePanel()));
    }

    private static List<String> observers(RunConfig cfg, ModelRegistry registry, StimulusSet set) {
        if (cfg.observers().isEmpty()) {
            return registry.cards().stream().filter(c -> sameModality(c, set)).map(ModelCard::id).toList();
        }
        cfg.observers().forEach(registry::get);
        return cfg.observers();
    }

    private static List<String> stages(RunConfig cfg, ModelCard card) {
        List<String> all = card.stageNames();
        if (cfg.stages().isEmpty()) {
            return all.subList(1, all.size());
        }
        List<String> chosen = cfg.stages().stream().filter(card::hasStage).toList();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException(card.id() + " has none of the stages " + cfg.stages()
                    + "; its stages are " + all);
        }
        return chosen;
    }

    private static int[] allIndices(int n) {
        int[] a = new int[n];
        Arrays.setAll(a, i -> i);
        return a;
    }
}
