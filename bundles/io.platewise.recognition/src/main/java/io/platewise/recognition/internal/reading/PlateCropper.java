package io.platewise.recognition.internal.reading;

import io.platewise.recognition.api.Homography;

/**
 * Cuts a plate out of a frame and straightens it: the quadrilateral the detector found (widened by
 * a margin, as the reader's training crops have one) is mapped onto an upright rectangle of about
 * its own size by a perspective transform, sampled bilinearly.
 */
public final class PlateCropper {

    /** A packed BGR crop. */
    public record Crop(byte[] bgr, int width, int height) {
    }

    private static final float MARGIN_X = 0.04f;
    private static final float MARGIN_Y = 0.08f;
    private static final int MAX_WIDTH = 320;

    private PlateCropper() {
    }

    /**
     * @param quad corners x,y: top-left, top-right, bottom-right, bottom-left, in frame pixels
     */
    public static Crop rectify(byte[] bgr, int frameWidth, int frameHeight, float[] quad) {
        double top = Math.hypot(quad[2] - quad[0], quad[3] - quad[1]);
        double bottom = Math.hypot(quad[4] - quad[6], quad[5] - quad[7]);
        double left = Math.hypot(quad[6] - quad[0], quad[7] - quad[1]);
        double right = Math.hypot(quad[4] - quad[2], quad[5] - quad[3]);
        double plateWidth = Math.max(top, bottom);
        double plateHeight = Math.max(left, right);
        double shrink = Math.min(1, MAX_WIDTH / Math.max(1, plateWidth));
        int width = Math.max(8, (int) Math.round(plateWidth * (1 + 2 * MARGIN_X) * shrink));
        int height = Math.max(4, (int) Math.round(plateHeight * (1 + 2 * MARGIN_Y) * shrink));
        // The output rectangle's plate corners (inside the margin) map onto the quad.
        double mx = width * MARGIN_X / (1 + 2 * MARGIN_X);
        double my = height * MARGIN_Y / (1 + 2 * MARGIN_Y);
        double[] from = {mx, my, width - mx, my, width - mx, height - my, mx, height - my};
        double[] to = new double[8];
        for (int i = 0; i < 8; i++) {
            to[i] = quad[i];
        }
        double[] h = Homography.between(from, to);
        byte[] out = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = x + 0.5;
                double v = y + 0.5;
                double w = h[6] * u + h[7] * v + 1;
                double sx = (h[0] * u + h[1] * v + h[2]) / w - 0.5;
                double sy = (h[3] * u + h[4] * v + h[5]) / w - 0.5;
                sample(bgr, frameWidth, frameHeight, sx, sy, out, 3 * (y * width + x));
            }
        }
        return new Crop(out, width, height);
    }

    private static void sample(byte[] bgr, int width, int height, double sx, double sy, byte[] out, int at) {
        sx = Math.max(0, Math.min(width - 1, sx));
        sy = Math.max(0, Math.min(height - 1, sy));
        int x0 = (int) sx;
        int y0 = (int) sy;
        int x1 = Math.min(x0 + 1, width - 1);
        int y1 = Math.min(y0 + 1, height - 1);
        double fx = sx - x0;
        double fy = sy - y0;
        for (int c = 0; c < 3; c++) {
            double a = bgr[3 * (y0 * width + x0) + c] & 0xff;
            double b = bgr[3 * (y0 * width + x1) + c] & 0xff;
            double d = bgr[3 * (y1 * width + x0) + c] & 0xff;
            double e = bgr[3 * (y1 * width + x1) + c] & 0xff;
            double value = (a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy;
            out[at + c] = (byte) Math.round(value);
        }
    }
}
