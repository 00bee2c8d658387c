package io.platewise.recognition.internal.detection;

/**
 * Turns a frame into the detector's input tensor exactly as tools/training/detector.py does
 * ({@code letterbox}): scaled to fit {@code width x height} keeping its aspect (sizes rounded half
 * to even, as Python's round), half-pixel bilinear sampling with edge clamping, placed top-left,
 * the rest grey 0.5; RGB planes in [0, 1], or normalised as a model's descriptor asks
 * ({@code (v/255 - mean) / std}, see {@link Normalisation}).
 */
public final class DetectorInput {

    static final float FILL = 0.5f;

    /** The tensor and the factor from frame pixels to input pixels. */
    public record Letterboxed(float[] tensor, float scale) {
    }

    /**
     * What a detector does to the [0, 1] values before its first layer, done here instead of in
     * its graph: the letterbox writes {@code (v/255 - mean) / std} for one addition per sample,
     * where ONNX Runtime would spend two passes over the whole tensor (a Sub and a Div, 0.43 ms of
     * a 640x360 run on one core).
     */
    public record Normalisation(float mean, float std) {

        /** The values as they are, in [0, 1]: models whose graph normalises its input itself. */
        public static final Normalisation NONE = new Normalisation(0, 1);

        public Normalisation {
            if (!(std > 0) || !Float.isFinite(std) || !Float.isFinite(mean)) {
                throw new IllegalArgumentException("A detector's input std must be a positive number and its mean a number; got mean "
                        + mean + ", std " + std);
            }
        }

        float apply(float value) {
            return (value - mean) / std;
        }
    }

    private DetectorInput() {
    }

    public static Letterboxed fromBgr(byte[] bgr, int frameWidth, int frameHeight, int width, int height) {
        return fromBgr(bgr, frameWidth, frameHeight, width, height, Normalisation.NONE, null);
    }

    /**
     * As {@link #fromBgr(byte[], int, int, int, int)}, normalised, and into {@code reuse} when it
     * has the tensor's size (every element is written), else into a new array: a 640x360 tensor is
     * 2.7 MB, which the JVM would otherwise allocate and zero for every analysed frame.
     */
    public static Letterboxed fromBgr(byte[] bgr, int frameWidth, int frameHeight, int width, int height, Normalisation normalisation,
            float[] reuse) {
        double scale = Math.min((double) width / frameWidth, (double) height / frameHeight);
        int scaledWidth = Math.max(1, Math.min(width, (int) Math.rint(frameWidth * scale)));
        int scaledHeight = Math.max(1, Math.min(height, (int) Math.rint(frameHeight * scale)));
        float[] tensor = reuse != null && reuse.length == 3 * width * height ? reuse : new float[3 * width * height];
        int plane = width * height;
        if (scaledWidth < width || scaledHeight < height) {
            java.util.Arrays.fill(tensor, normalisation.apply(FILL));
        }
        // Every sample is a weighted sum of bytes whose weights add up to 1/(255 std), plus this.
        float offset = -normalisation.mean() / normalisation.std();
        if (2 * scaledWidth == frameWidth && 2 * scaledHeight == frameHeight) {
            halve(bgr, frameWidth, tensor, width, scaledWidth, scaledHeight, 0.25f / (255f * normalisation.std()), offset);
            return new Letterboxed(tensor, (float) scale);
        }
        // Per output column: the byte offsets of its two source pixels and the weight of the right one.
        int[] left = new int[scaledWidth];
        int[] right = new int[scaledWidth];
        float[] rightWeight = new float[scaledWidth];
        float stepX = (float) frameWidth / scaledWidth;
        for (int x = 0; x < scaledWidth; x++) {
            float sx = clamp((x + 0.5f) * stepX - 0.5f, frameWidth - 1);
            int x0 = (int) Math.floor(sx);
            left[x] = x0 * 3;
            right[x] = Math.min(x0 + 1, frameWidth - 1) * 3;
            rightWeight[x] = sx - x0;
        }
        float stepY = (float) frameHeight / scaledHeight;
        for (int y = 0; y < scaledHeight; y++) {
            float sy = clamp((y + 0.5f) * stepY - 0.5f, frameHeight - 1);
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(y0 + 1, frameHeight - 1);
            // The division by 255 (and the std) folds into the row weights: one multiply less per sample.
            float bottomWeight = (sy - y0) / (255f * normalisation.std());
            float topWeight = (1 - (sy - y0)) / (255f * normalisation.std());
            int top = y0 * frameWidth * 3;
            int bottom = y1 * frameWidth * 3;
            int red = y * width;
            int green = plane + red;
            int blue = 2 * plane + red;
            for (int x = 0; x < scaledWidth; x++) {
                float wx = rightWeight[x];
                float w00 = (1 - wx) * topWeight;
                float w01 = wx * topWeight;
                float w10 = (1 - wx) * bottomWeight;
                float w11 = wx * bottomWeight;
                int a = top + left[x];
                int b = top + right[x];
                int c = bottom + left[x];
                int d = bottom + right[x];
                // BGR in, RGB planes out.
                tensor[blue + x] = (bgr[a] & 0xff) * w00 + (bgr[b] & 0xff) * w01 + (bgr[c] & 0xff) * w10 + (bgr[d] & 0xff) * w11
                        + offset;
                tensor[green + x] = (bgr[a + 1] & 0xff) * w00 + (bgr[b + 1] & 0xff) * w01 + (bgr[c + 1] & 0xff) * w10
                        + (bgr[d + 1] & 0xff) * w11 + offset;
                tensor[red + x] = (bgr[a + 2] & 0xff) * w00 + (bgr[b + 2] & 0xff) * w01 + (bgr[c + 2] & 0xff) * w10
                        + (bgr[d + 2] & 0xff) * w11 + offset;
            }
        }
        return new Letterboxed(tensor, (float) scale);
    }

    /**
     * The half-size case (720p into 640x360, the usual one): every half-pixel sample falls in the
     * middle of a 2x2 block, so the bilinear value is the block's mean. Summing the four bytes as
     * integers and scaling once gives the general path's value within float rounding, in a
     * fraction of its time (no per-column tables, one multiply per sample instead of four).
     */
    private static void halve(byte[] bgr, int frameWidth, float[] tensor, int width, int scaledWidth, int scaledHeight, float weight,
            float offset) {
        int plane = tensor.length / 3;
        int rowBytes = frameWidth * 3;
        for (int y = 0; y < scaledHeight; y++) {
            int top = 2 * y * rowBytes;
            int bottom = top + rowBytes;
            int red = y * width;
            int green = plane + red;
            int blue = 2 * plane + red;
            for (int x = 0; x < scaledWidth; x++) {
                int a = top + 6 * x;
                int c = bottom + 6 * x;
                tensor[blue + x] = ((bgr[a] & 0xff) + (bgr[a + 3] & 0xff) + (bgr[c] & 0xff) + (bgr[c + 3] & 0xff)) * weight + offset;
                tensor[green + x] = ((bgr[a + 1] & 0xff) + (bgr[a + 4] & 0xff) + (bgr[c + 1] & 0xff) + (bgr[c + 4] & 0xff)) * weight
                        + offset;
                tensor[red + x] = ((bgr[a + 2] & 0xff) + (bgr[a + 5] & 0xff) + (bgr[c + 2] & 0xff) + (bgr[c + 5] & 0xff)) * weight
                        + offset;
            }
        }
    }

    private static float clamp(float value, int max) {
        return Math.max(0, Math.min(max, value));
    }
}
