package io.platewise.recognition.internal.tracklets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.core.StorageExhaustedException;
import io.platewise.filestore.FileStore;
import io.platewise.filestore.StoredFile;
import io.platewise.recognition.api.Candidate;
import io.platewise.recognition.api.Observation;
import io.platewise.recognition.api.PlateDetection;
import io.platewise.recognition.api.PlateRead;
import io.platewise.recognition.api.RecognitionEvents;
import io.platewise.recognition.api.Tracklet;
import io.platewise.recognition.internal.pipeline.FinishedTracklet;
import io.platewise.recognition.internal.reading.PlateCropper;
import io.platewise.recognition.internal.tracking.Travel;
import io.platewise.video.FramePixels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** The recorder on a real database and files on disk, with storage that stalls until the test lets it go. */
class TrackletRecorderTest {

    private static final int WIDTH = 64;
    private static final int HEIGHT = 48;
    private static final long FRAME_BYTES = 3L * WIDTH * HEIGHT;

    @TempDir
    Path folder;

    /** Files under the test's folder; every store waits until the gate opens, as on a disk that stalls. */
    private final class StallingFileStore extends FolderFileStore {
        final CountDownLatch gate = new CountDownLatch(1);

        StallingFileStore() {
            super(folder);
        }

        @Override
        public StoredFile store(String area, String extension, InputStream content) throws IOException {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.store(area, extension, content);
        }
    }

