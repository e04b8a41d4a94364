package org.metamerbench.runner.acceptance;

import java.util.Locale;

/**
 * How the null distribution of a pool of {@code poolSize} images at a stage of {@code units} units is
 * computed within {@code memoryBytes}: in one block when it fits, else in blocks of
 * {@code rowsPerBlock} images. Each block is held while the blocks after it are streamed past it, so
 * the pool's activations are computed again once per block before them ({@link #rowsComputed}).
 *
 * <p>The memory counted (bytes; {@code d} units, {@code n} images, {@code b} images per block): the
 * three Gram matrices and one statistic's pair values, {@code 28 n^2}, and each core's row buffers,
 * {@code 20 d} per core, on the Java heap; in one block, the pool's activations (float, heap) and one
 * representation staged in a direct buffer the engine computes on (float64), {@code 12 d n}; in blocks,
 * the held block's three representations and one streamed one in direct buffers, {@code 32 d b}, and
 * two blocks' activations on the heap (the last while the next is made), {@code 8 d b}. A model's own
 * working memory for a forward pass is not counted. The JVM must allow {@link #directBytes} of direct
 * memory (by default as much as its heap) and hold {@link #heapBytes} on its heap; it lets garbage grow
 * up to its heap size before collecting, so a process's peak is its heap size plus the direct share.
 */
public record NullBlocks(int poolSize, long units, long memoryBytes, int rowsPerBlock) {

    /** The default bound, {@code --null-memory 4g}. */
    public static final long DEFAULT_MEMORY = 4L << 30;
    /** The largest pool: its Gram matrices are single Java arrays of {@code n^2} doubles. */
    public static final int MAX_POOL = 46_340;
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** The blocks for a pool and stage within a memory bound; a clear error when nothing fits. */
    public static NullBlocks plan(int poolSize, long units, long memoryBytes) {
        if (poolSize < 2) {
            throw new IllegalArgumentException("a null pool needs at least 2 images, got " + poolSize);
        }
        if (poolSize > MAX_POOL) {
            throw new IllegalArgumentException("a null pool of " + poolSize + " images is too large: at most "
                    + MAX_POOL + " (every ordered pair is compared)");
        }
        if (units < 1) {
            throw new IllegalArgumentException("a stage needs at least one unit, got " + units);
        }
        long n = poolSize;
        long fixed = fixedBytes(n, units);
        long maxRowsPerBuffer = MAX_ARRAY / (8 * units); // a direct buffer holds at most 2 GiB
        if (maxRowsPerBuffer < 1) {
            throw new IllegalArgumentException("a stage of " + units + " units is too large for the null "
                    + "distribution: one image's activations exceed a buffer of 2 GiB");
        }
        if (fixed + 12 * units * n <= memoryBytes && n <= maxRowsPerBuffer) {
            return new NullBlocks(poolSize, units, memoryBytes, poolSize);
        }
        long b = Math.min(Math.min(maxRowsPerBuffer, n - 1), (memoryBytes - fixed) / (40 * units));
        if (b < 1 || memoryBytes <= fixed) {
            throw new IllegalArgumentException("--null-memory " + format(memoryBytes) + " is too small for a null "
                    + "pool of " + poolSize + " images at a stage of " + units + " units: it needs at least "
                    + format(fixed + 40 * units));
        }
        return new NullBlocks(poolSize, units, memoryBytes, (int) b);
    }

    /** Memory that does not depend on the block size: Gram matrices, pair values, each core's row buffers. */
    private static long fixedBytes(long n, long units) {
        return 28 * n * n + 20 * units * Runtime.getRuntime().availableProcessors();
    }

    /**
     * This plan with blocks small enough that its direct buffers fit in {@code directLimit} bytes (the
     * JVM's {@code -XX:MaxDirectMemorySize}); itself when they do.
     */
    public NullBlocks withinDirectMemory(long directLimit) {
        if (directBytes() <= directLimit) {
            return this;
        }
        long b = Math.min(poolSize - 1, directLimit / (32 * units));
        if (b < 1) {
            throw new IllegalArgumentException("the null distribution of a stage of " + units + " units needs at least "
                    + format(32 * units) + " of direct memory; this JVM allows " + format(directLimit)
                    + " (-XX:MaxDirectMemorySize)");
        }
        return new NullBlocks(poolSize, units, memoryBytes, (int) b);
    }

    /** Whether the pool is computed in more than one block. */
    public boolean blocked() {
        return rowsPerBlock < poolSize;
    }

    public int blocks() {
        return (poolSize + rowsPerBlock - 1) / rowsPerBlock;
    }

    /** Images whose activations are computed: the whole pool once per block, less the blocks before it. */
    public long rowsComputed() {
        long total = 0;
        for (long from = 0; from < poolSize; from += rowsPerBlock) {
            total += poolSize - from;
        }
        return total;
    }

    /** The memory counted for this plan (see the class comment). */
    public long countedBytes() {
        return heapBytes() + directBytes();
    }

    /** The part of {@link #countedBytes} on the Java heap. */
    public long heapBytes() {
        return fixedBytes(poolSize, units) + (blocked() ? 8 : 4) * units * rowsPerBlock;
    }

    /** The part of {@link #countedBytes} in direct buffers the engine computes on. */
    public long directBytes() {
        return (blocked() ? 32 : 8) * units * rowsPerBlock;
    }

    /** A size such as {@code 4g}, {@code 512m}, {@code 64k} or a number of bytes. */
    public static long parseSize(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("g") || t.endsWith("m") || t.endsWith("k")) {
            unit = switch (t.charAt(t.length() - 1)) {
                case 'g' -> 1L << 30;
                case 'm' -> 1L << 20;
                default -> 1L << 10;
            };
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t);
            if (v < 1 || v > Long.MAX_VALUE / unit) {
                throw new NumberFormatException();
            }
            return v * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size '" + text + "': a positive number of bytes, or one with k, m or g "
                    + "(e.g. 4g)");
        }
    }

    /** Bytes as GiB, MiB or KiB with one decimal. */
    public static String format(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
}
