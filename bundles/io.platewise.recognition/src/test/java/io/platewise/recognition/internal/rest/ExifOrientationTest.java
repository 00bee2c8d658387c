package io.platewise.recognition.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ExifOrientationTest {

    /** A picture whose every pixel has its own colour: where each lands says how it was turned. */
    private static BufferedImage numbered(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 40) << 16 | (y * 40) << 8 | 7);
            }
        }
        return image;
    }

    /** Where the EXIF specification puts stored pixel (x, y) of a width x height picture for each orientation. */
    private static int[] shown(int orientation, int x, int y, int width, int height) {
        return switch (orientation) {
            case 1 -> new int[] {x, y};
            case 2 -> new int[] {width - 1 - x, y};
            case 3 -> new int[] {width - 1 - x, height - 1 - y};
            case 4 -> new int[] {x, height - 1 - y};
            case 5 -> new int[] {y, x};
            case 6 -> new int[] {height - 1 - y, x};
            case 7 -> new int[] {height - 1 - y, width - 1 - x};
            default -> new int[] {y, width - 1 - x};
        };
    }

    @Test
    void everyOrientationMovesEachPixelWhereTheSpecificationSays() {
        BufferedImage stored = numbered(5, 3);
        for (int orientation = 1; orientation <= 8; orientation++) {
            BufferedImage upright = ExifOrientation.upright(stored, orientation);
            assertEquals(orientation >= 5 ? 3 : 5, upright.getWidth(), "orientation " + orientation);
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 5; x++) {
                    int[] at = shown(orientation, x, y, 5, 3);
                    assertEquals(stored.getRGB(x, y), upright.getRGB(at[0], at[1]), "orientation " + orientation + ", pixel " + x + "," + y);
                }
            }
        }
    }

    /** A JPEG of the picture with an EXIF segment saying the orientation, in either byte order. */
    private static byte[] jpegWithOrientation(BufferedImage image, int orientation, ByteOrder order) throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", plain);
        byte[] jpeg = plain.toByteArray();
        // TIFF header, a directory of two entries (an unrelated tag first, then the orientation), no next directory.
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 2 * 12 + 4).order(order);
        tiff.putShort(order == ByteOrder.LITTLE_ENDIAN ? (short) 0x4949 : (short) 0x4D4D).putShort((short) 42).putInt(8);
        tiff.putShort((short) 2);
        tiff.putShort((short) 0x010F).putShort((short) 2).putInt(4).putInt(0x41424300);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        int length = 2 + 6 + tiff.capacity();
        ByteBuffer withExif = ByteBuffer.allocate(jpeg.length + 2 + length);
        withExif.put(jpeg, 0, 2).putShort((short) 0xFFE1).putShort((short) length);
        withExif.put("Exif\0\0".getBytes(StandardCharsets.US_ASCII)).put(tiff.array());
        withExif.put(jpeg, 2, jpeg.length - 2);
        return withExif.array();
    }

    @Test
    void theOrientationIsReadFromAJpegsExifInEitherByteOrder() throws IOException {
        BufferedImage picture = numbered(8, 4);
        assertEquals(6, ExifOrientation.of(jpegWithOrientation(picture, 6, ByteOrder.BIG_ENDIAN)));
        assertEquals(8, ExifOrientation.of(jpegWithOrientation(picture, 8, ByteOrder.LITTLE_ENDIAN)));
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(picture, "jpeg", plain);
        assertEquals(ExifOrientation.UPRIGHT, ExifOrientation.of(plain.toByteArray()), "no EXIF: as stored");
        assertEquals(ExifOrientation.UPRIGHT, ExifOrientation.of(jpegWithOrientation(picture, 9, ByteOrder.BIG_ENDIAN)), "no such orientation");
        byte[] cut = jpegWithOrientation(picture, 6, ByteOrder.BIG_ENDIAN);
        assertEquals(ExifOrientation.UPRIGHT, ExifOrientation.of(Arrays.copyOf(cut, 20)), "a truncated segment: as stored");
        assertEquals(ExifOrientation.UPRIGHT, ExifOrientation.of("not a picture".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aPhoneJpegTurnedAQuarterIsDecodedUpright() throws IOException {
        BufferedImage stored = new BufferedImage(40, 20, BufferedImage.TYPE_3BYTE_BGR);
        stored.getGraphics().fillRect(0, 0, 10, 20); // a white band down the stored picture's left edge
        BufferedImage decoded = RecognizeResource.decode(jpegWithOrientation(stored, 6, ByteOrder.BIG_ENDIAN));
        assertEquals(20, decoded.getWidth());
        assertEquals(40, decoded.getHeight());
        // Turned a quarter clockwise, the stored left edge is the top.
        assertEquals(255, decoded.getRGB(10, 2) & 0xFF, "the band is at the top");
        assertEquals(0, decoded.getRGB(10, 37) & 0xFF, "the rest is dark");
    }
}
