package io.platewise.recognition.internal.reading;

import io.platewise.recognition.api.Homography;
import io.platewise.video.FramePixels;

/**
 * Cuts a plate out of a frame and straightens it: the quadrilateral the detector found (widened by
 * a margin, as the reader's training crops have one) is mapped onto an upright rectangle of about
 * its own size by a perspective transform, sampled bilinearly. From packed BGR, or from a decoded
 * frame's 4:2:0 planes, sampled at the same points and converted per crop pixel, so that a frame
 * with plates is not converted whole either.
 */
public final class PlateCropper {

    /** A packed BGR crop. */
    public record Crop(byte[] bgr, int width, int height) {
    }

    /** How far a cut reaches past the detected corners, in fractions of the plate's width (x) and height (y) each side. */
    public record Margins(float x, float y) {
    }

    /** The margins of the reader's training crops. */
    public static final Margins TRAINED = new Margins(0.04f, 0.08f);

    private static final int MAX_WIDTH = 320;

    private PlateCropper() {
    }

    /** A frame's plate: from its planes where it kept them, else from its BGR. */
    public static Crop rectify(FramePixels pixels, float[] quad) {
        return rectify(pixels, quad, TRAINED);
    }

    /** A frame's plate with other margins than the trained ones. */
    public static Crop rectify(FramePixels pixels, float[] quad, Margins margins) {
        FramePixels.Yuv420 planes = pixels.yuv420();
        if (planes == null) {
            return rectify(pixels.bgr(), pixels.width(), pixels.height(), quad, margins);
        }
        return rectify(new PlanesSource(planes), planes.width(), planes.height(), quad, margins);
    }

    /**
     * @param quad corners x,y: top-left, top-right, bottom-right, bottom-left, in frame pixels
     */
    public static Crop rectify(byte[] bgr, int frameWidth, int frameHeight, float[] quad) {
        return rectify(bgr, frameWidth, frameHeight, quad, TRAINED);
    }

    /** A plate from packed BGR with other margins than the trained ones. */
    public static Crop rectify(byte[] bgr, int frameWidth, int frameHeight, float[] quad, Margins margins) {
        return rectify(new BgrSource(bgr, frameWidth, frameHeight), frameWidth, frameHeight, quad, margins);
    }

    private static Crop rectify(Source source, int frameWidth, int frameHeight, float[] quad, Margins margins) {
        double top = Math.hypot(quad[2] - quad[0], quad[3] - quad[1]);
        double bottom = Math.hypot(quad[4] - quad[6], quad[5] - quad[7]);
        double left = Math.hypot(quad[6] - quad[0], quad[7] - quad[1]);
        double right = Math.hypot(quad[4] - quad[2], quad[5] - quad[3]);
        double plateWidth = Math.max(top, bottom);
        double plateHeight = Math.max(left, right);
        double shrink = Math.min(1, MAX_WIDTH / Math.max(1, plateWidth));
        int width = Math.max(8, (int) Math.round(plateWidth * (1 + 2 * margins.x()) * shrink));
        int height = Math.max(4, (int) Math.round(plateHeight * (1 + 2 * margins.y()) * shrink));
        // The output rectangle's plate corners (inside the margin) map onto the quad.
        double mx = width * margins.x() / (1 + 2 * margins.x());
        double my = height * margins.y() / (1 + 2 * margins.y());
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
                sx = Math.max(0, Math.min(frameWidth - 1, sx));
                sy = Math.max(0, Math.min(frameHeight - 1, sy));
                int x0 = (int) sx;
                int y0 = (int) sy;
                source.sample(x0, y0, Math.min(x0 + 1, frameWidth - 1), Math.min(y0 + 1, frameHeight - 1), sx - x0, sy - y0, out,
                        3 * (y * width + x));
            }
        }
        return new Crop(out, width, height);
    }

    /** Writes the BGR of one bilinear sample between four pixels. */
    private interface Source {
        void sample(int x0, int y0, int x1, int y1, double fx, double fy, byte[] out, int at);
    }

    private record BgrSource(byte[] bgr, int width, int height) implements Source {
        @Override
        public void sample(int x0, int y0, int x1, int y1, double fx, double fy, byte[] out, int at) {
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

    /**
     * Samples luma and chroma at the same taps (each chroma sample standing for its 2x2 block, as a
     * decoder's conversion has it) and converts the sample: the bilinear sample of the converted
     * frame, but for that frame's rounding and clamping per pixel (see DetectorInput.fromYuv420).
     */
    private static final class PlanesSource implements Source {
        private final FramePixels.Yuv420 planes;
        private final int width;
        private final int chromaWidth;
        private final double lumaScale;
        private final int lumaBlack;
        private final double chromaScale;

        PlanesSource(FramePixels.Yuv420 planes) {
            this.planes = planes;
            this.width = planes.width();
            this.chromaWidth = width / 2;
            this.lumaScale = planes.lumaScale();
            this.lumaBlack = planes.lumaBlack();
            this.chromaScale = planes.chromaScale();
        }

        @Override
        public void sample(int x0, int y0, int x1, int y1, double fx, double fy, byte[] out, int at) {
            double w00 = (1 - fx) * (1 - fy);
            double w01 = fx * (1 - fy);
            double w10 = (1 - fx) * fy;
            double w11 = fx * fy;
            byte[] y = planes.y();
            double luma = (y[y0 * width + x0] & 0xff) * w00 + (y[y0 * width + x1] & 0xff) * w01 + (y[y1 * width + x0] & 0xff) * w10
                    + (y[y1 * width + x1] & 0xff) * w11;
            int c00 = (y0 >> 1) * chromaWidth + (x0 >> 1);
            int c01 = (y0 >> 1) * chromaWidth + (x1 >> 1);
            int c10 = (y1 >> 1) * chromaWidth + (x0 >> 1);
            int c11 = (y1 >> 1) * chromaWidth + (x1 >> 1);
            byte[] u = planes.u();
            byte[] v = planes.v();
            double d = ((u[c00] & 0xff) * w00 + (u[c01] & 0xff) * w01 + (u[c10] & 0xff) * w10 + (u[c11] & 0xff) * w11 - 128) * chromaScale;
            double e = ((v[c00] & 0xff) * w00 + (v[c01] & 0xff) * w01 + (v[c10] & 0xff) * w10 + (v[c11] & 0xff) * w11 - 128) * chromaScale;
            luma = (luma - lumaBlack) * lumaScale;
            out[at] = toByte(luma + FramePixels.Yuv420.BLUE_FROM_U * d);
            out[at + 1] = toByte(luma + FramePixels.Yuv420.GREEN_FROM_U * d + FramePixels.Yuv420.GREEN_FROM_V * e);
            out[at + 2] = toByte(luma + FramePixels.Yuv420.RED_FROM_V * e);
        }

        private static byte toByte(double value) {
            return (byte) Math.max(0, Math.min(255, Math.round(value)));
        }
    }
}
