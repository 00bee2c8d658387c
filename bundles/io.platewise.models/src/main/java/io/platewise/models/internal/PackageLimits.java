package io.platewise.models.internal;

/**
 * Bounds on what a package may unpack to, against decompression bombs and floods of files.
 *
 * @param maxPackageBytes the uploaded package itself
 * @param maxUnpackedBytes all files together, once unpacked
 * @param maxFiles         entries in the archive
 */
record PackageLimits(long maxPackageBytes, long maxUnpackedBytes, int maxFiles) {
}
