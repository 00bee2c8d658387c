package io.platewise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesTest {

    @TempDir
    Path folder;

    @Test
    void readsObjectAndStringEntriesAndMergesFeatures() throws Exception {
        Files.writeString(folder.resolve("core.json"), """
                {"id": "x:core:1", "bundles": [
                  {"id": "org.example:a:1.0", "start-order": 3},
                  "org.example:b:2.0"
                ]}""");
        Files.writeString(folder.resolve("extra.json"), """
                {"id": "x:extra:1", "bundles": ["org.example:b:2.0", "org.example:c:1.1"]}""");
        List<FeatureBundle> bundles = new Features(folder).bundlesOf(List.of("core", "extra"));
        assertEquals(List.of("org.example:a:1.0", "org.example:b:2.0", "org.example:c:1.1"),
                bundles.stream().map(FeatureBundle::id).toList());
        assertEquals(3, bundles.get(0).startOrder());
        assertEquals(FeatureBundle.DEFAULT_START_ORDER, bundles.get(1).startOrder());
        assertEquals(folder.resolve("org/example/a/1.0/a-1.0.jar"), bundles.get(0).pathIn(folder));
    }

    @Test
    void classifiedArtifactsHaveTheirOwnIdAndFile() throws Exception {
        FeatureBundle fragment = FeatureBundle.parse("org.bytedeco:javacpp:jar:linux-x86_64:1.5.13", 12);
        assertEquals(folder.resolve("org/bytedeco/javacpp/1.5.13/javacpp-1.5.13-linux-x86_64.jar"), fragment.pathIn(folder));
        assertTrue(!fragment.versionlessId().equals(FeatureBundle.parse("org.bytedeco:javacpp:1.5.13", 12).versionlessId()),
                "the plain jar and its classified fragment are different artifacts");
        assertThrows(IllegalArgumentException.class, () -> FeatureBundle.parse("g:a:zip:c:1", 1));
    }

    @Test
    void twoVersionsOfOneBundleAreRefused() throws Exception {
        Files.writeString(folder.resolve("one.json"), "{\"bundles\": [\"g:a:1\"]}");
        Files.writeString(folder.resolve("two.json"), "{\"bundles\": [\"g:a:2\"]}");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new Features(folder).bundlesOf(List.of("one", "two")));
        assertTrue(error.getMessage().contains("g:a:1") && error.getMessage().contains("g:a:2"), error.getMessage());
    }

    @Test
    void clearErrorsForUnknownFeatureBadJsonAndBadIds() throws Exception {
        Features features = new Features(folder);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> features.read("nope")).getMessage().contains("Unknown feature"));
        assertThrows(IllegalArgumentException.class, () -> features.read("../etc"));
        Files.writeString(folder.resolve("broken.json"), "{\"bundles\": [");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> features.read("broken")).getMessage().contains("not valid JSON"));
        Files.writeString(folder.resolve("badid.json"), "{\"bundles\": [\"only:two\"]}");
        assertThrows(IllegalArgumentException.class, () -> features.read("badid"));
    }

    @Test
    void shippedFeatureFilesParse() throws Exception {
        // The descriptors in features/ (filtered copies, made by the build before this module runs).
        Path shipped = Path.of("../features/target/features");
        if (Files.isDirectory(shipped)) {
            List<FeatureBundle> core = new Features(shipped).read("core");
            assertTrue(core.stream().anyMatch(b -> b.artifactId().equals("io.platewise.auth")), core.toString());
            assertTrue(core.stream().noneMatch(b -> b.version().contains("${")), "unfiltered version in " + core);
        }
    }
}
