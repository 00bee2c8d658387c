package io.platewise.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JpegTest {

    private static byte[] gradient(int width, int height) {
        byte[] bgr = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                bgr[i] = (byte) (x * 255 / width);
                bgr[i + 1] = (byte) 128;
                bgr[i + 2] = (byte) (y * 255 / height);
            }
        }
        return bgr;
    }

    @Test
    void encodesPixelsThatDecodeBackToTheSameImage() throws Exception {
        byte[] jpeg = Jpeg.encode(gradient(64, 32), 64, 32);

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertEquals(64, decoded.getWidth());
        assertEquals(32, decoded.getHeight());
        int rgb = decoded.getRGB(60, 30);
        assertTrue(Math.abs(((rgb >> 16) & 0xff) - 30 * 255 / 32) < 24, "red follows y: " + Integer.toHexString(rgb));
        assertTrue(Math.abs((rgb & 0xff) - 60 * 255 / 64) < 24, "blue follows x: " + Integer.toHexString(rgb));
    }

    @Test
    void neverBuffersThroughTheDisk(@TempDir Path folder) throws Exception {
        // ImageIO.write would buffer through this folder, and fail with "Can't create cache file!" once it is gone.
        Path cache = Files.createDirectory(folder.resolve("imageio-cache"));
        boolean usedCache = ImageIO.getUseCache();
        ImageIO.setUseCache(true);
        ImageIO.setCacheDirectory(cache.toFile());
        try {
            Files.delete(cache);
            assertTrue(Jpeg.encode(gradient(16, 16), 16, 16).length > 100);
        } finally {
            ImageIO.setCacheDirectory(null);
            ImageIO.setUseCache(usedCache);
        }
    }

    @Test
    void pixelsOfAnotherSizeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Jpeg.encode(new byte[10], 4, 4));
    }
}
