package io.platewise.recognition.internal.detection;

import java.util.List;

/**
 * The part of a frame the detector looks at, in frame pixels (even origin and sides, so that a
 * 4:2:0 frame's chroma samples stay aligned with its luma). The whole frame unless a task's zones
 * cover less of it: then the zones' area, so that the detector's fixed input holds their plates at
 * up to twice the size the whole frame gives them. A lane in the middle of a 1080p view is where
 * the plates are, and at the whole frame's scale a plate 60 pixels wide there is 20 at the
 * detector's input, under what it finds reliably.
 */
public record DetectionArea(int x, int y, int width, int height) {

    /**
     * How much larger than in the whole frame's letterbox a plate may be drawn: the detector was
     * trained on plates 6% to 35% of its input wide, and a zone close to the camera would otherwise
     * bring large plates past that.
     */
    static final double MAX_MAGNIFICATION = 2;

    /** A gain under this is not worth the context the area leaves out. */
    static final double MIN_MAGNIFICATION = 1.15;

    /**
     * Room around the zones, as a fraction of their extent on each side: a plate counts when its
     * centre is in a zone, so half of it may lie outside.
     */
    static final double MARGIN = 0.125;

    /** How far from the zones' own scale a whole fraction of the frame's pixels may be taken instead. */
    static final double SNAP = 0.1;

    public DetectionArea {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("A detection area is a non-empty rectangle inside the frame, not " + width + "x" + height
                    + " at " + x + "," + y);
        }
    }

    /**
     * What the detector looked at in a frame, as a task's stats show it: the frame's size, the area, and how many times
     * larger than in the whole frame's letterbox it draws a plate (1 for the whole frame).
     */
    public record Looked(int frameWidth, int frameHeight, int x, int y, int width, int height, double magnification) {
    }

    /** This area of a frame of that size, looked at through an input of this size. */
    public Looked looked(int frameWidth, int frameHeight, int inputWidth, int inputHeight) {
        double scale = Math.min((double) inputWidth / width, (double) inputHeight / height);
        double wholeScale = Math.min((double) inputWidth / frameWidth, (double) inputHeight / frameHeight);
        return new Looked(frameWidth, frameHeight, x, y, width, height, Math.round(scale / wholeScale * 1000) / 1000.0);
    }

    public static DetectionArea whole(int frameWidth, int frameHeight) {
        return new DetectionArea(0, 0, frameWidth, frameHeight);
    }

    public boolean isWhole(int frameWidth, int frameHeight) {
        return x == 0 && y == 0 && width == frameWidth && height == frameHeight;
    }

    /**
     * The area for a frame with these zones (polygons x1,y1,x2,y2,... in fractions of the frame) and
     * a detector of this input size: the zones' bounding box with a margin, magnified as far as the
     * input allows (at most {@link #MAX_MAGNIFICATION} times the whole frame's scale, and never
     * enlarged beyond the frame's own pixels), down to a whole fraction of the frame's pixels where
     * that still gains enough, then grown to fill the input's shape around the same centre, so that
     * the detector sees all the context it has room for. The whole frame when there
     * are no zones, or when the zones gain less than {@link #MIN_MAGNIFICATION}.
     */
    public static DetectionArea around(List<float[]> zones, int frameWidth, int frameHeight, int inputWidth, int inputHeight) {
        DetectionArea whole = whole(frameWidth, frameHeight);
        if (zones.isEmpty() || frameWidth < 2 || frameHeight < 2) {
            return whole;
        }
        double left = 1;
        double top = 1;
        double right = 0;
        double bottom = 0;
        for (float[] zone : zones) {
            for (int k = 0; k + 1 < zone.length; k += 2) {
                left = Math.min(left, zone[k]);
                right = Math.max(right, zone[k]);
                top = Math.min(top, zone[k + 1]);
                bottom = Math.max(bottom, zone[k + 1]);
            }
        }
        if (right <= left || bottom <= top) {
            return whole;
        }
        double boxWidth = (right - left) * frameWidth;
        double boxHeight = (bottom - top) * frameHeight;
        double centreX = (left + right) / 2 * frameWidth;
        double centreY = (top + bottom) / 2 * frameHeight;
        double wholeScale = Math.min((double) inputWidth / frameWidth, (double) inputHeight / frameHeight);
        double largest = Math.min(1, MAX_MAGNIFICATION * wholeScale);
        double smallest = MIN_MAGNIFICATION * wholeScale;
        double scale = Math.min((double) inputWidth / (boxWidth * (1 + 2 * MARGIN)), (double) inputHeight / (boxHeight * (1 + 2 * MARGIN)));
        scale = Math.min(scale, largest);
        if (scale < smallest) {
            return whole;
        }
        scale = nearWholeFraction(scale, largest, smallest, Math.min(inputWidth / boxWidth, inputHeight / boxHeight));
        int width = Math.min(frameWidth, even(inputWidth / scale));
        int height = Math.min(frameHeight, even(inputHeight / scale));
        int x = ((int) Math.max(0, Math.min(frameWidth - width, centreX - width / 2.0))) & ~1;
        int y = ((int) Math.max(0, Math.min(frameHeight - height, centreY - height / 2.0))) & ~1;
        // Rounding the origin down to even may leave the far edge one pixel inside the frame's; never past it.
        width = Math.min(width, (frameWidth - x) & ~1);
        height = Math.min(height, (frameHeight - y) & ~1);
        return new DetectionArea(x, y, width, height);
    }

    /**
     * A whole fraction of the frame's pixels within {@link #SNAP} of the scale (1/2: 1280x720 of a 1080p frame into
     * 640x360), where one is within the limits and, if larger, still holds the zones themselves (it may take from
     * their margin): the letterbox then averages whole blocks of pixels instead of interpolating, in less than half
     * the time. Else the scale as it is.
     */
    private static double nearWholeFraction(double scale, double largest, double smallest, double holdingTheZones) {
        double chosen = scale;
        double nearest = SNAP;
        for (double k : new double[] {Math.floor(1 / scale), Math.ceil(1 / scale)}) {
            double fraction = 1 / Math.max(1, k);
            double off = Math.abs(fraction / scale - 1);
            if (off <= nearest && fraction <= largest && fraction >= smallest && fraction <= holdingTheZones) {
                chosen = fraction;
                nearest = off;
            }
        }
        return chosen;
    }

    /**
     * A side: the nearest even number, 2 at least. Nearest rather than down, as zones' fractions are floats: a lane from
     * 0.4f to 1 of 720 rows is 431.99998 of them, and 960 pixels must not come out as 958.
     */
    private static int even(double value) {
        return Math.max(2, 2 * (int) Math.round(value / 2));
    }
}
