package io.platewise.recognition.internal.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.recognition.internal.reading.ReaderInput;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The same frames through Java and through tools/training/detector.py's letterbox (fixtures made by
 * {@code make_parity_fixture.py --detector}): a portrait frame that leaves grey padding, a 16:9
 * frame that fills the input, and that frame into exactly half its size (Java's own path for the
 * usual 720p into 640x360). The tensors must agree to float rounding, also when the array of an
 * earlier frame of another size is reused, and normalised in Java as a descriptor's mean and std
 * ask, they must be Python's tensor normalised as the graphs of detectors 0.1.0 and 0.2.0 do it.
 */
class DetectorInputParityTest {

    @ParameterizedTest
    @CsvSource({"frame_000000, 512, 288, frame_000000", "frame_000001, 512, 288, frame_000001", "frame_000001, 320, 180, frame_000001_320x180"})
    void javaAndPythonMakeTheSameTensor(String name, int width, int height, String fixture) throws Exception {
        BufferedImage image;
        try (InputStream png = getClass().getResourceAsStream("/parity/" + name + ".png")) {
            image = ImageIO.read(png);
        }
        byte[] bgr = ReaderInput.bgr(image);
        float[] python = new float[3 * width * height];
        try (InputStream bin = new GZIPInputStream(getClass().getResourceAsStream("/parity/" + fixture + ".bin.gz"))) {
            ByteBuffer.wrap(bin.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(python);
        }
        DetectorInput.Letterboxed fresh = DetectorInput.fromBgr(bgr, image.getWidth(), image.getHeight(), width, height);
        assertSameTensor(python, fresh.tensor());
        assertEquals(Math.min((double) width / image.getWidth(), (double) height / image.getHeight()), fresh.scale(), 1e-6);

        // The array a detector keeps between frames, last filled all over by a frame of other proportions.
        byte[] other = new byte[1600 * 900 * 3];
        java.util.Arrays.fill(other, (byte) 7);
        float[] reused = DetectorInput.fromBgr(other, 1600, 900, width, height).tensor();
        DetectorInput.Letterboxed again = DetectorInput.fromBgr(bgr, image.getWidth(), image.getHeight(), width, height,
                DetectorInput.Normalisation.NONE, reused);
        assertSame(reused, again.tensor());
        assertSameTensor(python, again.tensor());
    }

    @ParameterizedTest
    @CsvSource({"frame_000000, 512, 288, frame_000000", "frame_000001, 320, 180, frame_000001_320x180"})
    void javaNormalisesAsTheGraphDid(String name, int width, int height, String fixture) throws Exception {
        BufferedImage image;
        try (InputStream png = getClass().getResourceAsStream("/parity/" + name + ".png")) {
            image = ImageIO.read(png);
        }
        float[] python = new float[3 * width * height];
        try (InputStream bin = new GZIPInputStream(getClass().getResourceAsStream("/parity/" + fixture + ".bin.gz"))) {
            ByteBuffer.wrap(bin.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(python);
        }
        for (int i = 0; i < python.length; i++) {
            python[i] = (python[i] - 0.5f) / 0.25f;
        }
        float[] java = DetectorInput.fromBgr(ReaderInput.bgr(image), image.getWidth(), image.getHeight(), width, height,
                new DetectorInput.Normalisation(0.5f, 0.25f), null).tensor();
        // Four times the tolerance: the values are four times as large.
        assertSameTensor(python, java, 4e-4);
    }

    @Test
    void aDescriptorsStdMustBePositive() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> new DetectorInput.Normalisation(0.5f, 0));
        assertTrue(zero.getMessage().contains("std must be a positive number"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DetectorInput.Normalisation(Float.NaN, 1));
    }

    private static void assertSameTensor(float[] python, float[] java) {
        assertSameTensor(python, java, 1e-4);
    }

    private static void assertSameTensor(float[] python, float[] java, double tolerance) {
        assertEquals(python.length, java.length);
        float worst = 0;
        for (int i = 0; i < python.length; i++) {
            worst = Math.max(worst, Math.abs(java[i] - python[i]));
        }
        assertEquals(0, worst, tolerance, "largest difference between the Java and the Python tensor");
    }
}
