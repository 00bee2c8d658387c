package io.platewise.recognition.internal.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.platewise.recognition.internal.reading.ReaderInput;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same frames through Java and through tools/training/detector.py's letterbox (fixtures made by
 * {@code make_parity_fixture.py --detector}): a portrait frame that leaves grey padding and a 16:9
 * frame that fills the input. The tensors must agree to float rounding.
 */
class DetectorInputParityTest {

    @ParameterizedTest
    @ValueSource(strings = {"frame_000000", "frame_000001"})
    void javaAndPythonMakeTheSameTensor(String name) throws Exception {
        BufferedImage image;
        try (InputStream png = getClass().getResourceAsStream("/parity/" + name + ".png")) {
            image = ImageIO.read(png);
        }
        DetectorInput.Letterboxed java = DetectorInput.fromBgr(ReaderInput.bgr(image), image.getWidth(), image.getHeight(), 512, 288);
        float[] python = new float[3 * 512 * 288];
        try (InputStream bin = new GZIPInputStream(getClass().getResourceAsStream("/parity/" + name + ".bin.gz"))) {
            ByteBuffer.wrap(bin.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(python);
        }
        assertEquals(python.length, java.tensor().length);
        float worst = 0;
        for (int i = 0; i < python.length; i++) {
            worst = Math.max(worst, Math.abs(java.tensor()[i] - python[i]));
        }
        assertEquals(0, worst, 1e-4, "largest difference between the Java and the Python tensor");
        assertEquals(Math.min(512.0 / image.getWidth(), 288.0 / image.getHeight()), java.scale(), 1e-6);
    }
}
