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
import io.platewise.video.Jpeg;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
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
        try {
            String area = "tracklets";
            String cropRef = finished.crop() == null ? null
                    : files.store(area, "jpg", new ByteArrayInputStream(Jpeg.encode(finished.crop().bgr(), finished.crop().width(), finished.crop().height()))).reference();
            String frameRef = finished.frame() == null ? null
                    : files.store(area, "jpg", new ByteArrayInputStream(Jpeg.encode(finished.frame().bgr(), finished.frame().width(), finished.frame().height()))).reference();
            TrackletRecord record = toRecord(finished, cropRef, frameRef);
            store.insert(record);
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
        }
    }

    static TrackletRecord toRecord(FinishedTracklet finished, String cropRef, String frameRef) {
        Tracklet tracklet = finished.tracklet();
        List<Observation> observations = tracklet.observations();
        List<TrackletRecord.Sighting> sightings = new ArrayList<>();
        for (int i = 0; i < observations.size(); i++) {
            if (observations.size() <= MAX_STORED_SIGHTINGS || i < MAX_STORED_SIGHTINGS / 2 || i >= observations.size() - MAX_STORED_SIGHTINGS / 2) {
                sightings.add(sighting(observations.get(i)));
            }
        }
        return new TrackletRecord(tracklet.id(), finished.taskId(), tracklet.cameraId(), tracklet.start(), tracklet.end(),
                tracklet.best().text(), tracklet.best().confidence(), tracklet.matchesTemplate(), observations.size(), tracklet.candidates(),
                finished.attributes(), finished.detectorModel(), finished.readerModel(), cropRef, frameRef,
                finished.best() == null ? null : sighting(finished.best()), sightings);
    }

    private static TrackletRecord.Sighting sighting(Observation observation) {
        PlateRead read = observation.read();
        var d = observation.detection();
        return new TrackletRecord.Sighting(observation.frameSequence(), observation.capturedAt(),
                new float[] {d.x(), d.y(), d.width(), d.height()}, d.corners(), d.score(), read == null ? "" : read.text(),
                read == null ? 0 : read.confidence(), read == null ? List.<Candidate>of() : read.candidates());
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
