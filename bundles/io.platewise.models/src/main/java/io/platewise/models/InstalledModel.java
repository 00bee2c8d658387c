package io.platewise.models;

import java.nio.file.Path;
import java.time.OffsetDateTime;

/**
 * A model installed on this host.
 *
 * @param folder         where its files lie
 * @param sizeBytes      the installed files, counted against the quota
 * @param packageSha256  SHA-256 of the uploaded package
 */
public record InstalledModel(String name, String version, String task, ModelDescriptor descriptor, Path folder,
        long sizeBytes, String packageSha256, OffsetDateTime installedAt, String installedBy) {
}
