package io.platewise.recognition.internal.tracklets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.recognition.api.Candidate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention on a real database (the module's migration, in-memory HSQLDB) and image files on disk. */
class TrackletRetentionTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final int IMAGE_BYTES = 1000;
    private static final LongSupplier PLENTY = () -> Long.MAX_VALUE;

    @TempDir
    Path folder;

    private TrackletStore store;
    private FolderFileStore files;

    @BeforeEach
    void setUp() throws Exception {
        store = InMemoryTrackletStore.create();
        files = new FolderFileStore(folder);
    }

    /** A tracklet that started that many days ago, with a crop and a full frame on disk. */
    private void stored(String id, double daysAgo) throws Exception {
        Instant start = NOW.minusSeconds((long) (daysAgo * 86_400));
        String crop = files.store("tracklets", "jpg", new ByteArrayInputStream(new byte[IMAGE_BYTES])).reference();
        String frame = files.store("tracklets", "jpg", new ByteArrayInputStream(new byte[IMAGE_BYTES])).reference();
        TrackletRecord.Sighting sighting = new TrackletRecord.Sighting(1, start, new float[] {1, 2, 3, 4}, new float[8], 0.9f, "AB123CD",
                0.9f, List.of(new Candidate("AB123CD", 0.9f)));
        store.insert(new TrackletRecord(id, "task", "cam", start, start.plusSeconds(4), "AB123CD", 0.9f, true, 1,
                List.of(new Candidate("AB123CD", 0.9f)), Map.of(), "det:1", "read:1", crop, frame, sighting, null, List.of(sighting)));
    }

    private TrackletRetention retention(Duration maxAge, long keepFreeBytes, LongSupplier usableBytes, int batch) {
        return new TrackletRetention(store, files, maxAge, keepFreeBytes, usableBytes, Clock.fixed(NOW, ZoneOffset.UTC), batch);
    }

    private List<String> ids() throws Exception {
        return store.find(new TrackletQuery(null, null, null, null, null, null, 0, 100)).items().stream().map(TrackletRecord::id).sorted()
                .toList();
    }

    private long imagesOnDisk() throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile).count();
        }
    }

    private long bytesOnDisk() throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void trackletsPastTheAgeLimitGoWithTheirImagesInBatches() throws Exception {
        for (int n = 0; n < 7; n++) {
            stored("old" + n, 31 + n);
        }
        stored("month", 29.9);
        stored("today", 0.1);
        TrackletRetention.Outcome outcome = retention(Duration.ofDays(30), 0, PLENTY, 3).run();
        assertEquals(new TrackletRetention.Outcome(7, 0, false), outcome, "three batches of three, the last one short");
        assertEquals(List.of("month", "today"), ids());
        assertEquals(4, imagesOnDisk(), "the deleted tracklets' crops and frames are gone, the kept ones' stay");
        TrackletRecord kept = store.get("month").orElseThrow();
        assertTrue(Files.exists(files.resolve(kept.cropRef())) && Files.exists(files.resolve(kept.frameRef())));
        assertEquals(new TrackletRetention.Outcome(0, 0, false), retention(Duration.ofDays(30), 0, PLENTY, 3).run(), "nothing more to do");
    }

    @Test
    void whileTheDiskIsShortTheOldestGoFirst() throws Exception {
        for (int n = 0; n < 5; n++) {
            stored("t" + n, 5 - n);
        }
        // A disk of 12,000 bytes that holds the five tracklets' 10,000 bytes of images: 2,000 free; keeping
        // 5,000 free takes the two oldest away.
        LongSupplier usable = () -> {
            try {
                return 12_000 - bytesOnDisk();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
        TrackletRetention.Outcome outcome = retention(null, 5_000, usable, 1).run();
        assertEquals(new TrackletRetention.Outcome(0, 2, false), outcome);
        assertEquals(List.of("t2", "t3", "t4"), ids(), "the newest are kept");
        assertEquals(6, imagesOnDisk());
    }

    @Test
    void aDiskShortOfSpaceForOtherReasonsEmptiesTheStoreAndStops() throws Exception {
        stored("a", 2);
        stored("b", 1);
        assertEquals(new TrackletRetention.Outcome(0, 2, true), retention(null, 5_000, () -> 0, 10).run());
        assertEquals(List.of(), ids());
        assertEquals(new TrackletRetention.Outcome(0, 0, true), retention(null, 5_000, () -> 0, 10).run(), "nothing of ours left to free");
    }

    @Test
    void withBothLimitsOffNothingIsDeleted() throws Exception {
        stored("ancient", 3_000);
        assertEquals(new TrackletRetention.Outcome(0, 0, false), retention(null, 0, () -> 0, 10).run());
        assertEquals(List.of("ancient"), ids());
        assertEquals(2, imagesOnDisk());
    }

    @Test
    void aRowWhoseImagesAreAlreadyGoneIsStillDeleted() throws Exception {
        stored("orphan", 40);
        TrackletRecord record = store.get("orphan").orElseThrow();
        Files.delete(files.resolve(record.cropRef()));
        assertEquals(new TrackletRetention.Outcome(1, 0, false), retention(Duration.ofDays(30), 0, PLENTY, 10).run());
        assertEquals(List.of(), ids());
        assertFalse(Files.exists(files.resolve(record.frameRef())));
    }
}
