package io.platewise.runtime;

import java.nio.file.Path;

/**
 * One bundle of a feature, named by Maven coordinates as the OSGi Feature specification writes them:
 * {@code groupId:artifactId[:type[:classifier]]:version}.
 *
 * @param classifier empty when the artifact has none
 * @param startOrder the OSGi start level of the bundle; lower starts earlier
 */
record FeatureBundle(String groupId, String artifactId, String classifier, String version, int startOrder) {

    static final int DEFAULT_START_ORDER = 20;

    static FeatureBundle parse(String id, int startOrder) {
        String[] parts = id.split(":", -1);
        boolean valid = parts.length >= 3 && parts.length <= 5;
        for (String part : parts) {
            valid &= !part.isBlank();
        }
        if (!valid || (parts.length >= 4 && !parts[2].equals("jar"))) {
            throw new IllegalArgumentException("Bundle id must be groupId:artifactId[:jar[:classifier]]:version, was '" + id + "'");
        }
        String classifier = parts.length == 5 ? parts[3] : "";
        return new FeatureBundle(parts[0], parts[1], classifier, parts[parts.length - 1], startOrder);
    }

    String id() {
        return groupId + ":" + artifactId + (classifier.isEmpty() ? "" : ":jar:" + classifier) + ":" + version;
    }

    /** Identifies the artifact regardless of its version: two versions of it may not be installed together. */
    String versionlessId() {
        return groupId + ":" + artifactId + (classifier.isEmpty() ? "" : ":" + classifier);
    }

    /** Where the bundle lies under {@code bundles/}: the layout of a Maven repository. */
    Path pathIn(Path bundlesFolder) {
        return bundlesFolder.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version)
                .resolve(artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + ".jar");
    }
}
