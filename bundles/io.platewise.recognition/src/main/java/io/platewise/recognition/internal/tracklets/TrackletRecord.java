package io.platewise.recognition.internal.tracklets;

import io.platewise.recognition.api.Candidate;
import io.platewise.recognition.internal.tracking.Travel;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored tracklet, as the REST API serves it.
 *
 * @param cropRef      file store reference of the best sighting's rectified plate crop (JPEG)
 * @param frameRef     file store reference of the best sighting's full frame (JPEG)
 * @param travel       which way the car went (null for tracklets stored before it was judged)
 * @param observations every sighting (up to 300, with those stored with a crop); empty in list results
 */
public record TrackletRecord(String id, String taskId, String cameraId, Instant start, Instant end, String plate, float confidence,
        boolean matchesTemplate, int sightings, List<Candidate> candidates, Map<String, String> attributes, String detectorModel,
        String readerModel, String cropRef, String frameRef, Sighting best, Travel travel, List<Sighting> observations) {

    /**
     * One sighting: frame, time, box x,y,w,h, corners, detector score, read (text empty when none), and
     * the file store reference of its plate crop (JPEG) where it was stored with one (a task's
     * {@code sightingCrops}); null otherwise, and in tracklets stored before sightings kept crops.
     */
    public record Sighting(long frame, Instant at, float[] box, float[] corners, float score, String text, float confidence,
            List<Candidate> candidates, String cropRef) {

        /** A sighting stored without a crop. */
        public Sighting(long frame, Instant at, float[] box, float[] corners, float score, String text, float confidence,
                List<Candidate> candidates) {
            this(frame, at, box, corners, score, text, confidence, candidates, null);
        }
    }

    /** The references of the sightings' crops other than the tracklet's own crop, each once, in order. */
    public List<String> sightingCropRefs() {
        return observations.stream().map(Sighting::cropRef).filter(ref -> ref != null && !ref.equals(cropRef)).distinct().toList();
    }

    public TrackletRecord withoutObservations() {
        return new TrackletRecord(id, taskId, cameraId, start, end, plate, confidence, matchesTemplate, sightings, candidates, attributes,
                detectorModel, readerModel, cropRef, frameRef, best, travel, List.of());
    }
}
