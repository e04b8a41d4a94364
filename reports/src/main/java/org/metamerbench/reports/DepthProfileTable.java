package org.metamerbench.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.metamerbench.scoring.DepthProfile;

/** The depth profiles of models as an HTML table (the report's and the leaderboard site's). */
public final class DepthProfileTable {
    private DepthProfileTable() {
    }

    /** An HTML table of profiles, one row per model (model id -> profile, in order). */
    public static String of(Map<String, double[]> profiles) {
        List<String> rows = new ArrayList<>();
        profiles.forEach((model, d) -> {
            StringBuilder row = new StringBuilder(Html.td(model));
            List<String> c = DepthProfile.cells(d);
            for (int k = 0; k < d.length; k++) {
                row.append(Html.tdNum(d[k], c.get(k)));
            }
            rows.add(row.toString());
        });
        List<String> header = new ArrayList<>(List.of(Html.th("model", "model id")));
        DepthProfile.BINS.forEach(bin -> header.add(Html.th(bin, "relative depth between input and logits")));
        return Html.table("depth-profile", header, rows);
    }
}
