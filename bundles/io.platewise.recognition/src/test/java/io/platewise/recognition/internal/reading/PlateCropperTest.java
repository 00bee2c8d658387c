package io.platewise.recognition.internal.reading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.recognition.internal.frames.TestPlanes;
import io.platewise.video.FramePixels;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PlateCropperTest {

    /** A white 200x50 plate, turned a little, on a dark frame: what the quad covers comes out upright, margins included. */
    @Test
    void cutsTheQuadUprightWithItsMargin() {
        int width = 640;
        int height = 360;
        byte[] bgr = new byte[3 * width * height];
        java.util.Arrays.fill(bgr, (byte) 20);
        float[] quad = {200, 100, 400, 120, 396, 170, 196, 150};
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (inside(quad, x + 0.5, y + 0.5)) {
                    java.util.Arrays.fill(bgr, 3 * (y * width + x), 3 * (y * width + x) + 3, (byte) 230);
                }
            }
        }
        PlateCropper.Crop crop = PlateCropper.rectify(bgr, width, height, quad);
        assertEquals(Math.round(201 * 1.08), crop.width(), 1, "the plate's longer side and 4% either side");
        assertEquals(Math.round(50.2 * 1.16), crop.height(), 1);
        assertEquals(230, crop.bgr()[3 * (crop.height() / 2 * crop.width() + crop.width() / 2)] & 0xff, 1, "the plate's middle");
        assertEquals(20, crop.bgr()[0] & 0xff, 1, "the margin's corner is the frame around the plate");
    }

    /** Cut from a decoder's planes, a plate is the plate cut from the frame they convert to. */
    @Test
    void planesGiveTheCropOfTheConvertedFrame() throws Exception {
        BufferedImage image;
        try (InputStream png = getClass().getResourceAsStream("/parity/frame_000001.png")) {
            image = ImageIO.read(png);
        }
        byte[] bgr = ReaderInput.bgr(image);
        for (int i = 0; i < bgr.length; i++) {
            bgr[i] = (byte) (96 + (bgr[i] & 0xff) / 4); // no colour out of range, as in DetectorInputFromPlanesTest
        }
        FramePixels.Yuv420 planes = TestPlanes.fromBgr(bgr, image.getWidth(), image.getHeight(), false);
        byte[] converted = TestPlanes.toBgr(planes);
        FramePixels pixels = TestPlanes.pixels(planes, () -> {
            throw new AssertionError("a frame with planes is cut from them");
        });
        for (float[] quad : new float[][] {{100.3f, 80.7f, 300.2f, 95.1f, 297.9f, 150.4f, 98.2f, 135.6f}, {10, 300, 90, 302, 91, 330, 9, 327}}) {
            PlateCropper.Crop fromBgr = PlateCropper.rectify(converted, planes.width(), planes.height(), quad);
            PlateCropper.Crop fromPlanes = PlateCropper.rectify(pixels, quad);
            assertEquals(fromBgr.width(), fromPlanes.width());
            assertEquals(fromBgr.height(), fromPlanes.height());
            int largest = 0;
            long sum = 0;
            for (int i = 0; i < fromBgr.bgr().length; i++) {
                int difference = Math.abs((fromBgr.bgr()[i] & 0xff) - (fromPlanes.bgr()[i] & 0xff));
                largest = Math.max(largest, difference);
                sum += difference;
            }
            // Two roundings to bytes on the converted frame's way, one on the planes': a level or two.
            assertTrue(largest <= 2 && sum < 0.6 * fromBgr.bgr().length, "largest " + largest + ", mean " + (double) sum / fromBgr.bgr().length);
        }
    }

    private static boolean inside(float[] quad, double x, double y) {
        boolean inside = false;
        for (int i = 0, j = 3; i < 4; j = i++) {
            double xi = quad[2 * i];
            double yi = quad[2 * i + 1];
            double xj = quad[2 * j];
            double yj = quad[2 * j + 1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                inside = !inside;
            }
        }
        return inside;
    }
}
