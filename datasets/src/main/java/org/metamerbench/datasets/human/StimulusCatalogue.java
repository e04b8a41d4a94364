package org.metamerbench.datasets.human;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.metamerbench.datasets.StimulusSet;
import org.metamerbench.results.CsvTable;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.ResultFiles;

/**
 * The stimuli an experiment may show: the natural references and the metamers of a run, and the
 * natural images its catch trials may show (drawn from the run's null pool, never the stimulus set).
 */
public final class StimulusCatalogue {
    private final Map<String, String> labels;
    private final Set<String> metamers;
    private final Map<String, String> catchLabels;
    private final List<String> classes;

    public StimulusCatalogue(Map<String, String> labels, Set<String> metamers, Map<String, String> catchLabels,
            List<String> classes) {
        this.labels = Map.copyOf(labels);
        this.metamers = Set.copyOf(metamers);
        this.catchLabels = Map.copyOf(catchLabels);
        this.classes = List.copyOf(classes);
    }

    /**
     * From stimulus labels, metamer keys ({@code generator \0 stage \0 stimulus}) and the labels of the
     * catch stimuli.
     */
    public static StimulusCatalogue of(Map<String, String> labels, Set<String> metamerKeys,
            Map<String, String> catchLabels, List<String> classes) {
        return new StimulusCatalogue(labels, metamerKeys, catchLabels, classes);
    }

    /**
     * From a result folder: its metamers (generator, stage, stimulus) and their references' labels; catch
     * trials may show any image of {@code catchPool} (the run's null pool); null: none.
     */
    public static StimulusCatalogue fromRun(Path runDir, List<String> classes, StimulusSet catchPool) throws IOException {
        Map<String, String> labels = new HashMap<>();
        Set<String> metamers = new HashSet<>();
        for (MetamerRow m : MetamerRow.read(runDir.resolve(ResultFiles.METAMERS_CSV))) {
            labels.put(m.stimulusId(), classes.get(m.label()));
            metamers.add(key(m.generator(), m.stage(), m.stimulusId()));
        }
        Map<String, String> catchLabels = new HashMap<>();
        if (catchPool != null) {
            for (int i = 0; i < catchPool.size(); i++) {
                catchLabels.put(catchPool.id(i), classes.get(catchPool.label(i)));
            }
        }
        return new StimulusCatalogue(labels, metamers, catchLabels, classes);
    }

    static String key(String generator, String stage, String stimulus) {
        return generator + "\u0000" + stage + "\u0000" + stimulus;
    }

    public boolean hasNatural(String stimulus) {
        return labels.containsKey(stimulus);
    }

    public boolean hasMetamer(String generator, String stage, String stimulus) {
        return metamers.contains(key(generator, stage, stimulus));
    }

    public boolean hasCatch(String stimulus) {
        return catchLabels.containsKey(stimulus);
    }

    /** The label of a reference stimulus, or of a catch stimulus; null if neither. */
    public String label(String stimulus) {
        String l = labels.get(stimulus);
        return l != null ? l : catchLabels.get(stimulus);
    }

    public List<String> classes() {
        return classes;
    }
}
