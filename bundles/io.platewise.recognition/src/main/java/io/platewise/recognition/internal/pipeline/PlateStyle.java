package io.platewise.recognition.internal.pipeline;

import io.platewise.recognition.internal.reading.PlateCropper;

/**
 * What a plate's look says of its format where a country's formats differ by look: Mercosur plates
 * (Brazil, Argentina, Uruguay, Paraguay) carry a blue band across their top, the plates they
 * replace do not. Brazil's older LLL NNNN and its Mercosur LLL N L NN differ only at the fifth
 * character, a digit on one and a letter on the other, where the look-alikes (1 I, 0 O, 8 B, 2 Z,
 * 5 S, 6 G, 4 A) leave a template alone unable to tell them apart; the band can.
 *
 * <p>Judged on a cut of its own ({@link #CUT}) reaching far above and below the detected corners:
 * detectors box a plate's characters more than its edges, so the band may lie above the box (a
 * quarter of the plate's height on our detector's Mercosur boxes) or inside it. Only a plain look
 * decides: {@link #UNKNOWN} for a grey frame (an infrared camera at night has no colour to judge by),
 * for blue reaching the cut's top edge (a blue car above the plate, which would pass for a band), and
 * for anything in between; then every template applies to the read, as without a look.
 */
public enum PlateStyle {

    /** A blue band across the plate's top, darker than its body, with something not blue above it. */
    MERCOSUR,
    /** In colour, and nothing blue above or around the top of the characters. */
    NOT_MERCOSUR,
    /** Not judged, or not clear: every template applies. */
    UNKNOWN;

    /** The cut a style is judged on: 40% of the detected plate's height above and below it, the width as detected. */
    public static final PlateCropper.Margins CUT = new PlateCropper.Margins(0f, 0.4f);

    /** A row's mean of blue over the larger of red and green, in grey levels, that makes it blue. */
    static final int BLUE = 40;
    /** Rows at most this blue are not blue at all. */
    static final int NOT_BLUE = 10;
    /** Mean spread of a pixel's channels (largest minus smallest) under which a cut is taken for grey. */
    static final int GREY_SPREAD = 3;
    /** The band is darker than the plate's body by at least this many grey levels. */
    static final int DARKER = 30;
    /** Plates fewer pixels tall than this are not judged: their band would be a row or two, easily faked by an edge. */
    static final int MIN_BOX_HEIGHT = 12;
    /** A band is at least this many of the detected plate's heights tall (Mercosur's is about 0.3 of a box around the characters). */
    static final double BAND_HEIGHT = 0.12;

    /**
     * The style of a plate from its {@link #CUT}. Rows are judged over the middle 80% of the width, so
     * that the plate's rounded corners and a corner placed a little off stay out. The band is looked
     * for from 35% of the box's height above it to 30% into it, its body (45-85% of the box) must
     * not be blue, and the band must be darker than it.
     */
    public static PlateStyle of(PlateCropper.Crop crop) {
        int width = crop.width();
        int height = crop.height();
        double boxHeight = height / (1 + 2 * CUT.y());
        double boxTop = height * CUT.y() / (1 + 2 * CUT.y());
        int left = (int) Math.round(0.1 * width);
        int right = (int) Math.round(0.9 * width);
        if (right - left < 4 || boxHeight < MIN_BOX_HEIGHT) {
            return UNKNOWN;
        }
        if (Region.of(crop, 0, 0, width, height).spread() < GREY_SPREAD) {
            return UNKNOWN;
        }
        int searchTop = Math.max(0, (int) Math.round(boxTop - 0.35 * boxHeight));
        int searchBottom = (int) Math.round(boxTop + 0.30 * boxHeight);
        Region body = Region.of(crop, left, (int) Math.round(boxTop + 0.45 * boxHeight), right, (int) Math.round(boxTop + 0.85 * boxHeight));
        // The longest run of blue rows in the search window.
        int runStart = -1;
        int bestStart = -1;
        int bestLength = 0;
        boolean anyBlueish = false;
        for (int y = searchTop; y <= searchBottom; y++) {
            double blueness = y < searchBottom ? Region.of(crop, left, y, right, y + 1).blueness() : Double.NEGATIVE_INFINITY;
            anyBlueish |= blueness >= NOT_BLUE;
            if (blueness >= BLUE) {
                runStart = runStart < 0 ? y : runStart;
            } else if (runStart >= 0) {
                if (y - runStart > bestLength) {
                    bestLength = y - runStart;
                    bestStart = runStart;
                }
                runStart = -1;
            }
        }
        if (bestLength >= BAND_HEIGHT * boxHeight) {
            // Blue up to the window's top may be a blue car above the plate rather than a band on it.
            boolean boundedAbove = bestStart > searchTop && Region.of(crop, left, 0, right, bestStart).blueness() < BLUE;
            Region band = Region.of(crop, left, bestStart, right, bestStart + bestLength);
            if (boundedAbove && body.blueness() < NOT_BLUE && band.luma() <= body.luma() - DARKER) {
                return MERCOSUR;
            }
            return UNKNOWN;
        }
        // Nothing blue anywhere from the window's top to the characters: no band, and no blue car to doubt it by.
        boolean blueAbove = Region.of(crop, left, 0, right, searchTop).blueness() >= NOT_BLUE;
        return anyBlueish || blueAbove ? UNKNOWN : NOT_MERCOSUR;
    }

    /** Means over a rectangle of a crop, [x0, x1) x [y0, y1). */
    private record Region(double blueness, double luma, double spread) {

        static Region of(PlateCropper.Crop crop, int x0, int y0, int x1, int y1) {
            byte[] bgr = crop.bgr();
            double blueness = 0;
            double luma = 0;
            double spread = 0;
            int count = 0;
            for (int y = Math.max(0, y0); y < Math.min(crop.height(), y1); y++) {
                for (int x = Math.max(0, x0); x < Math.min(crop.width(), x1); x++) {
                    int i = 3 * (y * crop.width() + x);
                    int b = bgr[i] & 0xff;
                    int g = bgr[i + 1] & 0xff;
                    int r = bgr[i + 2] & 0xff;
                    blueness += b - Math.max(r, g);
                    luma += 0.299 * r + 0.587 * g + 0.114 * b;
                    spread += Math.max(b, Math.max(g, r)) - Math.min(b, Math.min(g, r));
                    count++;
                }
            }
            return count == 0 ? new Region(0, 0, 0) : new Region(blueness / count, luma / count, spread / count);
        }
    }
}
