package io.platewise.recognition.api;

import java.time.Instant;
import java.util.List;

/**
 * One car: its plate followed across frames, with a best read chosen by voting over all sightings.
 *
 * @param best         the voted text and its share of the vote
 * @param candidates   the top texts of the vote, best first, confidences summing to at most 1
 * @param observations every sighting, in frame order
 */
public record Tracklet(String id, String cameraId, Instant start, Instant end, Candidate best, List<Candidate> candidates,
        boolean matchesTemplate, List<Observation> observations) {

    public Tracklet {
        candidates = List.copyOf(candidates);
        observations = List.copyOf(observations);
    }
}
