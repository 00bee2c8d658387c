package io.platewise.recognition.internal.tracking;

import io.platewise.recognition.api.Observation;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Which way a car went while its plate was in view: towards the camera (its plate grew), away from it
 * (shrank), across the frame, or not at all. What a gate or car park integration needs to tell an
 * arrival from a departure, and an operator a car that merely stood.
 *
 * <p>The plate's width (on a log scale) and its centre's position are each given a trend over the
 * sightings' times, the Theil-Sen estimate: the median of the slopes between every two sightings. Boxes
 * the detector placed badly (up to about a quarter of them) do not move it, where the first and last
 * sightings would turn a car round: where two plates meet, the detector may box them as one for a few
 * frames, wider than either plate, which at the end of a crossing car's pass would make it seem to come
 * closer. Judging only the sightings read as its plate does not help: once a car's read has settled,
 * most of its sightings go unread.
 *
 * @param heading    the judgement, as {@link Heading} defines it
 * @param direction  the plate's movement across the frame in degrees clockwise from the frame's up (0 up, 90 right,
 *                   180 down, 270 left); null when it moved less than half a plate width
 * @param sizeChange the plate's width at the end over its width at the start, from the trend (above 1: it came closer)
 * @param distance   how far its centre moved, from the trend, in plate widths (its median width)
 */
public record Travel(Heading heading, Float direction, float sizeChange, float distance) {

    /**
     * {@link #APPROACHING} when the plate's width grew by a quarter or more, {@link #RECEDING} when it
     * shrank to 0.8 or less, else {@link #CROSSING} when it moved a plate width or more across the frame,
     * else {@link #STATIONARY}; {@link #UNKNOWN} with a single sighting, or sightings all at one time.
     */
    public enum Heading { APPROACHING, RECEDING, CROSSING, STATIONARY, UNKNOWN }

    /** A plate this much wider (or narrower, by its inverse) at the end came closer (went away). */
    static final float SIZE_CHANGE = 1.25f;
    /** A plate that moved this many of its widths crossed the frame. */
    static final float CROSSING_DISTANCE = 1f;
    /** Below this many plate widths of movement, its direction is noise. */
    static final float DIRECTION_DISTANCE = 0.5f;
    /** The trend of a longer track is taken over this many of its sightings, evenly spread (a parked car has hundreds). */
    static final int MAX_TREND_SIGHTINGS = 120;

    private static final Travel NOTHING_TO_TELL = new Travel(Heading.UNKNOWN, null, 1, 0);

    /** The travel of a track's sightings, oldest first. */
    public static Travel of(List<Observation> sightings) {
        if (sightings.size() < 2) {
            return NOTHING_TO_TELL;
        }
        List<Observation> spread = spread(sightings);
        double seconds = seconds(spread.get(spread.size() - 1)) - seconds(spread.get(0));
        if (!(seconds > 0)) {
            return NOTHING_TO_TELL;
        }
        float sizeChange = (float) Math.exp(trend(spread, o -> Math.log(Math.max(1, o.detection().width()))) * seconds);
        double dx = trend(spread, o -> o.detection().centerX()) * seconds;
        double dy = trend(spread, o -> o.detection().centerY()) * seconds;
        double[] widths = spread.stream().mapToDouble(o -> o.detection().width()).sorted().toArray();
        float distance = (float) (Math.hypot(dx, dy) / Math.max(1, widths[widths.length / 2]));
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

    /** At most {@link #MAX_TREND_SIGHTINGS} of them, evenly spaced, the first and the last included. */
    private static List<Observation> spread(List<Observation> sightings) {
        if (sightings.size() <= MAX_TREND_SIGHTINGS) {
            return sightings;
        }
        Observation[] kept = new Observation[MAX_TREND_SIGHTINGS];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = sightings.get((int) Math.round(i * (sightings.size() - 1) / (double) (kept.length - 1)));
        }
        return List.of(kept);
    }

    /** The Theil-Sen slope of a measure over time, per second: the median of the slopes between every two sightings. */
    private static double trend(List<Observation> sightings, ToDoubleFunction<Observation> measure) {
        int n = sightings.size();
        double[] times = new double[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = seconds(sightings.get(i));
            values[i] = measure.applyAsDouble(sightings.get(i));
        }
        double[] slopes = new double[n * (n - 1) / 2];
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (times[j] != times[i]) {
                    slopes[count++] = (values[j] - values[i]) / (times[j] - times[i]);
                }
            }
        }
        if (count == 0) {
            return 0;
        }
        Arrays.sort(slopes, 0, count);
        return count % 2 == 1 ? slopes[count / 2] : (slopes[count / 2 - 1] + slopes[count / 2]) / 2;
    }

    private static double seconds(Observation sighting) {
        return sighting.capturedAt().toEpochMilli() / 1000.0;
    }
}
