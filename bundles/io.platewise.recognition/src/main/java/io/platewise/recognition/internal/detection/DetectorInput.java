package io.platewise.recognition.internal.detection;

/**
 * Turns a frame into the detector's input tensor exactly as tools/training/detector.py does
 * ({@code letterbox}): scaled to fit {@code width x height} keeping its aspect (sizes rounded half
 * to even, as Python's round), half-pixel bilinear sampling with edge clamping, placed top-left,
 * the rest grey 0.5; RGB planes in [0, 1].
 */
public final class DetectorInput {

    static final float FILL = 0.5f;

    /** The tensor and the factor from frame pixels to input pixels. */
    public record Letterboxed(float[] tensor, float scale) {
    }

    private DetectorInput() {
    }

    public static Letterboxed fromBgr(byte[] bgr, int frameWidth, int frameHeight, int width, int height) {
        double scale = Math.min((double) width / frameWidth, (double) height / frameHeight);
        int scaledWidth = Math.max(1, Math.min(width, (int) Math.rint(frameWidth * scale)));
        int scaledHeight = Math.max(1, Math.min(height, (int) Math.rint(frameHeight * scale)));
        float[] tensor = new float[3 * width * height];
        java.util.Arrays.fill(tensor, FILL);
        int[] x0 = new int[scaledWidth];
        int[] x1 = new int[scaledWidth];
        float[] fx = new float[scaledWidth];
        float stepX = (float) frameWidth / scaledWidth;
        for (int x = 0; x < scaledWidth; x++) {
            float sx = clamp((x + 0.5f) * stepX - 0.5f, frameWidth - 1);
            x0[x] = (int) Math.floor(sx);
            x1[x] = Math.min(x0[x] + 1, frameWidth - 1);
            fx[x] = sx - x0[x];
        }
        float stepY = (float) frameHeight / scaledHeight;
        int plane = width * height;
        for (int y = 0; y < scaledHeight; y++) {
            float sy = clamp((y + 0.5f) * stepY - 0.5f, frameHeight - 1);
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(y0 + 1, frameHeight - 1);
            float fy = sy - y0;
            int row0 = y0 * frameWidth * 3;
            int row1 = y1 * frameWidth * 3;
            for (int x = 0; x < scaledWidth; x++) {
                int a = row0 + x0[x] * 3;
                int b = row0 + x1[x] * 3;
                int c = row1 + x0[x] * 3;
                int d = row1 + x1[x] * 3;
                float wx = fx[x];
                int out = y * width + x;
                // BGR in, RGB planes out.
                for (int channel = 0; channel < 3; channel++) {
                    float top = (bgr[a + channel] & 0xff) * (1 - wx) + (bgr[b + channel] & 0xff) * wx;
                    float bottom = (bgr[c + channel] & 0xff) * (1 - wx) + (bgr[d + channel] & 0xff) * wx;
                    tensor[(2 - channel) * plane + out] = (top * (1 - fy) + bottom * fy) / 255f;
                }
            }
        }
        return new Letterboxed(tensor, (float) scale);
    }

    private static float clamp(float value, int max) {
        return Math.max(0, Math.min(max, value));
    }
}
