package io.platewise.recognition.internal.tracklets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.platewise.filestore.FileStore;
import io.platewise.recognition.api.Candidate;
import io.platewise.recognition.api.Observation;
import io.platewise.recognition.api.PlateRead;
import io.platewise.recognition.api.RecognitionEvents;
import io.platewise.recognition.api.Tracklet;
import io.platewise.recognition.internal.pipeline.FinishedTracklet;
import io.platewise.recognition.internal.pipeline.TrackletSink;
import io.platewise.recognition.internal.reading.PlateCropper;
import io.platewise.recognition.internal.tracking.Travel;
import io.platewise.video.Jpeg;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores finished tracklets (images in the file store, a row in the database), then announces
 * them as an OSGi event and to the task's webhook. Runs on a thread of its own so that JPEG
 * encoding and disk never hold up frames; its queue is bounded, and what overflows is counted. The
 * full frames it holds are bounded too, in bytes: while storage lags, tracklets queue without their
 * reference frame (their crop, reads and row are kept) rather than fill the heap with pictures. A
 * tracklet whose images the file store refuses (its disk below the reserve) is stored without them
 * rather than lost. What was lost or stored without images is in {@link #status()}, for health.
 */
public final class TrackletRecorder implements TrackletSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrackletRecorder.class);
    /** A tracklet keeps at most this many sightings in its stored details (the first and the last ones). */
    static final int MAX_STORED_SIGHTINGS = 300;
    /** Full frames waiting to be encoded, in bytes as BGR: 256 MiB is 40 frames of 1080p. */
    static final long DEFAULT_MAX_QUEUED_FRAME_BYTES = 256L << 20;
    /** The file store's area of tracklets' images. */
    private static final String AREA = "tracklets";

    private final TrackletStore store;
    private final FileStore files;
    private final EventAdmin events;
    private final Webhooks webhooks;
    private final Function<String, Optional<Webhooks.Target>> webhookOfTask;
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
            runnable -> new Thread(runnable, "platewise-tracklet-recorder"));
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong queuedFrameBytes = new AtomicLong();
    private final AtomicLong withoutFrame = new AtomicLong();
    private final AtomicLong withoutImages = new AtomicLong();
    private volatile Trouble lastTrouble;
    private final long maxQueuedFrameBytes;

    public TrackletRecorder(TrackletStore store, FileStore files, EventAdmin events, Webhooks webhooks,
            Function<String, Optional<Webhooks.Target>> webhookOfTask) {
        this(store, files, events, webhooks, webhookOfTask, DEFAULT_MAX_QUEUED_FRAME_BYTES);
    }

    TrackletRecorder(TrackletStore store, FileStore files, EventAdmin events, Webhooks webhooks,
            Function<String, Optional<Webhooks.Target>> webhookOfTask, long maxQueuedFrameBytes) {
        this.maxQueuedFrameBytes = maxQueuedFrameBytes;
        this.store = store;
        this.files = files;
        this.events = events;
        this.webhooks = webhooks;
        this.webhookOfTask = webhookOfTask;
    }

    @Override
    public void accept(FinishedTracklet tracklet) {
        FinishedTracklet job = withinFrameBudget(tracklet);
        long held = job.frameBytes();
        try {
            worker.execute(() -> {
                try {
                    record(job);
                } finally {
                    queuedFrameBytes.addAndGet(-held);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            queuedFrameBytes.addAndGet(-held);
            lose(tracklet.tracklet().id(), tracklet.taskId(), "not stored: the recorder is " + (worker.isShutdown() ? "stopped"
                    : "1000 tracklets behind"));
        }
    }

    /** The tracklet with its frame counted in the queue's budget, or without it when the budget is spent. */
    private FinishedTracklet withinFrameBudget(FinishedTracklet tracklet) {
        long bytes = tracklet.frameBytes();
        if (bytes == 0 || queuedFrameBytes.addAndGet(bytes) <= maxQueuedFrameBytes) {
            return tracklet;
        }
        queuedFrameBytes.addAndGet(-bytes);
        if (withoutFrame.incrementAndGet() % 100 == 1) {
            LOG.warn("Storage lags: tracklet {} of task '{}' is stored without its full frame ({} so far)", tracklet.tracklet().id(),
                    tracklet.taskId(), withoutFrame.get());
        }
        return tracklet.withoutFrame();
    }

    private void record(FinishedTracklet finished) {
        Tracklet tracklet = finished.tracklet();
        Images images = storeImages(finished);
        TrackletRecord record;
        try {
            record = toRecord(finished, images.crop(), images.frame(), images.sightingCrops());
            store.insert(record);
        } catch (java.sql.SQLException | RuntimeException e) {
            lose(tracklet.id(), finished.taskId(), "could not be stored: " + e);
            deleteUnreferenced(images.written(), tracklet.id());
            return;
        }
        stored.incrementAndGet();
        announce(record);
    }

    /** The references of a tracklet's stored images, and every file written for them. */
    private record Images(String crop, String frame, Map<Observation, String> sightingCrops, List<String> written) {

        static final Images NONE = new Images(null, null, Map.of(), List.of());
    }

    /**
     * Stores a tracklet's images, all or none: where one cannot be stored (the disk of the file store
     * is below its reserve, or fails), those already written are deleted and the tracklet is stored
     * without images. Its read, time and sightings are what a search finds; a disk short of space must
     * not lose them too.
     */
    private Images storeImages(FinishedTracklet finished) {
        List<String> written = new ArrayList<>();
        try {
            String cropRef = finished.crop() == null ? null : storeImage(finished.crop(), written);
            String frameRef = finished.frame() == null ? null : storeImage(finished.frame().bgr(), finished.frame().width(),
                    finished.frame().height(), written);
            Map<Observation, String> sightingCropRefs = new IdentityHashMap<>();
            for (FinishedTracklet.SightingCrop kept : finished.sightingCrops()) {
                // The best sighting's crop is stored once, as the tracklet's crop.
                sightingCropRefs.put(kept.sighting(), kept.crop() == finished.crop() ? cropRef : storeImage(kept.crop(), written));
            }
            return new Images(cropRef, frameRef, sightingCropRefs, written);
        } catch (IOException | RuntimeException e) {
            deleteUnreferenced(written, finished.tracklet().id());
            long count = withoutImages.incrementAndGet();
            String why = "stored without its images: " + e.getMessage();
            trouble(finished.tracklet().id(), finished.taskId(), why);
            if (count % 100 == 1) {
                LOG.warn("Tracklet {} of task '{}' is {} ({} so far)", finished.tracklet().id(), finished.taskId(), why, count);
            }
            return Images.NONE;
        }
    }

    /** The stored tracklet as an OSGi event and to its task's webhook; a failure here loses nothing stored. */
    private void announce(TrackletRecord record) {
        try {
            Map<String, Object> properties = new HashMap<>();
            properties.put(RecognitionEvents.TRACKLET_ID, record.id());
            properties.put(RecognitionEvents.TASK_ID, record.taskId());
            properties.put(RecognitionEvents.CAMERA_ID, record.cameraId());
            properties.put(RecognitionEvents.PLATE, record.plate());
            properties.put(RecognitionEvents.CONFIDENCE, record.confidence());
            properties.put(RecognitionEvents.START, record.start().toString());
            properties.put(RecognitionEvents.END, record.end().toString());
            properties.put(RecognitionEvents.HEADING, record.travel().heading().name());
            events.postEvent(new Event(RecognitionEvents.TRACKLET_FINISHED, properties));
            Optional<Webhooks.Target> webhook = webhookOfTask.apply(record.taskId());
            if (webhook.isPresent()) {
                webhooks.post(record.taskId(), webhook.get(), "tracklet.finished", json.writeValueAsString(record.withoutObservations()));
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Tracklet {} of task '{}' was stored but could not be announced: {}", record.id(), record.taskId(), e.toString());
        }
    }

    /** A tracklet that is not stored at all: counted, logged, and what health shows for an hour. */
    private void lose(String trackletId, String taskId, String why) {
        lost.incrementAndGet();
        trouble(trackletId, taskId, why);
        LOG.error("Tracklet {} of task '{}' {}", trackletId, taskId, why);
    }

    private void trouble(String trackletId, String taskId, String why) {
        lastTrouble = new Trouble(Instant.now(), "tracklet " + trackletId + " of task '" + taskId + "' " + why);
    }

    /** Encodes and stores one image, noting its reference so that a failure later leaves no file behind. */
    private String storeImage(PlateCropper.Crop crop, List<String> written) throws IOException {
        return storeImage(crop.bgr(), crop.width(), crop.height(), written);
    }

    private String storeImage(byte[] bgr, int width, int height, List<String> written) throws IOException {
        String reference = files.store(AREA, "jpg", new ByteArrayInputStream(Jpeg.encode(bgr, width, height))).reference();
        written.add(reference);
        return reference;
    }

    /** The images of a tracklet whose row was not stored: nothing would ever serve or delete them. */
    private void deleteUnreferenced(List<String> references, String trackletId) {
        for (String reference : references) {
            try {
                files.delete(reference);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Image {} of tracklet {}, which was not stored, could not be deleted: {}", reference, trackletId, e.toString());
            }
        }
    }

    /**
     * The row and details to store: every sighting, up to {@link #MAX_STORED_SIGHTINGS} (the first and
     * the last ones, and any stored with a crop), each with its crop's reference where it has one.
     */
    static TrackletRecord toRecord(FinishedTracklet finished, String cropRef, String frameRef, Map<Observation, String> sightingCropRefs) {
        Tracklet tracklet = finished.tracklet();
        List<Observation> observations = tracklet.observations();
        List<TrackletRecord.Sighting> sightings = new ArrayList<>();
        for (int i = 0; i < observations.size(); i++) {
            Observation observation = observations.get(i);
            String sightingCropRef = sightingCropRefs.get(observation);
            if (observations.size() <= MAX_STORED_SIGHTINGS || i < MAX_STORED_SIGHTINGS / 2 || i >= observations.size() - MAX_STORED_SIGHTINGS / 2
                    || sightingCropRef != null) {
                sightings.add(sighting(observation, sightingCropRef));
            }
        }
        return new TrackletRecord(tracklet.id(), finished.taskId(), tracklet.cameraId(), tracklet.start(), tracklet.end(),
                tracklet.best().text(), tracklet.best().confidence(), tracklet.matchesTemplate(), observations.size(), tracklet.candidates(),
                finished.attributes(), finished.detectorModel(), finished.readerModel(), cropRef, frameRef,
                finished.best() == null ? null : sighting(finished.best(), cropRef), Travel.of(observations), sightings);
    }

    private static TrackletRecord.Sighting sighting(Observation observation, String cropRef) {
        PlateRead read = observation.read();
        var d = observation.detection();
        return new TrackletRecord.Sighting(observation.frameSequence(), observation.capturedAt(),
                new float[] {d.x(), d.y(), d.width(), d.height()}, d.corners(), d.score(), read == null ? "" : read.text(),
                read == null ? 0 : read.confidence(), read == null ? List.<Candidate>of() : read.candidates(), cropRef);
    }

    public long stored() {
        return stored.get();
    }

    public long lost() {
        return lost.get();
    }

    /** Bytes of the full frames queued now. */
    long queuedFrameBytes() {
        return queuedFrameBytes.get();
    }

    /** Tracklets stored without their full frame because storage lagged (see the class comment). */
    public long withoutFrame() {
        return withoutFrame.get();
    }

    /** When the last tracklet was lost or stored without its images, and what happened to it. */
    public record Trouble(Instant at, String what) {
    }

    /**
     * How storing has gone since the start.
     *
     * @param lastTrouble the last tracklet lost or stored without images; null when none was
     */
    public record Status(long stored, long lost, long withoutFrame, long withoutImages, Trouble lastTrouble) {
    }

    public Status status() {
        return new Status(stored.get(), lost.get(), withoutFrame.get(), withoutImages.get(), lastTrouble);
    }

    /** Stores what is queued (waits up to 20 s), then stops. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(20, TimeUnit.SECONDS)) {
                LOG.warn("{} tracklets were still queued at shutdown and are not stored", worker.getQueue().size());
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
