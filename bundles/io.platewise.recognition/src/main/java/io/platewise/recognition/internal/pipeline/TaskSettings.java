package io.platewise.recognition.internal.pipeline;

import io.platewise.recognition.api.PlateDetection;
import io.platewise.recognition.api.PlateRead;
import io.platewise.recognition.internal.reading.PlateCropper;
import io.platewise.recognition.internal.reading.PlateViews;
import java.util.List;
import java.util.function.Function;

/**
 * A task's parameters in the form the pipeline uses them (validated and compiled by the task
 * manager); replaced as a whole when the task is reconfigured, between two frames.
 *
 * @param verificationThreshold read confidence a detection needs to count as a plate: what the
 *              detector takes for a plate but the reader cannot read (a grille, a sign, a
 *              headlamp) is dropped before tracking; 0 keeps every detection
 * @param minCharacters characters a read needs for its detection to count as a plate (reads of
 *              one to three characters are mostly lettering beside the plate); 0 for no minimum
 * @param zones polygons x1,y1,x2,y2,... in fractions of the frame; when any, a plate counts only
 *              when its centre lies in one
 * @param masks polygons in the same form; a plate whose centre lies in one is ignored
 * @param readerViews how many cuts of each plate the reader reads and votes over ({@link PlateViews}), 1 to 3
 * @param settledReadInterval once a car's read is settled, its plate is read on one sighting in this many
 *              ({@link io.platewise.recognition.internal.tracking.PlateTracker#settledAmong}); 1 reads every sighting
 * @param sightingCrops how many read sightings of each tracklet are stored with their plate crops, spread over its
 *              time ({@link SightingCrops}), besides its best sighting's crop and frame; 0 stores none
 */
