package io.platewise.recognition.internal.tracking;

import io.platewise.recognition.api.Observation;
import java.util.Arrays;
import java.util.List;

/**
 * Which way a car went while its plate was in view, from its first and last sightings: towards the
 * camera (its plate grew), away from it (shrank), across the frame, or not at all. What a gate or car
 * park integration needs to tell an arrival from a departure, and an operator a car that merely stood.
 *
 * <p>Each end is the median of up to three sightings (a third of them at most), so one box the
 * detector placed badly does not turn a car around.
 *
 * @param heading    the judgement, as {@link Heading} defines it
 * @param direction  the plate's movement across the frame in degrees clockwise from the frame's up (0 up, 90 right,
 *                   180 down, 270 left); null when it moved less than half a plate width
 * @param sizeChange the plate's width at the end over its width at the start (above 1: it came closer)
 * @param distance   how far its centre moved, in plate widths
 */
public record Travel(Heading heading, Float direction, float sizeChange, float distance) {

    /**
     * {@link #APPROACHING} when the plate's width grew by a quarter or more, {@link #RECEDING} when it
     * shrank to 0.8 or less, else {@link #CROSSING} when it moved a plate width or more across the frame,
     * else {@link #STATIONARY}; {@link #UNKNOWN} with a single sighting.
     */
    public enum Heading { APPROACHING, RECEDING, CROSSING, STATIONARY, UNKNOWN }

    /** A plate this much wider (or narrower, by its inverse) at the end came closer (went away). */
    static final float SIZE_CHANGE = 1.25f;
    /** A plate that moved this many of its widths crossed the frame. */
    static final float CROSSING_DISTANCE = 1f;
    /** Below this many plate widths of movement, its direction is noise. */
    static final float DIRECTION_DISTANCE = 0.5f;

    /** The travel of a track's sightings, oldest first. */
    public static Travel of(List<Observation> sightings) {
        if (sightings.size() < 2) {
            return new Travel(Heading.UNKNOWN, null, 1, 0);
        }
        int ends = Math.max(1, Math.min(3, sightings.size() / 3));
        List<Observation> first = sightings.subList(0, ends);
        List<Observation> last = sightings.subList(sightings.size() - ends, sightings.size());
        float startWidth = Math.max(1, median(first, Measure.WIDTH));
        float endWidth = Math.max(1, median(last, Measure.WIDTH));
        float dx = median(last, Measure.CENTER_X) - median(first, Measure.CENTER_X);
        float dy = median(last, Measure.CENTER_Y) - median(first, Measure.CENTER_Y);
        float sizeChange = endWidth / startWidth;
        float distance = (float) Math.hypot(dx, dy) / ((startWidth + endWidth) / 2);
        Heading heading;
        if (sizeChange >= SIZE_CHANGE) {
            heading = Heading.APPROACHING;
        } else if (sizeChange <= 1 / SIZE_CHANGE) {
            heading = Heading.RECEDING;
        } else if (distance >= CROSSING_DISTANCE) {
            heading = Heading.CROSSING;
        } else {
            heading = Heading.STATIONARY;
        }
        Float direction = distance < DIRECTION_DISTANCE ? null : (float) ((Math.toDegrees(Math.atan2(dx, -dy)) + 360) % 360);
        return new Travel(heading, direction, sizeChange, distance);
    }

    private enum Measure { WIDTH, CENTER_X, CENTER_Y }

    private static float median(List<Observation> sightings, Measure measure) {
        float[] values = new float[sightings.size()];
        for (int i = 0; i < values.length; i++) {
            var detection = sightings.get(i).detection();
            values[i] = switch (measure) {
                case WIDTH -> detection.width();
                case CENTER_X -> detection.centerX();
                case CENTER_Y -> detection.centerY();
            };
        }
        Arrays.sort(values);
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
