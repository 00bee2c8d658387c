package io.platewise.video;

import java.util.Objects;

/**
 * A decoded frame's pixels. Decoders keep a frame as its 4:2:0 planes where they can (half the
 * bytes of packed BGR) and make packed BGR only when something asks for it: recognition reads a
 * half-size letterbox straight from the planes, so a frame without plates is never converted.
 */
public interface FramePixels {

    int width();

    int height();

    /**
     * Packed BGR (3 bytes per pixel, rows without padding), made on the first call where the frame
     * was kept as planes, and the same array after that. Callers must not change it.
     */
    byte[] bgr();

    /** The planes the decoder gave, where the frame was kept as planes; null when it came as BGR. */
    Yuv420 yuv420();

    /** Pixels that are packed BGR already (images, tests, scaled frames). */
    static FramePixels ofBgr(byte[] bgr, int width, int height) {
        return new Packed(bgr, width, height);
    }

    /**
     * Planar 4:2:0 with BT.601 colours: a full-size luma plane and two chroma planes of half the
     * width and height, rows without padding. Limited range (luma 16-235, chroma 16-240) unless
     * {@code fullRange} (JPEG's 0-255).
     */
    record Yuv420(int width, int height, byte[] y, byte[] u, byte[] v, boolean fullRange) {

        /** BT.601: red, green and blue from the colour differences, in levels per level of U or V. */
        public static final float RED_FROM_V = 1.402f;
        public static final float GREEN_FROM_U = -0.344136f;
        public static final float GREEN_FROM_V = -0.714136f;
        public static final float BLUE_FROM_U = 1.772f;

        public Yuv420 {
            Objects.requireNonNull(y, "y");
            Objects.requireNonNull(u, "u");
            Objects.requireNonNull(v, "v");
            if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
                throw new IllegalArgumentException("4:2:0 planes need even, positive sides; got " + width + "x" + height);
            }
            if (y.length != width * height || u.length != width * height / 4 || v.length != width * height / 4) {
                throw new IllegalArgumentException("Planes of " + y.length + ", " + u.length + " and " + v.length + " bytes do not make a "
                        + width + "x" + height + " 4:2:0 frame");
            }
        }

        /** The luma byte of black: 16 in limited range, 0 in full. */
        public int lumaBlack() {
            return fullRange ? 0 : 16;
        }

        /** Grey levels per luma level above black: 255/219 in limited range, 1 in full. */
        public float lumaScale() {
            return fullRange ? 1f : 255f / 219f;
        }

        /** Colour-difference levels per chroma level: 255/224 in limited range, 1 in full. */
        public float chromaScale() {
            return fullRange ? 1f : 255f / 224f;
        }
    }

    /** Packed BGR as it came. */
    record Packed(byte[] bgr, int width, int height) implements FramePixels {

        public Packed {
            Objects.requireNonNull(bgr, "bgr");
            if (width <= 0 || height <= 0 || bgr.length != 3 * width * height) {
                throw new IllegalArgumentException(bgr.length + " bytes are not a " + width + "x" + height + " BGR frame");
            }
        }

        @Override
        public Yuv420 yuv420() {
            return null;
        }
    }
}