    private static final EventAdmin NO_EVENTS = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
        }

        @Override
        public void sendEvent(Event event) {
        }
    };

    private static FinishedTracklet tracklet(int n) {
        Instant at = Instant.parse("2026-12-02T08:00:00Z").plusSeconds(n);
        PlateRead read = new PlateRead("AB" + n + "CD", 0.9f, null, List.of(new Candidate("AB" + n + "CD", 0.9f)), true);
        Observation sighting = new Observation(n, at, new PlateDetection(10, 10, 30, 10, new float[8], 0.9f), read);
        Tracklet tracklet = new Tracklet("t" + n, "cam", at, at, new Candidate("AB" + n + "CD", 0.9f), List.of(), true,
                List.of(sighting, sighting));
        return new FinishedTracklet("task", tracklet, sighting, new PlateCropper.Crop(new byte[3 * 16 * 8], 16, 8),
                new FramePixels.Packed(new byte[(int) FRAME_BYTES], WIDTH, HEIGHT), List.of(), Map.of(), "det:1", "read:1");
    }

    private final List<ScheduledExecutorService> schedulers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopSchedulers() {
        schedulers.forEach(ScheduledExecutorService::shutdownNow);
    }

    /** Webhooks on a scheduler of their own, stopped after the test (no task of these tests has a webhook). */
    private Webhooks webhooks() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        schedulers.add(scheduler);
        return new Webhooks(scheduler, 1, new WebhookOutbox(InMemoryTrackletStore.migrated()));
    }

    /** A recorder of tracklets into this store and these files, posting no event and no webhook. */
    private TrackletRecorder recorder(TrackletStore store, FileStore files) throws Exception {
        return new TrackletRecorder(store, files, NO_EVENTS, webhooks(), task -> Optional.empty());
    }

    /** Image files under the folder now. */
    private long filesOnDisk() throws IOException {
        try (var walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    /** A car seen in frames 10 to 13, its best read in frame 12, with the crops of frames 10 and 12 kept (12's being the best one's). */
    private static FinishedTracklet trackletWithSightingCrops(String id) {
        Instant at = Instant.parse("2026-12-02T08:00:00Z");
        List<Observation> sightings = new ArrayList<>();
        for (int frame = 10; frame <= 13; frame++) {
            float confidence = frame == 12 ? 0.95f : 0.8f;
            PlateRead read = new PlateRead("AB12CD", confidence, null, List.of(new Candidate("AB12CD", confidence)), true);
            sightings.add(new Observation(frame, at.plusMillis(200L * (frame - 10)), new PlateDetection(10, 10, 30, 10, new float[8], 0.9f),
                    read));
        }
        PlateCropper.Crop best = new PlateCropper.Crop(new byte[3 * 16 * 8], 16, 8);
        PlateCropper.Crop first = new PlateCropper.Crop(new byte[3 * 20 * 10], 20, 10);
        Tracklet tracklet = new Tracklet(id, "cam", at, at.plusMillis(600), new Candidate("AB12CD", 0.95f), List.of(), true, sightings);
        return new FinishedTracklet("task", tracklet, sightings.get(2), best, new FramePixels.Packed(new byte[(int) FRAME_BYTES], WIDTH, HEIGHT),
                List.of(new FinishedTracklet.SightingCrop(sightings.get(0), first), new FinishedTracklet.SightingCrop(sightings.get(2), best)),
                Map.of(), "det:1", "read:1");
    }

    @Test
    void sightingsKeptWithCropsAreStoredWithThemAndDeletedWithTheTracklet() throws Exception {
        TrackletStore store = InMemoryTrackletStore.create();
        FolderFileStore files = new FolderFileStore(folder);
        TrackletRecorder recorder = recorder(store, files);
        recorder.accept(trackletWithSightingCrops("t1"));
        recorder.close();
        TrackletRecord row = store.get("t1").orElseThrow();
        assertEquals(3, filesOnDisk(), "the best crop, the frame and frame 10's crop; the best sighting's crop once");
        List<String> cropRefs = row.observations().stream().map(TrackletRecord.Sighting::cropRef).toList();
        assertNotNull(cropRefs.get(0));
        assertEquals(Arrays.asList(cropRefs.get(0), null, row.cropRef(), null), cropRefs);
        assertEquals(row.cropRef(), row.best().cropRef());
        assertEquals(20, ImageIO.read(files.resolve(cropRefs.get(0)).toFile()).getWidth(), "frame 10's own crop");
        assertEquals(List.of(cropRefs.get(0)), row.sightingCropRefs());
        assertEquals(Travel.Heading.STATIONARY, row.travel().heading(), "four sightings in one place");

        List<TrackletStore.Stored> stored = store.oldest(null, 10);
        assertEquals(List.of(row.cropRef(), row.frameRef(), cropRefs.get(0)), stored.get(0).files());
        assertEquals(1, new TrackletDeleter(store, files).delete(stored));
        assertEquals(0, filesOnDisk(), "no image outlives its tracklet");
    }

    @Test
    void aTrackletThatCannotBeStoredLeavesNoImageBehind() throws Exception {
        TrackletStore store = InMemoryTrackletStore.create();
        FolderFileStore files = new FolderFileStore(folder);
        TrackletRecorder recorder = recorder(store, files);
        recorder.accept(trackletWithSightingCrops("t1"));
        // The same id again: its row is refused, so the three images written for it must go.
        recorder.accept(trackletWithSightingCrops("t1"));
        recorder.close();
        assertEquals(1, recorder.stored());
        assertEquals(1, recorder.lost());
        assertEquals(3, filesOnDisk(), "the first one's images only");
        assertTrue(recorder.status().lastTrouble().what().startsWith("tracklet t1 of task 'task' could not be stored"),
                recorder.status().lastTrouble().what());
    }

    /** Files on disk until the disk runs short: from the {@code allowed + 1}-th store on, the reserve refuses. */
    private final class FillingFileStore extends FolderFileStore {
        private final AtomicInteger allowed;

        FillingFileStore(int allowed) {
            super(folder);
            this.allowed = new AtomicInteger(allowed);
        }

        @Override
        public StoredFile store(String area, String extension, InputStream content) throws IOException {
            if (allowed.getAndDecrement() <= 0) {
                throw new StorageExhaustedException("Disk of the file store has 90 MiB free, below its reserve of 100 MiB");
            }
            return super.store(area, extension, content);
        }
    }

    /** Its second image refused, the first is taken back: the tracklet is stored whole, but without images, and nothing is lost. */
    @Test
    void aTrackletWhoseImagesTheDiskRefusesIsStoredWithoutThem() throws Exception {
        TrackletStore store = InMemoryTrackletStore.create();
        FillingFileStore files = new FillingFileStore(1);
        TrackletRecorder recorder = recorder(store, files);
        recorder.accept(trackletWithSightingCrops("t1"));
        recorder.close();
        TrackletRecord row = store.get("t1").orElseThrow();
        assertEquals("AB12CD", row.plate());
        assertEquals(4, row.observations().size());
        assertNull(row.cropRef());
        assertNull(row.frameRef());
        assertTrue(row.observations().stream().allMatch(sighting -> sighting.cropRef() == null));
        assertEquals(0, filesOnDisk(), "the crop stored before the frame was refused is taken back");
        TrackletRecorder.Status status = recorder.status();
        assertEquals(1, status.stored());
        assertEquals(0, status.lost());
        assertEquals(1, status.withoutImages());
        assertTrue(status.lastTrouble().what().startsWith("tracklet t1 of task 'task' stored without its images: Disk of the file store"),
                status.lastTrouble().what());
    }

    @Test
    void whileStorageLagsTrackletsQueueWithoutTheirFullFramesAndNoneIsLost() throws Exception {
        TrackletStore store = InMemoryTrackletStore.create();
        StallingFileStore files = new StallingFileStore();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        TrackletRecorder recorder = new TrackletRecorder(store, files, NO_EVENTS,
            new Webhooks(scheduler, 1, new WebhookOutbox(InMemoryTrackletStore.migrated())), task -> Optional.empty(),
            2 * FRAME_BYTES + FRAME_BYTES / 2);
        try {
        for (int n = 0; n < 5; n++) {
            recorder.accept(tracklet(n));
        }
        assertEquals(3, recorder.withoutFrame(), "room for two frames while the first tracklet waits on the disk");
        assertEquals(2 * FRAME_BYTES, recorder.queuedFrameBytes());
        files.gate.countDown();
        recorder.close();
        List<TrackletRecord> rows = store.find(new TrackletQuery(null, null, null, null, null, null, 0, 50)).items().stream()
                .sorted(Comparator.comparing(TrackletRecord::id)).toList();
        assertEquals(List.of("t0", "t1", "t2", "t3", "t4"), rows.stream().map(TrackletRecord::id).toList());
        assertNotNull(rows.get(0).frameRef());
        assertNotNull(rows.get(1).frameRef());
        for (TrackletRecord row : rows.subList(2, 5)) {
            assertNull(row.frameRef(), row.id());
            assertNotNull(row.cropRef(), row.id());
            assertTrue(Files.size(files.resolve(row.cropRef())) > 0, row.id());
        }
        assertEquals(5, recorder.stored());
        assertEquals(0, recorder.lost());
        assertEquals(0, recorder.queuedFrameBytes(), "every frame's bytes are given back once stored");
        } finally {
        scheduler.shutdownNow();
        }
    }

    @Test
    void framesAreKeptAgainOnceTheQueueHasDrained() throws Exception {
        StallingFileStore files = new StallingFileStore();
        files.gate.countDown();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        TrackletStore store = InMemoryTrackletStore.create();
        TrackletRecorder recorder = new TrackletRecorder(store, files, NO_EVENTS,
            new Webhooks(scheduler, 1, new WebhookOutbox(InMemoryTrackletStore.migrated())), task -> Optional.empty(),
            FRAME_BYTES);
        try {
        for (int n = 0; n < 3; n++) {
            recorder.accept(tracklet(n));
            long deadline = System.currentTimeMillis() + 10_000;
            while ((recorder.stored() < n + 1 || recorder.queuedFrameBytes() > 0) && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
        }
        recorder.close();
        assertEquals(0, recorder.withoutFrame(), "one at a time, each frame fits");
        assertTrue(store.find(new TrackletQuery(null, null, null, null, null, null, 0, 50)).items().stream()
                .allMatch(row -> row.frameRef() != null));
        } finally {
        scheduler.shutdownNow();
        }
    }

    @Test
    void eachStoredTrackletIsPostedAsAnEventNamingItsRow() throws Exception {
        TrackletStore store = InMemoryTrackletStore.create();
        StallingFileStore files = new StallingFileStore();
        files.gate.countDown();
        List<Event> posted = new CopyOnWriteArrayList<>();
        List<Boolean> storedWhenPosted = new CopyOnWriteArrayList<>();
        EventAdmin events = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
            posted.add(event);
            try {
                storedWhenPosted.add(store.get((String) event.getProperty(RecognitionEvents.TRACKLET_ID)).isPresent());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void sendEvent(Event event) {
            throw new AssertionError("the recorder posts; sending would hold its thread for every handler");
        }
        };
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        TrackletRecorder recorder = new TrackletRecorder(store, files, events,
            new Webhooks(scheduler, 1, new WebhookOutbox(InMemoryTrackletStore.migrated())), task -> Optional.empty());
        try {
        recorder.accept(tracklet(7));
        recorder.accept(tracklet(8));
        recorder.close();
        assertEquals(2, posted.size(), posted.toString());
        assertEquals(List.of(true, true), storedWhenPosted, "a handler finds the tracklet it is told of");
        Event event = posted.get(0);
        assertEquals(RecognitionEvents.TRACKLET_FINISHED, event.getTopic());
        assertEquals("t7", event.getProperty(RecognitionEvents.TRACKLET_ID));
        assertEquals("task", event.getProperty(RecognitionEvents.TASK_ID));
        assertEquals("cam", event.getProperty(RecognitionEvents.CAMERA_ID));
        assertEquals("AB7CD", event.getProperty(RecognitionEvents.PLATE));
        assertEquals(0.9f, ((Number) event.getProperty(RecognitionEvents.CONFIDENCE)).floatValue());
        assertEquals("2026-12-02T08:00:07Z", event.getProperty(RecognitionEvents.START));
        assertEquals("2026-12-02T08:00:07Z", event.getProperty(RecognitionEvents.END));
        assertEquals("UNKNOWN", event.getProperty(RecognitionEvents.HEADING), "one sighting twice: no time passed to tell");
        assertEquals("t8", posted.get(1).getProperty(RecognitionEvents.TRACKLET_ID));
        } finally {
        scheduler.shutdownNow();
        }
    }
}
