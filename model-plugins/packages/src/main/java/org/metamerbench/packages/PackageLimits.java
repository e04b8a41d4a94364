package org.metamerbench.packages;

/**
 * Limits on what a model package may hold: a package comes from a stranger, and a zip of a few kilobytes
 * can inflate to gigabytes. Checked on the zip's directory before anything is inflated and again while
 * inflating, since declared sizes can lie.
 *
 * @param maxEntries entries in the zip
 * @param maxEntryBytes inflated bytes of any one entry (the model file)
 * @param maxTotalBytes inflated bytes of all entries together, as declared
 * @param maxDescriptorBytes inflated bytes of {@code metamer-model.json}
 * @param maxStageElements elements of any one declared shape (input or stage)
 */
public record PackageLimits(int maxEntries, long maxEntryBytes, long maxTotalBytes, long maxDescriptorBytes,
        long maxStageElements) {
    /** 256 entries, 1 GiB per entry, 2 GiB in all, 1 MiB of descriptor, 2^26 elements per shape. */
    public static final PackageLimits DEFAULT = new PackageLimits(256, 1L << 30, 2L << 30, 1L << 20, 1L << 26);
}
