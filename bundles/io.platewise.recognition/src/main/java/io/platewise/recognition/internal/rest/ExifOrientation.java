package io.platewise.recognition.internal.rest;

import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The EXIF orientation of a JPEG (tag 0x0112 of its first image directory), and the picture turned
 * upright by it. Phones store a photo as the sensor saw it and say in this tag how to turn it; Java's
 * image decoders ignore the tag, and a plate lying on its side is not found. Only the orientation is
 * read: a TIFF header and one directory, nothing else of the EXIF data.
 */
final class ExifOrientation {

    /** As stored: no turn. */
    static final int UPRIGHT = 1;

    private static final int ORIENTATION_TAG = 0x0112;

    private ExifOrientation() {
    }

    /** The orientation, 1 to 8, of a JPEG's bytes; {@link #UPRIGHT} where they hold none (or are no JPEG, or malformed). */
    static int of(byte[] jpeg) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(jpeg).order(ByteOrder.BIG_ENDIAN);
            if (bytes.remaining() < 4 || bytes.getShort() != (short) 0xFFD8) {
                return UPRIGHT;
            }
            while (bytes.remaining() >= 4) {
                int marker = bytes.getShort() & 0xFFFF;
                int length = bytes.getShort() & 0xFFFF;
                if ((marker & 0xFF00) != 0xFF00 || marker == 0xFFDA || length < 2) {
                    return UPRIGHT; // not a segment, or the image data begins: no EXIF before it
                }
                int start = bytes.position();
                if (marker == 0xFFE1 && length >= 8 && bytes.getInt() == 0x45786966 && bytes.getShort() == 0) { // "Exif\0\0"
                    return orientation(ByteBuffer.wrap(jpeg, bytes.position(), start + length - 2 - bytes.position()).slice());
                }
                bytes.position(start + length - 2);
            }
        } catch (RuntimeException e) {
            // A truncated or inconsistent segment: the picture is read as stored.
        }
        return UPRIGHT;
    }

    private static int orientation(ByteBuffer tiff) {
        short order = tiff.getShort(0);
        tiff.order(order == 0x4949 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        if ((order != 0x4949 && order != 0x4D4D) || tiff.getShort(2) != 42) {
            return UPRIGHT;
        }
        int directory = tiff.getInt(4);
        int entries = tiff.getShort(directory) & 0xFFFF;
        for (int i = 0; i < entries; i++) {
            int entry = directory + 2 + 12 * i;
            if ((tiff.getShort(entry) & 0xFFFF) == ORIENTATION_TAG) {
                int value = tiff.getShort(entry + 8) & 0xFFFF;
                return value >= 1 && value <= 8 ? value : UPRIGHT;
            }
        }
        return UPRIGHT;
    }

    /**
     * The picture as it is meant to be seen: turned and mirrored as the orientation says (2 mirrored,
     * 3 half a turn, 4 flipped, 5 mirrored across the main diagonal, 6 a quarter turn clockwise, 7 mirrored
     * across the other diagonal, 8 a quarter turn anticlockwise).
     */
    static BufferedImage upright(BufferedImage stored, int orientation) {
        if (orientation <= UPRIGHT || orientation > 8) {
            return stored;
        }
        double width = stored.getWidth();
        double height = stored.getHeight();
        // Where a stored pixel's corner (x, y) lands: x' = m00 x + m01 y + m02, y' = m10 x + m11 y + m12; whole pixels, so
        // nearest-neighbour sampling moves each pixel exactly.
        AffineTransform turn = switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, width, 0);
            case 3 -> new AffineTransform(-1, 0, 0, -1, width, height);
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, height);
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);
            case 6 -> new AffineTransform(0, 1, -1, 0, height, 0);
            case 7 -> new AffineTransform(0, -1, -1, 0, height, width);
            default -> new AffineTransform(0, -1, 1, 0, 0, width);
        };
        boolean sideways = orientation >= 5;
        BufferedImage turned = new BufferedImage(sideways ? stored.getHeight() : stored.getWidth(), sideways ? stored.getWidth() : stored.getHeight(),
                BufferedImage.TYPE_3BYTE_BGR);
        return new AffineTransformOp(turn, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(stored, turned);
    }
}
