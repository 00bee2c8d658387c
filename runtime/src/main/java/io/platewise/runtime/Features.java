package io.platewise.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads feature descriptors in the OSGi Feature JSON format (OSGi Compendium R8, chapter 160):
 * {@code {"id": ..., "bundles": [{"id": "g:a:v", "start-order": 1}, "g:a:v", ...]}}. The
 * {@code start-order} key is the Apache Sling feature model's extension for start levels.
 */
final class Features {

    private final ObjectMapper mapper = new ObjectMapper();
    private final Path folder;

    Features(Path folder) {
        this.folder = folder;
    }

    /** The bundles of the named features, each once; two versions of one artifact are an error. */
    List<FeatureBundle> bundlesOf(List<String> featureNames) throws IOException {
        Map<String, FeatureBundle> bundles = new LinkedHashMap<>();
        for (String name : featureNames) {
            for (FeatureBundle bundle : read(name)) {
                FeatureBundle earlier = bundles.putIfAbsent(bundle.versionlessId(), bundle);
                if (earlier != null && !earlier.version().equals(bundle.version())) {
                    throw new IllegalArgumentException("Feature '" + name + "' wants " + bundle.id() + " but another feature wants "
                            + earlier.id() + "; a bundle may appear in one version only");
                }
            }
        }
        return new ArrayList<>(bundles.values());
    }

    List<FeatureBundle> read(String name) throws IOException {
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("Feature name must be lower-case letters, digits or '-', was '" + name + "'");
        }
        Path file = folder.resolve(name + ".json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Unknown feature '" + name + "': no " + file);
        }
        JsonNode root;
        try {
            root = mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("Feature file " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        List<FeatureBundle> bundles = new ArrayList<>();
        JsonNode entries = root.path("bundles");
        if (!entries.isMissingNode() && !entries.isArray()) {
            throw new IllegalArgumentException("'bundles' of " + file + " must be an array");
        }
        for (JsonNode entry : entries) {
            if (entry.isTextual()) {
                bundles.add(FeatureBundle.parse(entry.asText(), FeatureBundle.DEFAULT_START_ORDER));
            } else if (entry.isObject() && entry.path("id").isTextual()) {
                bundles.add(FeatureBundle.parse(entry.get("id").asText(),
                        entry.path("start-order").asInt(FeatureBundle.DEFAULT_START_ORDER)));
            } else {
                throw new IllegalArgumentException("Bundle entry " + entry + " of " + file + " needs an \"id\"");
            }
        }
        return bundles;
    }
}
