package io.platewise.recognition.internal.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.recognition.internal.frames.TestPlanes;
import io.platewise.recognition.internal.reading.ReaderInput;
import io.platewise.video.FramePixels;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A decoded frame letterboxed straight from its 4:2:0 planes must give the tensor of the same frame
 * converted to BGR first (as a decoder converts it: each chroma sample for its 2x2 block, rounded and
 * clamped to bytes), in every case the letterbox has: exactly half the size (720p into 640x360),
 * another scale, grey padding, full-range (JPEG) planes, and normalised as a descriptor asks. Only
 * the converted frame's rounding to bytes (a level of 255) and its clamping of colours out of range,
 * pixel by pixel where the planes' samples are clamped once, may differ.
 */
class DetectorInputFromPlanesTest {

    @ParameterizedTest
    @CsvSource({
        "frame_000001, 320, 180, false, 0, 1", // exactly half: block means
        "frame_000001, 512, 288, false, 0, 1", // another scale: bilinear taps
        "frame_000000, 512, 288, false, 0, 1", // portrait: grey padding on the right
        "frame_000001, 320, 180, true, 0, 1", // full range
        "frame_000001, 320, 180, false, 0.5, 0.25", // normalised in the letterbox (detector 0.2.1)
        "frame_000000, 320, 180, true, 0.5, 0.25"})
    void planesGiveTheTensorOfTheConvertedFrame(String name, int width, int height, boolean fullRange, float mean, float std) throws Exception {
        BufferedImage image;
        try (InputStream png = getClass().getResourceAsStream("/parity/" + name + ".png")) {
            image = ImageIO.read(png);
        }
        compareOn(image, width, height, fullRange, mean, std, true);
    }

    /** Frames a whole number of times the input's size, odd (1080p into 640x360) and even (4K), have paths of their own. */
    @ParameterizedTest
    @CsvSource({"960, 540, 320, 180", "1280, 720, 320, 180", "1920, 1080, 320, 180", "1280, 720, 240, 180"})
    void wholeFactorsGiveTheTensorOfTheConvertedFrame(int frameWidth, int frameHeight, int width, int height) throws Exception {
        BufferedImage image;
        try (InputStream png = getClass().getResourceAsStream("/parity/frame_000001.png")) {
            image = ImageIO.read(png);
        }
        BufferedImage large = new BufferedImage(frameWidth, frameHeight, BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics2D graphics = large.createGraphics();
        graphics.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(image, 0, 0, frameWidth, frameHeight, null);
        graphics.dispose();
        // Grain of its own in every pixel, so that a sample taken from the wrong pixels shows.
        java.util.Random grain = new java.util.Random(frameWidth);
        for (int y = 0; y < frameHeight; y++) {
            for (int x = 0; x < frameWidth; x++) {
                int rgb = large.getRGB(x, y);
                int shift = grain.nextInt(97) - 48;
                int r = Math.max(0, Math.min(255, ((rgb >> 16) & 0xff) + shift));
                int g = Math.max(0, Math.min(255, ((rgb >> 8) & 0xff) + shift));
                int b = Math.max(0, Math.min(255, (rgb & 0xff) + shift));
                large.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        compareOn(large, width, height, false, 0.5f, 0.25f, false);
    }

    /**
     * A detection area cut from the planes converts to the pixels cut from the converted frame, byte
     * for byte: its even origin keeps each chroma sample with its own 2x2 block.
     */
    @ParameterizedTest
    @CsvSource({"0, 0, 320, 180", "100, 40, 200, 100", "2, 2, 638, 358"})
    void anAreaCutFromThePlanesIsTheAreaOfTheConvertedFrame(int x, int y, int width, int height) throws Exception {
        BufferedImage image;
        try (InputStream png = getClass().getResourceAsStream("/parity/frame_000001.png")) {
            image = ImageIO.read(png);
        }
        FramePixels.Yuv420 planes = TestPlanes.fromBgr(ReaderInput.bgr(image), image.getWidth(), image.getHeight(), false);
        DetectionArea area = new DetectionArea(x, y, Math.min(width, planes.width() - x), Math.min(height, planes.height() - y));
        FramePixels.Yuv420 cut = DetectorInput.crop(planes, area);
        assertEquals(area.width(), cut.width());
        assertEquals(area.height(), cut.height());
        org.junit.jupiter.api.Assertions.assertArrayEquals(DetectorInput.crop(TestPlanes.toBgr(planes), planes.width(), area),
                TestPlanes.toBgr(cut));
    }

    /** @param asItIs also compare the frame as it is (the grain above takes many colours out of range) */
    private static void compareOn(BufferedImage image, int width, int height, boolean fullRange, float mean, float std, boolean asItIs) {
        byte[] bgr = ReaderInput.bgr(image);
        // As it is: saturated edges, where the converted frame clamps colours pixel by pixel.
        if (asItIs) {
            Differences clamped = compare(TestPlanes.fromBgr(bgr, image.getWidth(), image.getHeight(), fullRange), width, height, mean, std);
            assertTrue(clamped.mean() < 0.35 && clamped.beyondALevel() < clamped.samples() / 30 && clamped.largest() < 10, clamped.toString());
        }
        // At a quarter of its contrast no colour leaves the range: every sample within a level.
        byte[] flat = bgr.clone();
        for (int i = 0; i < flat.length; i++) {
            flat[i] = (byte) (96 + (flat[i] & 0xff) / 4);
        }
        Differences inRange = compare(TestPlanes.fromBgr(flat, image.getWidth(), image.getHeight(), fullRange), width, height, mean, std);
        assertTrue(inRange.beyondALevel() == 0 && inRange.mean() < 0.35, inRange.toString());
    }

    record Differences(double largest, double mean, int beyondALevel, int samples) {
    }

    private static Differences compare(FramePixels.Yuv420 planes, int width, int height, float mean, float std) {
        DetectorInput.Normalisation normalisation = new DetectorInput.Normalisation(mean, std);
        DetectorInput.Letterboxed expected = DetectorInput.fromBgr(TestPlanes.toBgr(planes), planes.width(), planes.height(), width, height,
                normalisation, null);
        float[] reused = new float[3 * width * height];
        java.util.Arrays.fill(reused, 7f);
        DetectorInput.Letterboxed fromPlanes = DetectorInput.fromYuv420(planes, width, height, normalisation, reused);
        assertSame(reused, fromPlanes.tensor(), "the detector's kept array is filled anew");
        assertEquals(expected.scale(), fromPlanes.scale(), 1e-6);
        double level = 1.0 / (255 * std);
        int samples = expected.tensor().length;
        double largest = 0;
        double sum = 0;
        int beyond = 0;
        for (int i = 0; i < samples; i++) {
            double difference = Math.abs(expected.tensor()[i] - fromPlanes.tensor()[i]) / level;
            largest = Math.max(largest, difference);
            sum += difference;
            beyond += difference > 1.01 ? 1 : 0;
        }
        return new Differences(largest, sum / samples, beyond, samples);
    }
}
