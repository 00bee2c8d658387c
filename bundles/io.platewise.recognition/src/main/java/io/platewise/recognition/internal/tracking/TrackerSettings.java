package io.platewise.recognition.internal.tracking;

import java.time.Duration;

/**
 * How the tracker links sightings.
 *
 * @param maxGap            a track not seen for longer than this is finished (missed frames up to it are bridged)
 * @param minIou            overlap with the predicted box that links a sighting
 * @param maxCenterDistance otherwise, the largest distance between centres, in plate widths
 * @param minObservations   fewer sightings than this make no tracklet (a one-frame false positive)
 * @param minTextSimilarity a read this unlike the text its track has read most (1 - edit distance / length) is
 *                          another plate and never joins the track, however close: the next car at
 *                          a gate stops where the last one stood
 * @param candidates        how many texts a tracklet keeps
 * @param maxObservations   a track this long is finished as it is, and the plate, if it stays, starts
 *                          another: a car parked in view would otherwise grow one track without end
 *                          and never be reported
 * @param settledLead       a track whose leading text's votes (confidences) sum this much more than any other text's
 *                          is settled: further reads of it cannot change its tracklet unless many of them disagree,
 *                          so the pipeline may read it less often ({@link PlateTracker#settledAmong})
 */
public record TrackerSettings(Duration maxGap, float minIou, float maxCenterDistance, int minObservations, float minTextSimilarity,
        int candidates, int maxObservations, float settledLead) {

    /**
     * Misreads of one plate differ in a character or two; two plates of 6-8 characters share a
     * character or none. 600 sightings are two minutes at 5 analysed frames a second. A lead of 2.5 is
     * three sure reads agreeing with none against them, or more reads outvoting a misread.
     */
    public static TrackerSettings defaults() {
        return new TrackerSettings(Duration.ofMillis(1500), 0.2f, 1.5f, 2, 0.34f, 5, 600, 2.5f);
    }
}
