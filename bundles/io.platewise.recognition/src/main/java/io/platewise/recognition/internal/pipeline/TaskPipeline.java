package io.platewise.recognition.internal.pipeline;

import io.platewise.recognition.api.DetectorPlugin;
import io.platewise.recognition.api.InferenceException;
import io.platewise.recognition.api.Observation;
import io.platewise.recognition.api.PlateDetection;
import io.platewise.recognition.api.PlateRead;
import io.platewise.recognition.api.Tracklet;
import io.platewise.recognition.internal.detection.DetectionArea;
import io.platewise.recognition.internal.detection.PlateDetector;
import io.platewise.recognition.internal.reading.PlateCropper;
import io.platewise.recognition.internal.reading.PlateViews;
import io.platewise.recognition.internal.tracking.PlateTracker;
import io.platewise.video.FrameListener;
import io.platewise.video.FramePixels;
import io.platewise.video.VideoFrame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's pipeline on its camera's frame thread: plugins' gate → detector → size, zone and mask
 * filters → crop and rectify → reader → templates → tracker → finished tracklets to the sink. A plate
 * whose car's read is settled is read on one sighting in {@code settledReadInterval} only.
 *
 * <p>Models are swapped between two frames: {@link #swap} loads and warms the new models off the
 * frame thread, the next frame switches to them, and the old ones are kept on probation for the
 * first {@value #PROBATION_FRAMES} frames: if the new models fail on one of them, the pipeline
 * switches back and runs that same frame again with the old ones, so no frame is lost either way.
 * The tracker is not touched by a swap, so tracks carry on across it.
 */
public final class TaskPipeline implements FrameListener, AutoCloseable {

    static final int PROBATION_FRAMES = 5;

    private static final Logger LOG = LoggerFactory.getLogger(TaskPipeline.class);

    /** How a swap ended. */
    public enum SwapResult { SUCCEEDED, ROLLED_BACK, FAILED, SUPERSEDED }

    public record SwapOutcome(SwapResult result, String from, String to, String message) {
    }

    private record Evidence(PlateCropper.Crop crop, FramePixels frame, Map<String, String> attributes) {
    }

    /** For a tracklet whose best sighting's images were not kept. */
    private static final Evidence NO_EVIDENCE = new Evidence(null, null, Map.of());

    private record Pending(LoadedModels models, CompletableFuture<SwapOutcome> outcome) {
    }

    private record Probation(LoadedModels previous, CompletableFuture<SwapOutcome> outcome, int[] framesLeft) {
    }

    private final String taskId;
    private final Supplier<List<DetectorPlugin>> plugins;
    private final TrackletSink sink;
    private final PlateTracker tracker;
    private volatile TaskSettings settings;
    private final Map<Observation, Evidence> evidence = new IdentityHashMap<>();
    private final SightingCrops sightingCrops = new SightingCrops();

    private LoadedModels current;
    private Pending pending;
    private Probation probation;
    private boolean closed;
    /** Swap outcomes decided under this pipeline's lock, completed once it is released: see {@link #completeDecided()}. */
    private final List<Decided> decided = new ArrayList<>();

    private long frames;
    private long skipped;
    private long failed;
    private long detections;
    private long reads;
    private long settledUnread;
    private long rejected;
    private long tracklets;
    private long swaps;
    private long rollbacks;
    private long detectNanos;
    private long readNanos;
    private long frameNanos;
    private long lastFailureLog;
    private long failingInARow;
    private String lastFailure;
    /** What the detector looked at in the last frame it ran on, for the stats; null before the first. */
    private DetectionArea.Looked lastLooked;

    public TaskPipeline(String taskId, LoadedModels models, TaskSettings settings, PlateTracker tracker,
            Supplier<List<DetectorPlugin>> plugins, TrackletSink sink) {
        this.taskId = taskId;
        this.current = models;
        this.settings = settings;
        this.tracker = tracker;
        this.plugins = plugins;
        this.sink = sink;
    }

    /** New parameters, used from the next frame on. */
    public void reconfigure(TaskSettings newSettings) {
        this.settings = newSettings;
    }

    /**
     * Hands over already loaded and warmed models; the pipeline switches to them at the next frame.
     * The returned future completes when the swap has passed or failed its probation.
     */
    public CompletableFuture<SwapOutcome> swap(LoadedModels models) {
        CompletableFuture<SwapOutcome> outcome = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                models.close();
                decide(outcome, new SwapOutcome(SwapResult.FAILED, label(), models.label(), "the task stopped"));
            } else {
                if (pending != null) {
                    pending.models().close();
                    decide(pending.outcome(), new SwapOutcome(SwapResult.SUPERSEDED, label(), pending.models().label(),
                            "replaced by a newer swap before it was used"));
                }
                pending = new Pending(models, outcome);
                swaps++;
            }
        }
        completeDecided();
        return outcome;
    }

    public synchronized LoadedModels models() {
        return current;
    }

    @Override
    public void onFrame(VideoFrame frame) {
        try {
            runFrame(frame);
        } finally {
            completeDecided();
        }
    }

    /** Runs the models on the frame; a pending swap takes over first, and one on probation that fails is rolled back. */
    private synchronized void runFrame(VideoFrame frame) {
        if (closed) {
            return;
        }
        if (pending != null) {
            switchToPending();
        }
        long started = System.nanoTime();
        try {
            // Only frames the models ran on count towards probation, not those a plugin skipped.
            if (process(frame, current)) {
                passProbation();
            }
            failingInARow = 0;
        } catch (InferenceException | RuntimeException e) {
            if (probation != null) {
                rollBack(e);
                try {
                    process(frame, current);
                    failingInARow = 0;
                } catch (InferenceException | RuntimeException again) {
                    countFailure(again);
                }
            } else {
                countFailure(e);
            }
        }
        frameNanos += System.nanoTime() - started;
    }

    /** Lets tracks end when no frame comes (a camera that stopped). */
    public synchronized void tick(Instant now) {
        if (!closed) {
            emit(tracker.update(now, List.of()));
            letGoOfFinished(identitySet(tracker.currentBests()));
        }
    }

    private void switchToPending() {
        if (probation != null) {
            // Two swaps in a row: the one on probation is taken as good.
            probation.previous().close();
            decide(probation.outcome(), new SwapOutcome(SwapResult.SUCCEEDED, probation.previous().label(), current.label(), "superseded"));
        }
        probation = new Probation(current, pending.outcome(), new int[] {PROBATION_FRAMES});
        current = pending.models();
        pending = null;
        LOG.info("Task '{}' now runs {} (on probation for {} frames)", taskId, current.label(), PROBATION_FRAMES);
    }

    private void passProbation() {
        if (probation != null && --probation.framesLeft()[0] <= 0) {
            probation.previous().close();
            decide(probation.outcome(), new SwapOutcome(SwapResult.SUCCEEDED, probation.previous().label(), current.label(),
                    "ran its first " + PROBATION_FRAMES + " frames"));
            probation = null;
        }
    }

    private void rollBack(Exception cause) {
        LoadedModels failing = current;
        current = probation.previous();
        rollbacks++;
        LOG.warn("Task '{}': {} failed on a frame ({}); rolled back to {}", taskId, failing.label(), cause.getMessage(), current.label());
        decide(probation.outcome(), new SwapOutcome(SwapResult.ROLLED_BACK, current.label(), failing.label(),
                "failed on their first frames: " + cause.getMessage()));
        probation = null;
        failing.close();
    }

    private void countFailure(Exception e) {
        failed++;
        failingInARow++;
        lastFailure = e.toString();
        long now = System.currentTimeMillis();
        if (now - lastFailureLog > 10_000) {
            lastFailureLog = now;
            LOG.warn("Task '{}' failed on a frame ({} so far): {}", taskId, failed, e.toString());
        }
    }

    /** @return whether the models ran on the frame (else a plugin skipped it) */
    private boolean process(VideoFrame frame, LoadedModels models) throws InferenceException {
        TaskSettings parameters = settings;
        frames++;
        List<DetectorPlugin> active = plugins.get();
        for (DetectorPlugin plugin : active) {
            if (!accepts(plugin, frame)) {
                skipped++;
                tick(frame.capturedAt());
                return false;
            }
        }
        long t0 = System.nanoTime();
        PlateDetector detector = models.detector();
        DetectionArea area = DetectionArea.around(parameters.zones(), frame.width(), frame.height(), detector.inputWidth(),
                detector.inputHeight());
        List<PlateDetection> found = detector.detect(frame.pixels(), area, parameters.detectionThreshold());
        lastLooked = area.looked(frame.width(), frame.height(), detector.inputWidth(), detector.inputHeight());
        detectNanos += System.nanoTime() - t0;
        List<PlateDetection> admitted = new ArrayList<>();
        for (PlateDetection detection : found) {
            if (parameters.admits(detection, frame.width(), frame.height())) {
                admitted.add(detection);
            }
        }
        detections += admitted.size();
        List<Map<String, String>> attributes = attributes(active, frame, admitted);
        List<Observation> sightings = new ArrayList<>(admitted.size());
        Map<Observation, Evidence> fresh = new IdentityHashMap<>();
        boolean[] settled = tracker.settledAmong(frame.capturedAt(), admitted, parameters.settledReadInterval());
        for (int i = 0; i < admitted.size(); i++) {
            PlateDetection detection = admitted.get(i);
            if (settled[i]) {
                // The plate of a car whose read is settled: it joins its track unread (never its best sighting).
                settledUnread++;
                sightings.add(new Observation(frame.sequence(), frame.capturedAt(), detection, null));
                continue;
            }
            long t1 = System.nanoTime();
            Function<PlateCropper.Margins, PlateCropper.Crop> cut = margins -> PlateCropper.rectify(frame.pixels(), detection.corners(), margins);
            PlateViews.Viewed viewed = PlateViews.read(models.reader(), cut, parameters.readerViews(), parameters.candidates());
            readNanos += System.nanoTime() - t1;
            PlateRead raw = viewed.read();
            PlateCropper.Crop crop = viewed.crop();
            reads++;
            // Whether it is a plate is the reader's own read's to say; the templates only choose its text.
            if (!parameters.verifies(viewed)) {
                rejected++;
                continue;
            }
            PlateRead read = parameters.voting(raw, parameters.style(cut));
            Observation observation = new Observation(frame.sequence(), frame.capturedAt(), detection, read);
            sightings.add(observation);
            // The frame as it came: converted to BGR only if it proves the best sighting of a tracklet.
            fresh.put(observation, new Evidence(crop, frame.pixels(), attributes.get(i)));
            if (parameters.sightingCrops() > 0) {
                sightingCrops.keep(observation, crop);
            }
        }
        List<Tracklet> finished = tracker.update(frame.capturedAt(), sightings);
        Set<Observation> bests = identitySet(tracker.currentBests());
        for (Map.Entry<Observation, Evidence> entry : fresh.entrySet()) {
            if (bests.contains(entry.getKey())) {
                evidence.put(entry.getKey(), entry.getValue());
            }
        }
        emit(finished);
        letGoOfFinished(bests);
        return true;
    }

    private boolean accepts(DetectorPlugin plugin, VideoFrame frame) {
        try {
            return plugin.accept(frame);
        } catch (RuntimeException e) {
            // A plugin's fault (or its bundle going away mid-call) never fails a frame.
            LOG.debug("Plugin {} failed on a frame: {}", plugin, e.toString());
            return true;
        }
    }

    private static List<Map<String, String>> attributes(List<DetectorPlugin> plugins, VideoFrame frame, List<PlateDetection> detections) {
        List<Map<String, String>> merged = new ArrayList<>(detections.size());
        for (int i = 0; i < detections.size(); i++) {
            merged.add(new HashMap<>());
        }
        if (detections.isEmpty()) {
            return merged;
        }
        for (DetectorPlugin plugin : plugins) {
            try {
                List<Map<String, String>> annotations = plugin.annotate(frame, List.copyOf(detections));
                for (int i = 0; i < Math.min(annotations.size(), detections.size()); i++) {
                    merged.get(i).putAll(annotations.get(i));
                }
            } catch (RuntimeException e) {
                LOG.debug("Plugin {} failed to annotate: {}", plugin, e.toString());
            }
        }
        return merged;
    }

    /** Drops the images held for sightings that no active track can still use ({@code bests}: the active tracks' best sightings). */
    private void letGoOfFinished(Set<Observation> bests) {
        evidence.keySet().retainAll(bests);
        if (sightingCrops.held() > 0) {
            sightingCrops.retain(tracker.currentTracks(), settings.sightingCrops());
        }
    }

    private void emit(List<Tracklet> finished) {
        for (Tracklet tracklet : finished) {
            tracklets++;
            Observation best = PlateTracker.best(tracklet.observations());
            Evidence proof = evidence.getOrDefault(best, NO_EVIDENCE);
            sink.accept(new FinishedTracklet(taskId, tracklet, best, proof.crop(), proof.frame(),
                    sightingCrops.of(tracklet.observations(), settings.sightingCrops()), Map.copyOf(proof.attributes()),
                    current.detectorModel().name() + ":" + current.detectorModel().version(),
                    current.readerModel().name() + ":" + current.readerModel().version()));
        }
    }

    private static Set<Observation> identitySet(List<Observation> observations) {
        Set<Observation> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(observations);
        return set;
    }

    private String label() {
        return current.label();
    }

    public synchronized PipelineStats stats() {
        long processed = Math.max(1, frames - skipped);
        return new PipelineStats(frames, skipped, failed, detections, reads, settledUnread, rejected, tracklets, tracker.activeTracks(),
                detectNanos / 1e6 / processed, reads == 0 ? 0 : readNanos / 1e6 / reads, frameNanos / 1e6 / Math.max(1, frames), swaps,
                rollbacks, failingInARow, lastFailure, lastLooked);
    }

    /** Finishes every track (handing its tracklet to the sink) and closes the models. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            emit(tracker.flush());
            evidence.clear();
            sightingCrops.clear();
            closed = true;
            if (pending != null) {
                pending.models().close();
                decide(pending.outcome(), new SwapOutcome(SwapResult.FAILED, current.label(), pending.models().label(), "the task stopped"));
            }
            if (probation != null) {
                probation.previous().close();
                decide(probation.outcome(), new SwapOutcome(SwapResult.SUCCEEDED, probation.previous().label(), current.label(),
                        "the task stopped during probation"));
            }
            current.close();
        }
        completeDecided();
    }

    private void decide(CompletableFuture<SwapOutcome> outcome, SwapOutcome result) {
        decided.add(new Decided(outcome, result));
    }

    /**
     * Completes the swap outcomes decided so far. Called with this pipeline's lock released: whoever waits
     * on an outcome may take a lock (the task manager's) that a caller waiting for this pipeline holds.
     */
    private void completeDecided() {
        List<Decided> now;
        synchronized (this) {
            if (decided.isEmpty()) {
                return;
            }
            now = new ArrayList<>(decided);
            decided.clear();
        }
        now.forEach(d -> d.outcome().complete(d.result()));
    }

    private record Decided(CompletableFuture<SwapOutcome> outcome, SwapOutcome result) {
    }
}
