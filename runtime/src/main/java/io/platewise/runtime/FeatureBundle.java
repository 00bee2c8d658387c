package io.platewise.runtime;

import java.nio.file.Path;

/**
 * One bundle of a feature, named by Maven coordinates {@code groupId:artifactId:version}.
 *
 * @param startOrder the OSGi start level of the bundle; lower starts earlier
 */
record FeatureBundle(String groupId, String artifactId, String version, int startOrder) {

    static final int DEFAULT_START_ORDER = 20;

    static FeatureBundle parse(String id, int startOrder) {
        String[] parts = id.split(":");
        if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
            throw new IllegalArgumentException("Bundle id must be groupId:artifactId:version, was '" + id + "'");
        }
        return new FeatureBundle(parts[0], parts[1], parts[2], startOrder);
    }

    String id() {
        return groupId + ":" + artifactId + ":" + version;
    }

    String versionlessId() {
        return groupId + ":" + artifactId;
    }

    /** Where the bundle lies under {@code bundles/}: the layout of a Maven repository. */
    Path pathIn(Path bundlesFolder) {
        return bundlesFolder.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version)
                .resolve(artifactId + "-" + version + ".jar");
    }
}
