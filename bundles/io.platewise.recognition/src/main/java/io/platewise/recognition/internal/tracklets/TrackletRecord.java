package io.platewise.recognition.internal.tracklets;

import io.platewise.recognition.api.Candidate;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored tracklet, as the REST API serves it.
 *
 * @param cropRef      file store reference of the best sighting's rectified plate crop (JPEG)
 * @param frameRef     file store reference of the best sighting's full frame (JPEG)
 * @param observations every sighting; empty in list results
 */
public record TrackletRecord(String id, String taskId, String cameraId, Instant start, Instant end, String plate, float confidence,
        boolean matchesTemplate, int sightings, List<Candidate> candidates, Map<String, String> attributes, String detectorModel,
        String readerModel, String cropRef, String frameRef, Sighting best, List<Sighting> observations) {

    /** One sighting: frame, time, box x,y,w,h, corners, detector score, read (text empty when none). */
    public record Sighting(long frame, Instant at, float[] box, float[] corners, float score, String text, float confidence,
            List<Candidate> candidates) {
    }

    public TrackletRecord withoutObservations() {
        return new TrackletRecord(id, taskId, cameraId, start, end, plate, confidence, matchesTemplate, sightings, candidates, attributes,
                detectorModel, readerModel, cropRef, frameRef, best, List.of());
    }
}