public record TaskSettings(float detectionThreshold, float recognitionThreshold, float verificationThreshold, int minCharacters,
        int minPlateWidth, List<float[]> zones, List<float[]> masks, TextRules rules, int candidates, int readerViews,
        int settledReadInterval, int sightingCrops) {

    /** The detector score a plate needs unless a task (or the eval command) says otherwise. */
    public static final float DEFAULT_DETECTION_THRESHOLD = 0.4f;

    /** The read confidence a read needs to vote unless a task (or the eval command) says otherwise. */
    public static final float DEFAULT_RECOGNITION_THRESHOLD = 0.5f;

    /**
     * The read confidence a detection needs unless a task says otherwise. Chosen on our own held-out
     * sets (pku G3, the Romanian video, synthetic scenes): 0.1 dropped about half of the false
     * detections there and no plate that was read right; 0.2, with the 8-bit detector, a third of
     * the rest, again with no plate read right lost (0.3 began to lose them).
     */
    public static final float DEFAULT_VERIFICATION_THRESHOLD = 0.2f;

    /** Plates narrower than this many frame pixels are too small to read. */
    public static final int DEFAULT_MIN_PLATE_WIDTH = 24;

    /** Plates of fewer characters are rare (some vanity and motorcycle plates); OpenALPR's default minimum is 4 too. */
    public static final int DEFAULT_MIN_CHARACTERS = 4;

    /**
     * Each plate read from three cuts unless a task says otherwise: against one cut, 5 plates more of
     * 1,238 on our four held-out sets and 12 more of 222 on the US photos, for three reads of each plate.
     */
    public static final int DEFAULT_READER_VIEWS = 3;

    /** Once a car's read is settled, one sighting in this many is read unless a task says otherwise. */
    public static final int DEFAULT_SETTLED_READ_INTERVAL = 5;

    /** The largest settledReadInterval: a car seen that often is read at least every 20 s at 5 fps. */
    public static final int MAX_SETTLED_READ_INTERVAL = 100;

    /**
     * Read sightings stored with their crops per tracklet unless a task says otherwise: a car in view for
     * a few seconds shows its plate at a few distances and angles, which is what a read is checked against.
     */
    public static final int DEFAULT_SIGHTING_CROPS = 4;

    /**
     * What is wrong with a polygon of a task's zones or masks ({@code x1, y1, x2, y2, ...}: 3 points or more, in
     * fractions of the frame); null when it is one. The task validator and the tools' {@code --zone} apply it alike.
     */
    public static String polygonProblem(List<Float> polygon) {
        if (polygon == null || polygon.size() < 6 || polygon.size() % 2 != 0) {
            return "each polygon is [x1, y1, x2, y2, x3, y3, ...] with at least 3 points";
        }
        if (polygon.stream().anyMatch(v -> v == null || !(v >= 0 && v <= 1))) {
            return "coordinates are fractions of the frame, between 0 and 1";
        }
        return null;
    }

    /** The most sighting crops a tracklet keeps (a few kilobytes each). */
    public static final int MAX_SIGHTING_CROPS = 20;

    public TaskSettings {
        if (!PlateViews.allows(readerViews)) {
            throw new IllegalArgumentException("readerViews is 1 to " + PlateViews.CUTS.size() + ", not " + readerViews);
        }
        if (settledReadInterval < 1 || settledReadInterval > MAX_SETTLED_READ_INTERVAL) {
            throw new IllegalArgumentException("settledReadInterval is 1 to " + MAX_SETTLED_READ_INTERVAL + ", not " + settledReadInterval);
        }
        if (sightingCrops < 0 || sightingCrops > MAX_SIGHTING_CROPS) {
            throw new IllegalArgumentException("sightingCrops is 0 to " + MAX_SIGHTING_CROPS + ", not " + sightingCrops);
        }
        zones = List.copyOf(zones);
        masks = List.copyOf(masks);
    }

    /**
     * Whether a plate read from its cuts is a plate: the trained cut's read says, as the verification threshold
     * was chosen on such reads; the other cuts only choose its text ({@link PlateViews}).
     */
    public boolean verifies(PlateViews.Viewed viewed) {
        return verifies(viewed.trained());
    }

    /** Whether a read makes its detection a plate (see {@code verificationThreshold} and {@code minCharacters}). */
    public boolean verifies(PlateRead read) {
        return read.confidence() >= verificationThreshold && read.text().length() >= minCharacters;
    }

    /**
     * The read a verified detection votes with: the templates' choice, among candidates the reader
     * is at least {@code recognitionThreshold} sure of (a template's pick that the model is not sure
     * of gives way to the read as it was, off-template, so it weighs less in the vote: it says more
     * than no read); null when even that read is less sure than the threshold.
     */
    public PlateRead voting(PlateRead raw) {
        return voting(raw, PlateStyle.UNKNOWN);
    }

    /** As {@link #voting(PlateRead)} for a plate of the given style (see {@link #style}). */
    public PlateRead voting(PlateRead raw, PlateStyle style) {
        PlateRead read = rules.apply(raw, recognitionThreshold, style);
        return read.text().isEmpty() || read.confidence() < recognitionThreshold ? null : read;
    }

    /**
     * The plate's style where this task's templates differ by it (a country with Mercosur plates and
     * older ones), judged on its own cut ({@link PlateStyle#CUT}); {@link PlateStyle#UNKNOWN}, without a
     * look, otherwise.
     */
    public PlateStyle style(Function<PlateCropper.Margins, PlateCropper.Crop> cut) {
        return rules.judgesStyle() ? PlateStyle.of(cut.apply(PlateStyle.CUT)) : PlateStyle.UNKNOWN;
    }

    /** Whether a detection passes the size, zone and mask filters. */
    public boolean admits(PlateDetection detection, int frameWidth, int frameHeight) {
        if (detection.width() < minPlateWidth) {
            return false;
        }
        float x = detection.centerX() / frameWidth;
        float y = detection.centerY() / frameHeight;
        if (!zones.isEmpty() && zones.stream().noneMatch(zone -> inside(zone, x, y))) {
            return false;
        }
        return masks.stream().noneMatch(mask -> inside(mask, x, y));
    }

    /** Even-odd rule. */
    static boolean inside(float[] polygon, float x, float y) {
        boolean inside = false;
        int points = polygon.length / 2;
        for (int i = 0, j = points - 1; i < points; j = i++) {
            float xi = polygon[2 * i];
            float yi = polygon[2 * i + 1];
            float xj = polygon[2 * j];
            float yj = polygon[2 * j + 1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                inside = !inside;
            }
        }
        return inside;
    }
}
