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
import io.platewise.video.Jpeg;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
 * reference frame (their crop, reads and row are kept) rather than fill the heap with pictures.
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
            lost.incrementAndGet();
            LOG.error("Tracklet {} of task '{}' not stored: the recorder is {}", tracklet.tracklet().id(), tracklet.taskId(),
                    worker.isShutdown() ? "stopped" : "1000 tracklets behind");
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
        List<String> written = new ArrayList<>();
        try {
            String cropRef = finished.crop() == null ? null : storeImage(finished.crop().bgr(), finished.crop().width(),
                    finished.crop().height(), written);
            String frameRef = finished.frame() == null ? null : storeImage(finished.frame().bgr(), finished.frame().width(),
                    finished.frame().height(), written);
            Map<Observation, String> sightingCropRefs = new IdentityHashMap<>();
            for (FinishedTracklet.SightingCrop kept : finished.sightingCrops()) {
                PlateCropper.Crop crop = kept.crop();
                // The best sighting's crop is stored once, as the tracklet's crop.
                sightingCropRefs.put(kept.sighting(), crop == finished.crop() ? cropRef : storeImage(crop.bgr(), crop.width(),
                        crop.height(), written));
            }
            TrackletRecord record = toRecord(finished, cropRef, frameRef, sightingCropRefs);
            store.insert(record);
            written.clear();
            stored.incrementAndGet();
            Map<String, Object> properties = new HashMap<>();
            properties.put(RecognitionEvents.TRACKLET_ID, record.id());
            properties.put(RecognitionEvents.TASK_ID, record.taskId());
            properties.put(RecognitionEvents.CAMERA_ID, record.cameraId());
            properties.put(RecognitionEvents.PLATE, record.plate());
            properties.put(RecognitionEvents.CONFIDENCE, record.confidence());
            properties.put(RecognitionEvents.START, record.start().toString());
            properties.put(RecognitionEvents.END, record.end().toString());
            events.postEvent(new Event(RecognitionEvents.TRACKLET_FINISHED, properties));
            Optional<Webhooks.Target> webhook = webhookOfTask.apply(record.taskId());
            if (webhook.isPresent()) {
                webhooks.post(record.taskId(), webhook.get(), "tracklet.finished", json.writeValueAsString(record.withoutObservations()));
            }
        } catch (IOException | java.sql.SQLException | RuntimeException e) {
            lost.incrementAndGet();
            LOG.error("Tracklet {} of task '{}' ({}) could not be stored: {}", tracklet.id(), finished.taskId(), tracklet.best().text(),
                    e.toString());
        } finally {
            deleteUnreferenced(written, tracklet.id());
        }
    }

    /** Encodes and stores one image, noting its reference so that a failure later leaves no file behind. */
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
                finished.best() == null ? null : sighting(finished.best(), cropRef), sightings);
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
