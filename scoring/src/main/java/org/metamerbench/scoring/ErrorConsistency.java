package org.metamerbench.scoring;

/**
 * How alike two observers' answers to the same natural stimuli are: the share of identical answers, and error
 * consistency (Geirhos, Meding &amp; Wichmann 2020), Cohen's kappa of the two observers' trial-by-trial
 * correctness: {@code (c_obs - c_exp) / (1 - c_exp)} with {@code c_obs} the share of trials both get right or both
 * get wrong and {@code c_exp = p1 p2 + (1 - p1)(1 - p2)} what two independent observers of the same accuracies
 * would share. Copies and fine-tunes of one network make the same mistakes (kappa near 1); independently trained
 * networks share only the mistakes the stimuli force.
 *
 * The share of identical answers alone says little between accurate observers (two that are always right agree
 * on every trial), so the share of identical answers where at least one of the two is wrong is kept too: a copy
 * makes its original's mistakes, wrong answer for wrong answer.
 *
 * @param items          trials compared
 * @param agreement      share of trials with the same answer (right or wrong)
 * @param consistency    error consistency kappa; NaN where it is undefined (both observers always right, or
 *                       always wrong: {@code c_exp = 1})
 * @param errorAgreement share of identical answers among the trials at least one of them gets wrong; NaN where
 *                       neither ever errs
 */
public record ErrorConsistency(int items, double agreement, double consistency, double errorAgreement) {

    /**
     * Compares answers {@code a} and {@code b} (class indices) to stimuli of true classes {@code labels}.
     */
    public static ErrorConsistency of(int[] a, int[] b, int[] labels) {
        if (a.length != b.length || a.length != labels.length) {
            throw new IllegalArgumentException("answers of " + a.length + " and " + b.length + " trials for "
                    + labels.length + " labels");
        }
        int n = labels.length;
        if (n == 0) {
            return new ErrorConsistency(0, Double.NaN, Double.NaN, Double.NaN);
        }
        int same = 0;
        int bothOrNeither = 0;
        int rightA = 0;
        int rightB = 0;
        int someWrong = 0;
        int sameWhereWrong = 0;
        for (int i = 0; i < n; i++) {
            boolean ca = a[i] == labels[i];
            boolean cb = b[i] == labels[i];
            same += a[i] == b[i] ? 1 : 0;
            if (!ca || !cb) {
                someWrong++;
                sameWhereWrong += a[i] == b[i] ? 1 : 0;
            }
            bothOrNeither += ca == cb ? 1 : 0;
            rightA += ca ? 1 : 0;
            rightB += cb ? 1 : 0;
        }
        double p1 = (double) rightA / n;
        double p2 = (double) rightB / n;
        double observed = (double) bothOrNeither / n;
        double expected = p1 * p2 + (1 - p1) * (1 - p2);
        double kappa = expected >= 1 ? Double.NaN : (observed - expected) / (1 - expected);
        return new ErrorConsistency(n, (double) same / n, kappa,
                someWrong == 0 ? Double.NaN : (double) sameWhereWrong / someWrong);
    }
}
