package io.platewise.recognition.internal.frames;

import io.platewise.video.FramePixels;
import java.util.function.Supplier;

/** Frames as a decoder keeps them (4:2:0 planes) made from BGR images, and converted back as a decoder converts them. */
public final class TestPlanes {

    private TestPlanes() {
    }

    /** A frame kept as these planes, as a decoder keeps it, whose BGR (when asked) comes from {@code bgr}. */
    public static FramePixels pixels(FramePixels.Yuv420 planes, Supplier<byte[]> bgr) {
        return new FramePixels() {
            @Override
            public int width() {
                return planes.width();
            }

            @Override
            public int height() {
                return planes.height();
            }

            @Override
            public byte[] bgr() {
                return bgr.get();
            }

            @Override
            public Yuv420 yuv420() {
                return planes;
            }
        };
    }

    /** BT.601 4:2:0 of a BGR image (cropped to even sides), chroma the mean of each 2x2 block, as encoders make it. */
    public static FramePixels.Yuv420 fromBgr(byte[] bgr, int imageWidth, int imageHeight, boolean fullRange) {
        int width = imageWidth & ~1;
        int height = imageHeight & ~1;
        byte[] y = new byte[width * height];
        byte[] u = new byte[width * height / 4];
        byte[] v = new byte[width * height / 4];
        double lumaScale = fullRange ? 1 : 219.0 / 255;
        double chromaScale = fullRange ? 1 : 224.0 / 255;
        double lumaOffset = fullRange ? 0 : 16;
        for (int row = 0; row < height; row += 2) {
            for (int x = 0; x < width; x += 2) {
                double uSum = 0;
                double vSum = 0;
                for (int k = 0; k < 4; k++) {
                    int p = 3 * ((row + k / 2) * imageWidth + x + k % 2);
                    double b = bgr[p] & 0xff;
                    double g = bgr[p + 1] & 0xff;
                    double r = bgr[p + 2] & 0xff;
                    double luma = 0.299 * r + 0.587 * g + 0.114 * b;
                    y[(row + k / 2) * width + x + k % 2] = (byte) Math.round(lumaOffset + lumaScale * luma);
                    uSum += (b - luma) / 1.772;
                    vSum += (r - luma) / 1.402;
                }
                int chroma = (row / 2) * (width / 2) + x / 2;
                u[chroma] = (byte) Math.max(0, Math.min(255, Math.round(128 + chromaScale * uSum / 4)));
                v[chroma] = (byte) Math.max(0, Math.min(255, Math.round(128 + chromaScale * vSum / 4)));
            }
        }
        return new FramePixels.Yuv420(width, height, y, u, v, fullRange);
    }

    /** The planes converted as a decoder converts them: each chroma sample for its block, rounded and clamped per pixel. */
    public static byte[] toBgr(FramePixels.Yuv420 planes) {
        int width = planes.width();
        byte[] bgr = new byte[3 * width * planes.height()];
        double lumaScale = planes.fullRange() ? 1 : 255.0 / 219;
        double chromaScale = planes.fullRange() ? 1 : 255.0 / 224;
        double lumaOffset = planes.fullRange() ? 0 : 16;
        for (int row = 0; row < planes.height(); row++) {
            for (int x = 0; x < width; x++) {
                double luma = lumaScale * ((planes.y()[row * width + x] & 0xff) - lumaOffset);
                int chroma = (row / 2) * (width / 2) + x / 2;
                double d = chromaScale * ((planes.u()[chroma] & 0xff) - 128);
                double e = chromaScale * ((planes.v()[chroma] & 0xff) - 128);
                int p = 3 * (row * width + x);
                bgr[p] = toByte(luma + 1.772 * d);
                bgr[p + 1] = toByte(luma - 0.344136 * d - 0.714136 * e);
                bgr[p + 2] = toByte(luma + 1.402 * e);
            }
        }
        return bgr;
    }

    private static byte toByte(double value) {
        return (byte) Math.max(0, Math.min(255, Math.round(value)));
    }
}
