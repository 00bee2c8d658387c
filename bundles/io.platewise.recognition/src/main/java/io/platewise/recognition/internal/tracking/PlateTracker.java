package io.platewise.recognition.internal.tracking;

import io.platewise.recognition.api.Observation;
import io.platewise.recognition.api.PlateDetection;
import io.platewise.recognition.api.PlateRead;
import io.platewise.recognition.api.Tracklet;
import io.platewise.recognition.internal.reading.VoteLead;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
        /** Each text's votes as {@link Voting} weighs them, off-template reads at half. */
        final Map<String, Float> votes = new HashMap<>();
        /** Each text's confidences: its votes where no read fits a template (a task without any), all weighing alike. */
        final Map<String, Float> confidences = new HashMap<>();
        boolean anyOnTemplate;
        /** Sightings since the last one with a read. */
        int unreadInARow;
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
            if (observation.read() != null && !observation.read().text().isEmpty()) {
                votes.merge(observation.read().text(), Voting.weight(observation.read()), Float::sum);
                confidences.merge(observation.read().text(), observation.read().confidence(), Float::sum);
                anyOnTemplate |= observation.read().matchesTemplate();
                unreadInARow = 0;
            } else {
                unreadInARow++;
            }
            if (best == null || quality(observation) > quality(best)) {
                best = observation;
            }
            last = observation.detection();
            lastSeen = observation.capturedAt();
        }

        /** How far the leading text's votes are ahead of the runner-up's (of all of them when it is alone). */
        float lead() {
            return VoteLead.of((anyOnTemplate ? votes : confidences).values());
        }

        /**
         * The text its reads have voted for most (as {@link #lead} weighs them); null before any read. A new
         * read is compared with this, not with the last read: where two plates meet, the detector may box
         * them as one and read a blend of both, and a track that took the blend must not then take the other
         * car's reads as if they were its own.
         */
        String leadingText() {
            Map<String, Float> tally = anyOnTemplate ? votes : confidences;
            String leader = null;
            for (Map.Entry<String, Float> entry : tally.entrySet()) {
                if (leader == null || entry.getValue() > tally.get(leader)) {
                    leader = entry.getKey();
                }
            }
            return leader;
        }

        /** The sum of the confidences of the reads of its leading text: what that text rests on. */
        float leadingSupport() {
            String leader = leadingText();
            return leader == null ? 0 : confidences.get(leader);
        }
    }

    private record Pair(Track track, Observation observation, float score) {
    }

    /** How well a sighting left unread must overlap its settled track's predicted box. */
    static final float SETTLED_MIN_IOU = 0.3f;

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

    /**
     * Which of a frame's detections belong to a car whose read is settled, so that reading them
     * would not change its tracklet: each is left unread and joins its track by position alone, except
     * every {@code readEvery}-th sighting of the car, which is read (its vote goes on, and a read
     * quite unlike the track's still splits off another plate). A parked car in view, or a car crossing
     * slowly, then costs one read in {@code readEvery} sightings instead of every one.
     *
     * <p>Only where a mix-up is unlikely: the detection links to that one track and the track to that
     * one detection, it overlaps the track's predicted box (IoU at least {@value #SETTLED_MIN_IOU}),
     * and the track was seen within a third of the gap the tracker bridges. A sighting after a longer
     * gap is read, so the next car stopping where the last one stood at a gate is told apart by its text.
     *
     * @param readEvery 1 reads every sighting (no detection is ever settled)
     * @return for each detection, in order, whether it may go unread
     */
    public boolean[] settledAmong(Instant time, List<PlateDetection> detections, int readEvery) {
        boolean[] settled = new boolean[detections.size()];
        if (readEvery <= 1 || detections.isEmpty()) {
            return settled;
        }
        int[] linkedTracks = new int[detections.size()];
        Track[] onlyTrack = new Track[detections.size()];
        Map<Track, Integer> linkedDetections = new HashMap<>();
        Map<Track, PlateDetection> predictions = new HashMap<>();
        for (Track track : tracks) {
            if (Duration.between(track.lastSeen, time).compareTo(settings.maxGap()) > 0) {
                continue; // this frame's update finishes it
            }
            PlateDetection predicted = track.predict(time);
            predictions.put(track, predicted);
            for (int i = 0; i < detections.size(); i++) {
                if (score(track, predicted, detections.get(i), null) > 0) {
                    linkedTracks[i]++;
                    onlyTrack[i] = track;
                    linkedDetections.merge(track, 1, Integer::sum);
                }
            }
        }
        Duration recent = settings.maxGap().dividedBy(3);
        for (int i = 0; i < detections.size(); i++) {
            Track track = onlyTrack[i];
            settled[i] = linkedTracks[i] == 1 && linkedDetections.get(track) == 1
                    && track.unreadInARow < readEvery - 1
                    && track.lead() >= settings.settledLead()
                    && Duration.between(track.lastSeen, time).compareTo(recent) <= 0
                    && predictions.get(track).iou(detections.get(i)) >= SETTLED_MIN_IOU;
        }
        return settled;
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

    /** The sightings of every active track, oldest first, as read-only views (for keeping images of some of them). */
    public List<List<Observation>> currentTracks() {
        List<List<Observation>> current = new ArrayList<>(tracks.size());
        for (Track track : tracks) {
            current.add(Collections.unmodifiableList(track.observations));
        }
        return current;
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

    private float score(Track track, PlateDetection predicted, Observation sighting) {
        return score(track, predicted, sighting.detection(), sighting.read());
    }

    /** 0 when the sighting (read null: not read) cannot belong to the track; otherwise higher is a better match. */
    private float score(Track track, PlateDetection predicted, PlateDetection detection, PlateRead read) {
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
        String trackText = track.leadingText();
        if (trackText != null && read != null && !read.text().isEmpty()) {
            String text = read.text();
            float similarity = 1f - (float) Voting.distance(trackText, text) / Math.max(trackText.length(), text.length());
            if (similarity < settings.minTextSimilarity()) {
                // Another plate, unless the track's text rests on less than this one read: the first reads of a far,
                // small plate are often noise, and a track that kept them would turn away its own car's sure reads.
                if (read.confidence() <= track.leadingSupport()) {
                    return 0;
                }
                similarity = 0;
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
