package io.platewise.recognition.internal.reading;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same crops through Java and through tools/training/reader.py (fixtures made by
 * tools/training/make_parity_fixture.py): the tensors must agree to float rounding.
 */
class ReaderInputParityTest {

    @ParameterizedTest
    @ValueSource(strings = {"crop_000000", "crop_000001", "crop_000002", "crop_000003"})
    void javaAndPythonMakeTheSameTensor(String name) throws Exception {
        BufferedImage image;
        try (InputStream png = getClass().getResourceAsStream("/parity/" + name + ".png")) {
            image = ImageIO.read(png);
        }
        float[] java = ReaderInput.fromBgr(ReaderInput.bgr(image), image.getWidth(), image.getHeight(), 128, 32);
        float[] python = new float[128 * 32];
        try (InputStream bin = getClass().getResourceAsStream("/parity/" + name + ".bin")) {
            ByteBuffer.wrap(bin.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(python);
        }
        float worst = 0;
        for (int i = 0; i < python.length; i++) {
            worst = Math.max(worst, Math.abs(java[i] - python[i]));
        }
        assertEquals(0, worst, 1e-4, "largest difference between the Java and the Python tensor");
    }
}
