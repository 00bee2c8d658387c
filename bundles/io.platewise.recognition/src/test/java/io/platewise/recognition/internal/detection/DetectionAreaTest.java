package io.platewise.recognition.internal.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionAreaTest {

    /** The shipped detector's input. */
    private static final int INPUT_WIDTH = 640;
    private static final int INPUT_HEIGHT = 360;

    private static DetectionArea around(int frameWidth, int frameHeight, float[]... zones) {
        return DetectionArea.around(List.of(zones), frameWidth, frameHeight, INPUT_WIDTH, INPUT_HEIGHT);
    }

    /** The letterbox's scale of the area: input pixels per frame pixel. */
    private static double scale(DetectionArea area) {
        return Math.min((double) INPUT_WIDTH / area.width(), (double) INPUT_HEIGHT / area.height());
    }

    private static void assertInsideAndEven(DetectionArea area, int frameWidth, int frameHeight) {
        assertTrue(area.x() + area.width() <= frameWidth && area.y() + area.height() <= frameHeight, area + " leaves the frame");
        assertTrue(area.x() % 2 == 0 && area.y() % 2 == 0 && area.width() % 2 == 0 && area.height() % 2 == 0, area + " has an odd edge");
    }

    /** Whether the area holds the zone's bounding box with room for half a plate beyond it. */
    private static void assertHolds(DetectionArea area, int frameWidth, int frameHeight, float left, float top, float right, float bottom) {
        assertTrue(area.x() <= left * frameWidth && area.y() <= top * frameHeight && area.x() + area.width() >= right * frameWidth
                && area.y() + area.height() >= bottom * frameHeight, area + " leaves out part of the zone");
    }

    @Test
    void withoutZonesOrWithZonesOverMostOfTheFrameTheDetectorLooksAtTheWholeFrame() {
        assertEquals(DetectionArea.whole(1280, 720), around(1280, 720));
        // The README's example zone: 80% of the width, 70% of the height; magnifying it would gain under 15%.
        assertEquals(DetectionArea.whole(1280, 720), around(1280, 720, new float[] {0.1f, 0.3f, 0.9f, 0.3f, 0.9f, 1.0f, 0.1f, 1.0f}));
        // Two zones at opposite sides of the frame span it.
        assertEquals(DetectionArea.whole(1280, 720),
                around(1280, 720, new float[] {0, 0.5f, 0.1f, 0.5f, 0.1f, 0.6f}, new float[] {0.9f, 0.5f, 1, 0.5f, 1, 0.6f}));
    }

    @Test
    void aLaneInTheMiddleOfTheViewIsMagnifiedAndFillsTheInputsShape() {
        float[] lane = {0.3f, 0.45f, 0.7f, 0.45f, 0.7f, 1.0f, 0.3f, 1.0f};
        DetectionArea area = around(1280, 720, lane);
        assertInsideAndEven(area, 1280, 720);
        assertHolds(area, 1280, 720, 0.3f, 0.45f, 0.7f, 1.0f);
        double gain = scale(area) / 0.5;
        assertTrue(gain > 1.3 && gain <= 2, "plates drawn " + gain + " times as large as in the whole frame's letterbox: " + area);
        assertEquals(16.0 / 9, (double) area.width() / area.height(), 0.02, "the area fills the input, with nothing left grey: " + area);
        // The lane reaches the frame's bottom edge, so the area is moved up to stay inside, not cut.
        assertEquals(720, area.y() + area.height(), area.toString());
    }

    /** Zones are floats: 0.4f to 1 of 720 rows is 431.99998 rows, and the area must still be the 960x540 it would be. */
    @Test
    void zonesGivenAsFloatsGiveTheAreaTheirFractionsMean() {
        DetectionArea area = around(1280, 720, new float[] {0.25f, 0.4f, 0.75f, 0.4f, 0.75f, 1, 0.25f, 1});
        assertEquals(new DetectionArea(160, 180, 960, 540), area);
        assertEquals(new DetectionArea.Looked(1280, 720, 160, 180, 960, 540, 1.333), area.looked(1280, 720, INPUT_WIDTH, INPUT_HEIGHT));
    }

    /**
     * The lane of a 1080p view would be magnified 1.45 times; half the frame's pixels (1.5 times the whole frame's third)
     * is as good, and the letterbox then averages 2x2 blocks instead of interpolating.
     */
    @Test
    void aLaneOfA1080pViewIsTakenAtHalfTheFramesPixels() {
        DetectionArea area = around(1920, 1080, new float[] {0.38f, 0.42f, 0.62f, 0.42f, 0.72f, 0.97f, 0.28f, 0.97f});
        assertEquals(1280, area.width());
        assertEquals(720, area.height());
        assertEquals(1080, area.y() + area.height(), area.toString());
        assertHolds(area, 1920, 1080, 0.28f, 0.42f, 0.72f, 0.97f);
        assertEquals(1.5, area.looked(1920, 1080, INPUT_WIDTH, INPUT_HEIGHT).magnification());
    }

    @Test
    void aSmallZoneIsNeverEnlargedBeyondTheFramesOwnPixels() {
        DetectionArea area = around(1280, 720, new float[] {0.45f, 0.45f, 0.55f, 0.45f, 0.55f, 0.55f});
        assertEquals(new DetectionArea(320, 180, 640, 360), area, "one frame pixel per input pixel, centred on the zone");
    }

    @Test
    void aSmallZoneInA4kFrameIsMagnifiedTwiceAtMostSoThatNearPlatesStayInTheSizesTheDetectorKnows() {
        DetectionArea area = around(3840, 2160, new float[] {0.45f, 0.45f, 0.55f, 0.45f, 0.55f, 0.55f});
        assertInsideAndEven(area, 3840, 2160);
        assertEquals(2 * 640.0 / 3840, scale(area), 0.002, area.toString());
        assertEquals(1920, area.width());
        assertEquals(1080, area.height());
    }

    @Test
    void aZoneInACornerGivesAnAreaInsideTheFrame() {
        DetectionArea area = around(1280, 720, new float[] {0, 0, 0.2f, 0, 0.2f, 0.2f, 0, 0.2f});
        assertInsideAndEven(area, 1280, 720);
        assertEquals(0, area.x());
        assertEquals(0, area.y());
        assertHolds(area, 1280, 720, 0, 0, 0.2f, 0.2f);
    }

    @Test
    void aTallNarrowZoneIsMagnifiedByItsHeightAndFramesOfOddSizesGiveEvenAreas() {
        DetectionArea area = around(1279, 721, new float[] {0.4f, 0.25f, 0.6f, 0.25f, 0.6f, 0.85f});
        assertInsideAndEven(area, 1279, 721);
        assertHolds(area, 1279, 721, 0.4f, 0.25f, 0.6f, 0.85f);
        assertTrue(scale(area) > 1.15 * 0.5, area.toString());
    }
}
