package org.metamerbench.auditory;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.Random;

/**
 * What a cochlear front end costs in a synthesis step: its forward pass and its backward pass to the waveform, for a
 * batch of clips, timed as medians of several repeats after a warm-up; and its size against the waveform's.
 *
 * @param channels        the cochleagram's channels
 * @param frames          its frames
 * @param valuesPerSample the cochleagram's values per waveform sample
 * @param spacingErb      adjacent channels' spacing on the ERB-number scale
 * @param stepMs          the median time of a forward and backward pass of the batch, in milliseconds
 */
public record FrontEndCost(int channels, int frames, double valuesPerSample, double spacingErb, double stepMs) {

    /** The size of {@code fe} (the timing NaN). */
    public static FrontEndCost size(CochlearFrontEnd fe) {
        ErbFilterBank f = fe.filters();
        return new FrontEndCost(f.channels(), fe.frames(), (double) f.channels() * fe.frames() / f.samples(),
                f.spacingErb(), Double.NaN);
    }

    /** Times {@code repeats} forward and backward passes of {@code clips} seeded noise clips through {@code fe}. */
    public static FrontEndCost measure(CochlearFrontEnd fe, int clips, int repeats) {
        int samples = fe.filters().samples();
        float[] wave = new float[clips * samples];
        Random rnd = new Random(1);
        for (int i = 0; i < wave.length; i++) {
            wave[i] = (float) (0.05 * rnd.nextGaussian());
        }
        double[] ms = new double[repeats];
        try (NDManager m = NDManager.newBaseManager()) {
            for (int r = -1; r < repeats; r++) { // the first pass warms up and is not counted
                try (NDManager step = m.newSubManager()) {
                    NDArray x = step.create(wave, new Shape(clips, 1, samples));
                    x.setRequiresGradient(true);
                    long t = System.nanoTime();
                    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                        gc.backward(fe.forward(x).sum());
                    }
                    x.getGradient().toFloatArray();
                    if (r >= 0) {
                        ms[r] = (System.nanoTime() - t) / 1e6;
                    }
                }
            }
        }
        Arrays.sort(ms);
        FrontEndCost s = size(fe);
        return new FrontEndCost(s.channels, s.frames, s.valuesPerSample, s.spacingErb, ms[repeats / 2]);
    }
}
