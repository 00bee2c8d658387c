package io.platewise.recognition.internal.tracking;

import io.platewise.recognition.api.Observation;
import io.platewise.recognition.api.PlateDetection;
import io.platewise.recognition.api.Tracklet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Follows plates of one camera across frames. Each track predicts where its plate is now from its
 * last position and velocity, so sampled frames (5 fps: plates move far between them) and missed
 * frames are bridged; sightings are linked greedily by overlap or distance to that prediction, with
 * the read text as a tie-breaker when two cars cross (and as a veto: a read quite unlike the track's
 * is another plate, such as the next car arriving where the last one left). A track unseen for longer than the gap, or
 * as long as the settings allow, is finished and voted into a tracklet. Not thread-safe: one pipeline thread per camera owns it.
 */
public final class PlateTracker {

    private static final class Track {
        final List<Observation> observations = new ArrayList<>();
        Observation best;
        PlateDetection last;
        Instant lastSeen;
        float velocityX;
        float velocityY;

        PlateDetection predict(Instant time) {
            float seconds = Duration.between(lastSeen, time).toNanos() / 1e9f;
            return last.moved(velocityX * seconds, velocityY * seconds);
        }

        void add(Observation observation) {
            if (last != null) {
                float seconds = Duration.between(lastSeen, observation.capturedAt()).toNanos() / 1e9f;
                if (seconds > 0) {
                    float vx = (observation.detection().centerX() - last.centerX()) / seconds;
                    float vy = (observation.detection().centerY() - last.centerY()) / seconds;
                    // Smoothed: one noisy box must not throw the prediction off.
                    boolean first = observations.size() == 1;
                    velocityX = first ? vx : 0.5f * velocityX + 0.5f * vx;
                    velocityY = first ? vy : 0.5f * velocityY + 0.5f * vy;
                }
            }
            observations.add(observation);
            if (best == null || quality(observation) > quality(best)) {
                best = observation;
            }
            last = observation.detection();
            lastSeen = observation.capturedAt();
        }

        String lastText() {
            for (int i = observations.size() - 1; i >= 0; i--) {
                if (observations.get(i).read() != null) {
                    return observations.get(i).read().text();
                }
            }
            return null;
        }
    }

    private record Pair(Track track, Observation observation, float score) {
    }

    private final String cameraId;
    private final TrackerSettings settings;
    private final Supplier<String> ids;
    private final List<Track> tracks = new ArrayList<>();

    public PlateTracker(String cameraId, TrackerSettings settings, Supplier<String> ids) {
        this.cameraId = cameraId;
        this.settings = settings;
        this.ids = ids;
    }

    /**
     * Adds the sightings of one frame.
     *
     * @return the tracklets that this frame's time finished
     */
    public List<Tracklet> update(Instant time, List<Observation> sightings) {
        List<Tracklet> finished = expire(time);
        List<Pair> pairs = new ArrayList<>();
        for (Track track : tracks) {
            PlateDetection predicted = track.predict(time);
            for (Observation sighting : sightings) {
                float score = score(track, predicted, sighting);
                if (score > 0) {
                    pairs.add(new Pair(track, sighting, score));
                }
            }
        }
        pairs.sort(Comparator.comparing(Pair::score).reversed());
        List<Track> taken = new ArrayList<>();
        List<Observation> used = new ArrayList<>();
        for (Pair pair : pairs) {
            if (!taken.contains(pair.track()) && !used.contains(pair.observation())) {
                pair.track().add(pair.observation());
                taken.add(pair.track());
                used.add(pair.observation());
            }
        }
        for (Observation sighting : sightings) {
            if (!used.contains(sighting)) {
                Track track = new Track();
                track.add(sighting);
                tracks.add(track);
            }
        }
        for (Iterator<Track> it = tracks.iterator(); it.hasNext();) {
            Track track = it.next();
            if (track.observations.size() >= settings.maxObservations()) {
                it.remove();
                toTracklet(track).ifPresent(finished::add);
            }
        }
        return finished;
    }

    /** Finishes every track, as when the task stops. */
    public List<Tracklet> flush() {
        List<Tracklet> finished = new ArrayList<>();
        for (Track track : tracks) {
            toTracklet(track).ifPresent(finished::add);
        }
        tracks.clear();
        return finished;
    }

    /** The best sighting of every active track (see {@link #best}), for keeping its images. */
    public List<Observation> currentBests() {
        List<Observation> bests = new ArrayList<>(tracks.size());
        for (Track track : tracks) {
            bests.add(track.best);
        }
        return bests;
    }

    /**
     * The sighting whose images represent a tracklet: the most confident read, or without any read
     * the most confident detection; the earliest among equals, so that it changes only for a better one.
     */
    public static Observation best(List<Observation> observations) {
        Observation best = null;
        for (Observation observation : observations) {
            if (best == null || quality(observation) > quality(best)) {
                best = observation;
            }
        }
        return best;
    }

    /** Any read beats any detection without one; then the more confident. */
    private static float quality(Observation observation) {
        return observation.read() == null ? observation.detection().score() * 0.01f : 0.01f + observation.read().confidence();
    }

    public int activeTracks() {
        return tracks.size();
    }

    private List<Tracklet> expire(Instant time) {
        List<Tracklet> finished = new ArrayList<>();
        for (Iterator<Track> it = tracks.iterator(); it.hasNext();) {
            Track track = it.next();
            if (Duration.between(track.lastSeen, time).compareTo(settings.maxGap()) > 0) {
                it.remove();
                toTracklet(track).ifPresent(finished::add);
            }
        }
        return finished;
    }

    /** 0 when the sighting cannot belong to the track; otherwise higher is a better match. */
    private float score(Track track, PlateDetection predicted, Observation sighting) {
        PlateDetection detection = sighting.detection();
        float sizeRatio = detection.width() / predicted.width();
        if (sizeRatio < 0.5f || sizeRatio > 2f) {
            return 0;
        }
        float iou = predicted.iou(detection);
        float distance = (float) Math.hypot(detection.centerX() - predicted.centerX(), detection.centerY() - predicted.centerY())
                / Math.max(predicted.width(), detection.width());
        if (iou < settings.minIou() && distance > settings.maxCenterDistance()) {
            return 0;
        }
        float score = iou + 0.5f * (1 - Math.min(1, distance / settings.maxCenterDistance())) + 0.01f;
        String trackText = track.lastText();
        if (trackText != null && sighting.read() != null && !sighting.read().text().isEmpty()) {
            String text = sighting.read().text();
            float similarity = 1f - (float) Voting.distance(trackText, text) / Math.max(trackText.length(), text.length());
            if (similarity < settings.minTextSimilarity()) {
                return 0;
            }
            // The text breaks ties between cars that are close together, such as two cars crossing.
            score += 0.5f * (similarity - 0.5f);
        }
        return Math.max(0.001f, score);
    }

    private java.util.Optional<Tracklet> toTracklet(Track track) {
        if (track.observations.size() < settings.minObservations()) {
            return java.util.Optional.empty();
        }
        Voting.Result vote = Voting.vote(track.observations, settings.candidates());
        Instant start = track.observations.get(0).capturedAt();
        return java.util.Optional.of(new Tracklet(ids.get(), cameraId, start, track.lastSeen, vote.best(), vote.candidates(),
                vote.matchesTemplate(), track.observations));
    }
}
