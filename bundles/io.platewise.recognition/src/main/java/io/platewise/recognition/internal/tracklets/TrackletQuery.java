package io.platewise.recognition.internal.tracklets;

import java.time.Instant;

/** Filters and a page of the tracklet list; nulls filter nothing. {@code plate} matches anywhere in the text. */
public record TrackletQuery(Instant from, Instant to, String cameraId, String taskId, String plate, Float minConfidence, int offset,
        int limit) {
}
