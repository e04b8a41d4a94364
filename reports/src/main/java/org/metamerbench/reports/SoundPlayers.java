package org.metamerbench.reports;

import org.metamerbench.scoring.RunResults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.ResultFiles;

/**
 * The report's players for a sound run: per generator, one row per shown stimulus, its natural sound and its
 * metamer of every stage, each with its verdict. The WAV files are the run's own ({@code sounds/}), linked
 * relative to the report, so the page works where the run folder is opened; a sound that is not there (a failed
 * job) is said to be missing.
 */
final class SoundPlayers {
    private SoundPlayers() {
    }

    /** Whether the run is a sound run (it wrote the natural sounds). */
    static boolean present(RunResults r) {
        return Files.isDirectory(r.dir().resolve(ResultFiles.SOUNDS_DIR).resolve("references"));
    }

    /** The table of {@code generator}'s sounds, {@code perClass} stimuli of each class. */
    static String table(RunResults r, String generator, int perClass) {
        List<String> stages = Charts.scoredStages(r, generator);
        Map<String, MetamerRow> rows = MetamerGrid.rows(r, generator);
        Map<String, Integer> labelOf = MetamerGrid.labels(r);
        List<String> header = new ArrayList<>(List.of(Html.th("stimulus", "its id and word"),
                Html.th("natural", "the natural sound")));
        for (String s : stages) {
            header.add(Html.th(s, "the metamer of stage " + s + " and its verdict"));
        }
        List<String> out = new ArrayList<>();
        for (String id : MetamerGrid.chosen(r, perClass)) {
            Integer label = labelOf.get(id);
            String word = label != null && label >= 0 && label < r.classLabels().size() ? r.classLabels().get(label)
                    : "?";
            StringBuilder row = new StringBuilder(Html.td(id + " " + word));
            row.append(cell(r, ResultFiles.referenceSound(r.dir(), id), "natural " + word, null));
            for (String s : stages) {
                MetamerRow m = rows.get(s + "\u0000" + id);
                row.append(cell(r, ResultFiles.metamerSound(r.dir(), generator, s, id), s + " metamer of " + id,
                        m == null ? null : m.accepted()));
            }
            out.add(row.toString());
        }
        return "<h3>Listen</h3>\n<p class=\"note\">Natural sounds and the metamers of " + Html.esc(generator)
                + " (16-bit WAV; the pictures above are their cochleagrams). Each plays on its own.</p>\n"
                + Html.table("sounds-" + generator, header, out);
    }

    private static String cell(RunResults r, Path wav, String label, Boolean accepted) {
        if (!Files.isRegularFile(wav)) {
            return Html.td("missing");
        }
        String src = r.dir().relativize(wav).toString().replace('\\', '/');
        String verdict = accepted == null ? "" : accepted ? "<br>accepted" : "<br>rejected";
        return "<td><audio controls preload=\"none\" src=\"" + Html.esc(src) + "\" aria-label=\"" + Html.esc(label)
                + "\"></audio>" + verdict + "</td>";
    }
}
