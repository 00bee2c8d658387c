package io.platewise.recognition.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.platewise.recognition.internal.reading.PlateCropper;
import org.junit.jupiter.api.Test;

/**
 * Plates drawn into a style cut ({@link PlateStyle#CUT}: 40% of the box's height above and below it)
 * as a detector boxes them: the box around the characters, a Mercosur band just above it.
 */
class PlateStyleTest {

    private static final int WIDTH = 200;
    private static final int BOX = 50;
    /** The cut's rows: 20 above the box, the box's 50, 20 below. */
    private static final int HEIGHT = 90;
    private static final int BOX_TOP = 20;

    private static final int[] CAR_RED = {40, 40, 170};
    private static final int[] CAR_BLUE = {160, 70, 30};
    private static final int[] BAND_BLUE = {168, 56, 0};
    private static final int[] WHITE = {235, 235, 235};
    private static final int[] GREY_PLATE = {190, 192, 188};
    private static final int[] INK = {25, 25, 25};

    /** A cut filled with the car's colour, the plate's body in the box and its band (if any) at rows [bandTop, bandBottom). */
    private static byte[] cut(int[] car, int[] body, int bandTop, int bandBottom) {
        byte[] bgr = new byte[WIDTH * HEIGHT * 3];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int[] colour = car;
                if (y >= bandTop && y < bandBottom) {
                    colour = BAND_BLUE;
                } else if (y >= BOX_TOP && y < BOX_TOP + BOX) {
                    // Characters: dark strokes every 20 pixels across the body.
                    colour = x % 20 < 5 && y > BOX_TOP + 8 && y < BOX_TOP + BOX - 8 ? INK : body;
                }
                int i = 3 * (y * WIDTH + x);
                bgr[i] = (byte) colour[0];
                bgr[i + 1] = (byte) colour[1];
                bgr[i + 2] = (byte) colour[2];
            }
        }
        return bgr;
    }

    private static PlateStyle style(byte[] bgr) {
        return PlateStyle.of(new PlateCropper.Crop(bgr, WIDTH, HEIGHT));
    }

    @Test
    void aBlueBandAboveOrAtTheTopOfTheBoxIsMercosur() {
        assertEquals(PlateStyle.MERCOSUR, style(cut(CAR_RED, WHITE, BOX_TOP - 14, BOX_TOP + 1)), "the box under the band");
        assertEquals(PlateStyle.MERCOSUR, style(cut(CAR_RED, WHITE, BOX_TOP, BOX_TOP + 12)), "the band inside the box");
    }

    @Test
    void aPlateWithNothingBlueAboveItsCharactersIsNotMercosur() {
        assertEquals(PlateStyle.NOT_MERCOSUR, style(cut(CAR_RED, GREY_PLATE, 0, 0)));
        // A grey plate on a white car has too little colour to tell it from an infrared frame's.
        assertEquals(PlateStyle.UNKNOWN, style(cut(WHITE, GREY_PLATE, 0, 0)), "a white car");
    }

    @Test
    void blueUpToTheCutsEdgeCouldBeABlueCarAndDecidesNothing() {
        assertEquals(PlateStyle.UNKNOWN, style(cut(CAR_BLUE, GREY_PLATE, 0, 0)), "an older plate on a blue car");
        assertEquals(PlateStyle.UNKNOWN, style(cut(CAR_BLUE, WHITE, BOX_TOP - 14, BOX_TOP + 1)), "a Mercosur plate on a blue car");
    }

    @Test
    void aGreyFrameDecidesNothing() {
        byte[] bgr = cut(CAR_RED, WHITE, BOX_TOP - 14, BOX_TOP + 1);
        for (int i = 0; i < bgr.length; i += 3) {
            int grey = ((bgr[i] & 0xff) + (bgr[i + 1] & 0xff) + (bgr[i + 2] & 0xff)) / 3;
            bgr[i] = bgr[i + 1] = bgr[i + 2] = (byte) grey;
        }
        assertEquals(PlateStyle.UNKNOWN, style(bgr), "an infrared camera at night: no colour to judge the band by");
    }

    @Test
    void aBandTooThinOrNoDarkerThanTheBodyIsNoBand() {
        assertEquals(PlateStyle.UNKNOWN, style(cut(CAR_RED, WHITE, BOX_TOP - 3, BOX_TOP)), "a blue stripe of 3 rows");
        int[] paleBody = {170, 120, 90};
        assertEquals(PlateStyle.UNKNOWN, style(cut(CAR_RED, paleBody, BOX_TOP - 14, BOX_TOP + 1)), "a bluish body");
    }

    @Test
    void aPlateTooSmallToShowItsBandPlainlyIsNotJudged() {
        // The same Mercosur plate at a fifth of the size: a box 10 pixels tall.
        byte[] large = cut(CAR_RED, WHITE, BOX_TOP - 14, BOX_TOP + 1);
        int width = WIDTH / 5;
        int height = HEIGHT / 5;
        byte[] small = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                System.arraycopy(large, 3 * (5 * y * WIDTH + 5 * x), small, 3 * (y * width + x), 3);
            }
        }
        assertEquals(PlateStyle.UNKNOWN, PlateStyle.of(new PlateCropper.Crop(small, width, height)));
    }
}
