package org.metamerbench.runner.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.metamerbench.api.Tensor;
import org.metamerbench.results.AcceptanceRule;
import org.metamerbench.runner.acceptance.NullDistribution.Statistic;

/** The Gram-matrix computation of the null distribution against pair-by-pair brute force. */
class NullDistributionTest {

    private static Tensor pool(int n, int d, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n * d];
        for (int i = 0; i < n; i++) {
            if (i % 7 == 3) {
                continue; // an all-zero activation, as a dead ReLU stage gives
            }
            for (int k = 0; k < d; k++) {
                // ReLU-like: many exact zeros, so ties matter for Spearman
                a[i * d + k] = Math.max(0f, (float) r.nextGaussian() + 0.3f * (k % 5));
            }
        }
        return Tensor.wrap(new int[] {n, d}, a);
    }

    @Test
    void exhaustiveMaximaEqualBruteForce() {
        int n = 40;
        int d = 60;
        Tensor t = pool(n, d, 1);
        NullDistribution nd = NullDistribution.compute(t);
        double sp = Double.NEGATIVE_INFINITY;
        double pe = Double.NEGATIVE_INFINITY;
        double snr = Double.NEGATIVE_INFINITY;
        long zeros = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                Similarity.Scores s = Similarity.compare(t.sample(i).toFloatArray(), t.sample(j).toFloatArray());
                if (s.equals(Similarity.Scores.ZERO)) {
                    zeros++;
                }
                sp = Math.max(sp, s.spearman());
                pe = Math.max(pe, s.pearson());
                snr = Math.max(snr, s.snrDb());
            }
        }
        assertEquals((long) n * (n - 1), nd.pairs());
        assertEquals(zeros, nd.zeroPairs());
        assertEquals(sp, nd.max(Statistic.SPEARMAN), 1e-5);
        assertEquals(pe, nd.max(Statistic.PEARSON), 1e-5);
        assertEquals(snr, nd.max(Statistic.SNR_DB), 1e-4);
    }

    @Test
    void everyPairIsUsedSoTheThresholdsDependOnNoSeed() {
        Tensor t = pool(50, 30, 2);
        NullDistribution a = NullDistribution.compute(t);
        NullDistribution b = NullDistribution.compute(t);
        assertEquals(50L * 49, a.pairs());
        for (Statistic s : Statistic.values()) {
            assertEquals(a.max(s), b.max(s));
            assertTrue(a.quantile(s, 0.5) <= a.quantile(s, 0.99) && a.quantile(s, 0.99) <= a.max(s));
        }
    }

    @Test
    void aMetamerExactlyAtTheNullMaximumIsRejected() {
        Tensor t = pool(20, 30, 4);
        NullDistribution nd = NullDistribution.compute(t);
        Acceptance acc = Acceptance.fromNull(nd, 1.0);
        // The pair that sets the Pearson maximum: its metamer-to-reference statistics equal the thresholds.
        float[] best = null;
        float[] other = null;
        for (int i = 0; i < 20 && best == null; i++) {
            for (int j = 0; j < 20; j++) {
                if (i != j && Math.abs(Similarity.compare(t.sample(i).toFloatArray(), t.sample(j).toFloatArray())
                        .pearson() - nd.max(Statistic.PEARSON)) < 1e-7) {
                    best = t.sample(i).toFloatArray();
                    other = t.sample(j).toFloatArray();
                    break;
                }
            }
        }
        assertTrue(best != null, "the maximum comes from a pair of the pool");
        Similarity.Scores s = Similarity.compare(best, other);
        Acceptance atMax = new Acceptance(s.spearman(), s.pearson(), s.snrDb());
        assertFalse(atMax.judge(best, other, 1, 1).accepted(), "equal to the null maximum is not above it");
        assertTrue(acc.judge(best, best.clone(), 1, 1).accepted(), "the reference itself is above it");
    }

    @Test
    void atAThresholdOnTheStatisticsUpperBoundAMetamerMustReachTheBound() {
        assertTrue(AcceptanceRule.correlationPasses(1.0, 1.0), "a perfect rank correlation where the null has one");
        assertTrue(AcceptanceRule.correlationPasses(0.9999999, 1.0000001), "float rounding of a perfect correlation");
        assertFalse(AcceptanceRule.correlationPasses(0.999, 1.0));
        assertFalse(AcceptanceRule.correlationPasses(0.97, 0.97), "equal to a maximum below the bound is not above it");
        assertTrue(AcceptanceRule.snrPasses(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertFalse(AcceptanceRule.snrPasses(80.0, Double.POSITIVE_INFINITY));
    }

    /** The pool's rows, counting what is asked for. */
    private static final class CountingRows implements PoolRows {
        final Tensor all;
        final List<int[]> asked = new ArrayList<>();

        CountingRows(Tensor all) {
            this.all = all;
        }

        @Override
        public int size() {
            return all.batchSize();
        }

        @Override
        public Tensor rows(int from, int to) {
            asked.add(new int[] {from, to});
            return all.samples(from, to);
        }
    }

    @Test
    void inBlocksTheGramMatricesAndQuantilesAreTheOneBlockOnesUpToRounding() {
        int n = 45;
        int d = 70;
        Tensor t = pool(n, d, 5);
        NullBlocks one = NullBlocks.plan(n, d, Long.MAX_VALUE);
        NullBlocks seven = new NullBlocks(n, d, 1 << 20, 7); // 7 blocks, the last of 3 images
        assertFalse(one.blocked());
        assertTrue(seven.blocked());
        assertEquals(7, seven.blocks());
        NullGrams a = NullGrams.compute(PoolRows.of(t), one);
        CountingRows rows = new CountingRows(t);
        NullGrams b = NullGrams.compute(rows, seven);
        for (NullGrams.Form f : NullGrams.Form.values()) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(a.at(f, i, j), b.at(f, i, j), 1e-12 * Math.max(1, Math.abs(a.at(f, i, j))),
                            f + " " + i + "," + j);
                    assertEquals(b.at(f, i, j), b.at(f, j, i), f + " is symmetric");
                }
            }
        }
        assertTrue(java.util.Arrays.equals(a.zero, b.zero) && java.util.Arrays.equals(a.constant, b.constant));
        long asked = 0;
        for (int[] r : rows.asked) {
            assertTrue(r[1] - r[0] <= 7, "never more than a block at once: " + r[0] + ".." + r[1]);
            asked += r[1] - r[0];
        }
        assertEquals(seven.rowsComputed(), asked);
        assertEquals(45 + 38 + 31 + 24 + 17 + 10 + 3, asked);

        NullDistribution whole = NullDistribution.compute(t);
        NullDistribution blocked = NullDistribution.compute(PoolRows.of(t), seven);
        assertEquals(whole.pairs(), blocked.pairs());
        assertEquals(whole.zeroPairs(), blocked.zeroPairs());
        assertTrue(whole.zeroPairs() > 0, "the pool has all-zero images");
        for (Statistic s : Statistic.values()) {
            for (double q : NullDistribution.QUANTILES) {
                assertEquals(whole.quantile(s, q), blocked.quantile(s, q), 1e-6, s + " at " + q);
            }
        }
    }

    @Test
    void aPoolOf2000ImagesAtA64x112x112StageIsPlannedWithinTheBound() {
        long units = 64L * 112 * 112;
        NullBlocks b = NullBlocks.plan(2000, units, 4L << 30);
        assertTrue(b.blocked());
        assertTrue(b.countedBytes() <= 4L << 30, NullBlocks.format(b.countedBytes()));
        assertTrue(b.rowsPerBlock() * 8L * units < Integer.MAX_VALUE, "a block's staging is one buffer");
        assertTrue(new NullBlocks(2000, units, 4L << 30, b.rowsPerBlock() + 1).countedBytes() > 4L << 30,
                "the largest block that fits");
        NullBlocks direct = b.withinDirectMemory(1L << 30);
        assertTrue(direct.directBytes() <= 1L << 30 && direct.rowsPerBlock() < b.rowsPerBlock());
        assertEquals(b, b.withinDirectMemory(8L << 30));
        NullBlocks unbounded = NullBlocks.plan(2000, units, Long.MAX_VALUE);
        assertTrue(unbounded.blocked() && unbounded.rowsPerBlock() * 8L * units < Integer.MAX_VALUE,
                "2000 x 802,816 doubles exceed a 2 GiB buffer even without a memory bound: " + unbounded.rowsPerBlock());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NullBlocks.plan(2000, units, 64L << 20));
        assertTrue(e.getMessage().contains("--null-memory 64.0 MiB is too small") && e.getMessage().contains("needs at"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NullBlocks.plan(NullBlocks.MAX_POOL + 1, 10, Long.MAX_VALUE));
    }

    @Test
    void sizesAreReadWithTheirUnits() {
        assertEquals(4L << 30, NullBlocks.parseSize("4g"));
        assertEquals(512L << 20, NullBlocks.parseSize("512M"));
        assertEquals(64L << 10, NullBlocks.parseSize("64k"));
        assertEquals(1000, NullBlocks.parseSize("1000"));
        for (String bad : List.of("", "g", "-1g", "4gb", "1.5g", "99999999999999g")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NullBlocks.parseSize(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    private static Tensor reorder(Tensor t, int[] order) {
        int d = t.sampleSize();
        float[] out = new float[order.length * d];
        for (int i = 0; i < order.length; i++) {
            t.copySample(order[i], out, i * d);
        }
        return Tensor.wrap(new int[] {order.length, d}, out);
    }

    @Test
    void disjointPairsAreTheShuffledPoolCutInTwosAndEqualBruteForce() {
        int n = 41; // odd: the last image of the shuffle is left out
        Tensor t = pool(n, 60, 6);
        int[] order = NullPairs.order(n, 11);
        assertEquals(n, java.util.Arrays.stream(order).distinct().count(), "a permutation of the pool");
        Tensor shuffled = reorder(t, order);
        NullDistribution whole = NullDistribution.computeDisjoint(PoolRows.of(shuffled), n);
        NullDistribution blocked = NullDistribution.computeDisjoint(PoolRows.of(shuffled), 5); // blocks of 4 rows
        double sp = Double.NEGATIVE_INFINITY;
        double pe = Double.NEGATIVE_INFINITY;
        double snr = Double.NEGATIVE_INFINITY;
        long zeros = 0;
        for (int k = 0; k < n / 2; k++) {
            float[] a = t.sample(order[2 * k]).toFloatArray();
            float[] b = t.sample(order[2 * k + 1]).toFloatArray();
            Similarity.Scores s = Similarity.compare(a, b);
            zeros += Similarity.allZero(a) || Similarity.allZero(b) ? 1 : 0;
            sp = Math.max(sp, s.spearman());
            pe = Math.max(pe, s.pearson());
            snr = Math.max(snr, s.snrDb());
        }
        assertTrue(zeros > 0, "the pool has all-zero images in some pair");
        for (NullDistribution nd : List.of(whole, blocked)) {
            assertEquals(20, nd.pairs());
            assertEquals(zeros, nd.zeroPairs());
            assertEquals(sp, nd.max(Statistic.SPEARMAN), 1e-6);
            assertEquals(pe, nd.max(Statistic.PEARSON), 1e-6);
            assertEquals(snr, nd.max(Statistic.SNR_DB), 1e-5);
        }
        for (Statistic s : Statistic.values()) {
            assertEquals(whole.quantile(s, 0.5), blocked.quantile(s, 0.5));
        }
    }

    @Test
    void disjointMaximaNeverExceedTheAllPairsMaximaAndDependOnTheSeed() {
        int n = 60;
        Tensor t = pool(n, 40, 7);
        NullDistribution all = NullDistribution.compute(t);
        boolean differ = false;
        for (long seed = 1; seed <= 5; seed++) {
            NullDistribution d = NullDistribution.computeDisjoint(PoolRows.of(reorder(t, NullPairs.order(n, seed))), n);
            assertEquals(30, d.pairs());
            for (Statistic s : Statistic.values()) {
                assertTrue(d.max(s) <= all.max(s) + 1e-9, s + ": a subset of the pairs");
            }
            differ |= d.max(Statistic.PEARSON) < all.max(Statistic.PEARSON);
        }
        assertTrue(differ, "30 of 3,540 pairs miss the pool's closest pair for some seed");
        assertTrue(java.util.Arrays.equals(NullPairs.order(n, 3), NullPairs.order(n, 3)));
        assertFalse(java.util.Arrays.equals(NullPairs.order(n, 3), NullPairs.order(n, 4)));
    }

    @Test
    void nullPairsAreNamedAsTheOptionSays() {
        assertEquals(NullPairs.DISJOINT, NullPairs.parse("disjoint"));
        assertEquals(NullPairs.ALL, NullPairs.parse("ALL"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NullPairs.parse("half"));
        assertTrue(e.getMessage().contains("--null-pairs half"), e.getMessage());
    }
}
