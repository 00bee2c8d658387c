package io.platewise.inference.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryFolderTest {

    @TempDir
    Path parent;

    @Test
    void unpacksTheBindingsLibrariesOnceByteForByte() throws Exception {
        Path folder = NativeLibraryFolder.unpack(OrtEnvironment.class, parent).orElseThrow();
        assertEquals(parent, folder.getParent());
        for (String library : NativeLibraryFolder.LIBRARIES) {
            try (InputStream shipped = OrtEnvironment.class.getResourceAsStream(NativeLibraryFolder.resourcePath(library))) {
                assertArrayEquals(shipped.readAllBytes(), Files.readAllBytes(folder.resolve(System.mapLibraryName(library))), library);
            }
        }
        Path library = folder.resolve(System.mapLibraryName("onnxruntime"));
        FileTime written = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS));
        Files.setLastModifiedTime(library, written);

        assertEquals(folder, NativeLibraryFolder.unpack(OrtEnvironment.class, parent).orElseThrow(), "the same content, the same folder");
        assertEquals(written, Files.getLastModifiedTime(library), "a second start writes nothing");
        assertEquals(List.of(folder), entries(parent), "no partial folder is left behind");
        assertTrue(NativeLibraryFolder.loadable(folder));
    }

    @Test
    void librariesThatCannotBeExecutedAreNotLoadableUntilMarkedAgain() throws Exception {
        Path folder = NativeLibraryFolder.unpack(OrtEnvironment.class, parent).orElseThrow();
        Path library = folder.resolve(System.mapLibraryName("onnxruntime"));
        Files.setPosixFilePermissions(library, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        // What a noexec mount says to an access check; without any execute bit root is refused too.
        assertFalse(NativeLibraryFolder.loadable(folder));
        NativeLibraryFolder.unpack(OrtEnvironment.class, parent);
        assertTrue(NativeLibraryFolder.loadable(folder), "the next start marks them executable again");
    }

    @Test
    void aFolderMissingALibraryIsUnpackedAgain() throws Exception {
        Path folder = NativeLibraryFolder.unpack(OrtEnvironment.class, parent).orElseThrow();
        Files.delete(folder.resolve(System.mapLibraryName("onnxruntime4j_jni")));
        NativeLibraryFolder.unpack(OrtEnvironment.class, parent);
        assertTrue(Files.isRegularFile(folder.resolve(System.mapLibraryName("onnxruntime4j_jni"))));
    }

    @Test
    void removesEarlierVersionsAndAbandonedPartialFolders() throws Exception {
        Path earlier = Files.createDirectories(parent.resolve("onnxruntime-0123456789abcdef"));
        Files.write(earlier.resolve(System.mapLibraryName("onnxruntime")), new byte[] {1, 2, 3});
        Path abandoned = Files.createDirectories(parent.resolve(".onnxruntime-0123456789abcdef.partial-42"));
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
        Path anotherJvmsInProgress = Files.createDirectories(parent.resolve(".onnxruntime-fedcba9876543210.partial-43"));
        Path notOurs = Files.createDirectories(parent.resolve("ffmpeg"));

        Path folder = NativeLibraryFolder.unpack(OrtEnvironment.class, parent).orElseThrow();

        assertFalse(Files.exists(earlier), "an upgrade's old libraries go");
        assertFalse(Files.exists(abandoned), "a start killed while unpacking leaves nothing for long");
        assertTrue(Files.exists(anotherJvmsInProgress), "a partial folder this new may be another JVM's, unpacking now");
        assertTrue(Files.exists(notOurs));
        assertTrue(Files.exists(folder));
    }

    @Test
    void aBindingWithoutLibrariesForThisPlatformUnpacksNothing() throws Exception {
        // The platform's own classes come with no ONNX Runtime libraries.
        assertEquals(Optional.empty(), NativeLibraryFolder.unpack(String.class, parent));
        assertEquals(List.of(), entries(parent));
    }

    private static List<Path> entries(Path folder) throws Exception {
        try (Stream<Path> paths = Files.list(folder)) {
            return paths.toList();
        }
    }
}
