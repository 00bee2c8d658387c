package io.platewise.recognition.internal.tracklets;

import io.platewise.recognition.internal.tracking.Travel;
import java.time.Instant;

/**
 * Filters and a page of the tracklet list; nulls filter nothing. {@code plate} is matched as
 * {@code plateMatch} says: anywhere in the text unless told otherwise.
 */
public record TrackletQuery(Instant from, Instant to, String cameraId, String taskId, String plate, PlateMatch plateMatch,
        Travel.Heading heading, Float minConfidence, int offset, int limit) {

    public TrackletQuery {
        plateMatch = plateMatch == null ? PlateMatch.CONTAINS : plateMatch;
    }

    /** Of any heading. */
    public TrackletQuery(Instant from, Instant to, String cameraId, String taskId, String plate, PlateMatch plateMatch,
            Float minConfidence, int offset, int limit) {
        this(from, to, cameraId, taskId, plate, plateMatch, null, minConfidence, offset, limit);
    }

    /** The plate matched anywhere in the best read, of any heading. */
    public TrackletQuery(Instant from, Instant to, String cameraId, String taskId, String plate, Float minConfidence, int offset,
            int limit) {
        this(from, to, cameraId, taskId, plate, PlateMatch.CONTAINS, null, minConfidence, offset, limit);
    }
}
