package io.platewise.recognition.internal.tracking;

import java.time.Duration;

/**
 * How the tracker links sightings.
 *
 * @param maxGap            a track not seen for longer than this is finished (missed frames up to it are bridged)
 * @param minIou            overlap with the predicted box that links a sighting
 * @param maxCenterDistance otherwise, the largest distance between centres, in plate widths
 * @param minObservations   fewer sightings than this make no tracklet (a one-frame false positive)
 * @param candidates        how many texts a tracklet keeps
 */
public record TrackerSettings(Duration maxGap, float minIou, float maxCenterDistance, int minObservations, int candidates) {

    public static TrackerSettings defaults() {
        return new TrackerSettings(Duration.ofMillis(1500), 0.2f, 1.5f, 2, 5);
    }
}
