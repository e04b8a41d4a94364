package org.metamerbench.runner.engine;

import java.util.ArrayList;
import java.util.List;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.Tensor;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.runner.ModelOutputs;
import org.metamerbench.runner.acceptance.Acceptance;
import org.metamerbench.runner.acceptance.Similarity;
import org.metamerbench.runner.synthesis.MetamerSynthesizer;

/**
 * The acceptance part of a job: each metamer against its reference at the generator's stage (the three
 * statistics above the null distribution's threshold, and the generator's class kept), one row of
 * metamers.csv each.
 */
final class Judge {
    private Judge() {
    }

    /** The verdicts of one job: its rows, which metamers passed, and the generator's class of each. */
    record Verdicts(List<MetamerRow> rows, boolean[] accepted, int[] metamerClass) {
    }

    static Verdicts judge(RunPlan plan, Model model, String stage, Acceptance acceptance,
            MetamerSynthesizer.Batch batch, Tensor metamers, int[] referenceClass) {
        ModelCard card = model.card();
        String g = card.id();
        Judged judged = verdicts(plan, model, stage, acceptance, metamers, referenceClass);
        int n = plan.ids().size();
        boolean[] accepted = new boolean[n];
        double perMetamerSeconds = batch.seconds() / n;
        List<MetamerRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            MetamerSynthesizer.Metamer m = batch.metamers().get(i);
            Acceptance.Verdict v = judged.verdicts()[i];
            accepted[i] = v.accepted();
            Similarity.Scores s = v.scores();
            rows.add(new MetamerRow(g, card.version(), stage, plan.ids().get(i), plan.labels()[i], m.seed(), m.steps(),
                    m.stopped(),
                    m.finalLoss(), perMetamerSeconds, referenceClass[i], judged.metamerClass()[i], s.spearman(),
                    s.pearson(), s.snrDb(), acceptance.spearman(), acceptance.pearson(), acceptance.snrDb(),
                    accepted[i]));
        }
        return new Verdicts(rows, accepted, judged.metamerClass());
    }

    /** The verdict on each metamer, and the generator's class of each. */
    record Judged(Acceptance.Verdict[] verdicts, int[] metamerClass) {
    }

    /** Each metamer against its reference at {@code stage}: the statistics, the class kept, the verdict. */
    static Judged verdicts(RunPlan plan, Model model, String stage, Acceptance acceptance, Tensor metamers,
            int[] referenceClass) {
        String g = model.card().id();
        Tensor metAct = ModelOutputs.requireFinite(model.activations(metamers, List.of(stage)).get(stage),
                g + "'s activation of its metamers at " + stage);
        Tensor refAct = ModelOutputs.requireFinite(model.activations(plan.stimuli(), List.of(stage)).get(stage),
                g + "'s activation of the references at " + stage);
        int[] metamerClass = plan.tasks().get(g).answer(model, metamers);
        Acceptance.Verdict[] out = new Acceptance.Verdict[plan.ids().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = acceptance.judge(refAct.sample(i).toFloatArray(), metAct.sample(i).toFloatArray(),
                    referenceClass[i], metamerClass[i]);
        }
        return new Judged(out, metamerClass);
    }
}
