package io.platewise.filestore;

/**
 * A file kept by the {@link FileStore}.
 *
 * @param reference the relative path to keep in tables, such as {@code tracklets/2026/11/24/ab12….jpg}
 * @param size      bytes
 * @param sha256    hex digest of the content
 */
public record StoredFile(String reference, long size, String sha256) {
}
