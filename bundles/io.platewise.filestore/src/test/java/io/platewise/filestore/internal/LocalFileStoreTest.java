package io.platewise.filestore.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.core.InvalidInputException;
import io.platewise.core.ResourceNotFoundException;
import io.platewise.core.StorageExhaustedException;
import io.platewise.core.health.HealthStatus;
import io.platewise.filestore.StoredFile;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalFileStoreTest {

    @TempDir
    Path folder;

    @Test
    void storesReadsAndDeletes() throws Exception {
        LocalFileStore store = new LocalFileStore(folder, 0);
        byte[] content = "plate".getBytes(StandardCharsets.UTF_8);
        StoredFile stored = store.store("crops", "jpg", new ByteArrayInputStream(content));
        assertEquals(5, stored.size());
        assertEquals("1b8b0d6f4b8e0c3dbc3a0b8b2e2b3c5b2c0c4e1d6f2b1e0f8f8a3d6a3e6c6b6a".length(), stored.sha256().length());
        assertTrue(stored.reference().startsWith("crops/"));
        try (InputStream in = store.open(stored.reference())) {
            assertArrayEquals(content, in.readAllBytes());
        }
        try (Stream<Path> files = Files.walk(folder)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".incoming-")), "no temp file left");
        }
        assertTrue(store.delete(stored.reference()));
        assertFalse(store.delete(stored.reference()));
        assertThrows(ResourceNotFoundException.class, () -> store.open(stored.reference()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "crops/../../x", "/etc/passwd", "crops", "crops/a/../../../x", "Crops/x.jpg", ""})
    void rejectsReferencesThatEscapeTheStore(String reference) throws Exception {
        LocalFileStore store = new LocalFileStore(folder, 0);
        assertThrows(InvalidInputException.class, () -> store.resolve(reference));
    }

    @Test
    void rejectsBadAreaAndExtension() throws Exception {
        LocalFileStore store = new LocalFileStore(folder, 0);
        assertThrows(InvalidInputException.class, () -> store.store("../x", "jpg", InputStream.nullInputStream()));
        assertThrows(InvalidInputException.class, () -> store.store("crops", "j/pg", InputStream.nullInputStream()));
    }

    @Test
    void refusesWritesAndReportsDownBelowTheReserve() throws Exception {
        LocalFileStore store = new LocalFileStore(folder, Long.MAX_VALUE / (1024 * 1024));
        StorageExhaustedException error = assertThrows(StorageExhaustedException.class,
                () -> store.store("crops", "jpg", InputStream.nullInputStream()));
        assertTrue(error.getMessage().contains("MiB free"), error.getMessage());
        assertEquals(HealthStatus.DOWN, store.check().get(0).status());
        assertEquals(HealthStatus.UP, new LocalFileStore(folder, 0).check().get(0).status());
    }
}
