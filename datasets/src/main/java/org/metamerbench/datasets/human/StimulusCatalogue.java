package org.metamerbench.datasets.human;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.metamerbench.datasets.results.CsvTable;
import org.metamerbench.datasets.results.MetamerRow;
import org.metamerbench.datasets.results.ResultFiles;

/** The stimuli an experiment may show: the natural references and the metamers of a run. */
public final class StimulusCatalogue {
    private final Map<String, String> labels;
    private final Set<String> metamers;
    private final List<String> classes;

    public StimulusCatalogue(Map<String, String> labels, Set<String> metamers, List<String> classes) {
        this.labels = Map.copyOf(labels);
        this.metamers = Set.copyOf(metamers);
        this.classes = List.copyOf(classes);
    }

    /** From stimulus labels and metamer keys ({@code generator \0 stage \0 stimulus}). */
    public static StimulusCatalogue of(Map<String, String> labels, Set<String> metamerKeys, List<String> classes) {
        return new StimulusCatalogue(labels, metamerKeys, classes);
    }

    /** From a result folder: its metamers (generator, stage, stimulus) and their references' labels. */
    public static StimulusCatalogue fromRun(Path runDir, List<String> classes) throws IOException {
        Map<String, String> labels = new HashMap<>();
        Set<String> metamers = new HashSet<>();
        for (CsvTable.Row r : CsvTable.read(runDir.resolve(ResultFiles.METAMERS_CSV), MetamerRow.HEADER)) {
            MetamerRow m = MetamerRow.from(r);
            labels.put(m.stimulusId(), classes.get(m.label()));
            metamers.add(key(m.generator(), m.stage(), m.stimulusId()));
        }
        return new StimulusCatalogue(labels, metamers, classes);
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

    public String label(String stimulus) {
        return labels.get(stimulus);
    }

    public List<String> classes() {
        return classes;
    }
}
