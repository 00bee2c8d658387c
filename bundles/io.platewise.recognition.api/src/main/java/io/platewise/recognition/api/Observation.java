package io.platewise.recognition.api;

import java.time.Instant;

/**
 * One sighting of a plate: in which frame, where, and what was read (null when no read was made).
 */
public record Observation(long frameSequence, Instant capturedAt, PlateDetection detection, PlateRead read) {
}
