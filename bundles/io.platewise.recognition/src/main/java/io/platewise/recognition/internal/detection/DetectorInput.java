package io.platewise.recognition.internal.detection;

import io.platewise.video.FramePixels;

/**
 * Turns a frame into the detector's input tensor exactly as tools/training/detector.py does
 * ({@code letterbox}): scaled to fit {@code width x height} keeping its aspect (sizes rounded half
 * to even, as Python's round), half-pixel bilinear sampling with edge clamping, placed top-left,
 * the rest grey 0.5; RGB planes in [0, 1], or normalised as a model's descriptor asks
 * ({@code (v/255 - mean) / std}, see {@link Normalisation}). From packed BGR, or straight from a
 * decoder's 4:2:0 planes ({@link #fromYuv420}), which gives the same samples without converting
 * the frame first.
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

    /**
     * Where the frame goes in the input: scaled to fit keeping its aspect (sizes rounded half to
     * even, as Python's round), top-left, into {@code reuse} when it has the tensor's size, the
     * rest filled with grey.
     */
    private record Layout(double scale, int scaledWidth, int scaledHeight, float[] tensor) {

        static Layout of(int frameWidth, int frameHeight, int width, int height, Normalisation normalisation, float[] reuse) {
            double scale = Math.min((double) width / frameWidth, (double) height / frameHeight);
            int scaledWidth = Math.max(1, Math.min(width, (int) Math.rint(frameWidth * scale)));
            int scaledHeight = Math.max(1, Math.min(height, (int) Math.rint(frameHeight * scale)));
            float[] tensor = reuse != null && reuse.length == 3 * width * height ? reuse : new float[3 * width * height];
            if (scaledWidth < width || scaledHeight < height) {
                java.util.Arrays.fill(tensor, normalisation.apply(FILL));
            }
            return new Layout(scale, scaledWidth, scaledHeight, tensor);
        }

        Letterboxed letterboxed() {
            return new Letterboxed(tensor, (float) scale);
        }
    }

    /**
     * Per output column (or row) of the general (bilinear) path: the offsets of its two source
     * pixels, in elements of {@code elementsPerPixel}, and the weight of the second one.
     */
    private record Taps(int[] first, int[] second, float[] secondWeight) {

        static Taps of(int frameSize, int scaledSize, int elementsPerPixel) {
            int[] first = new int[scaledSize];
            int[] second = new int[scaledSize];
            float[] secondWeight = new float[scaledSize];
            float step = (float) frameSize / scaledSize;
            for (int i = 0; i < scaledSize; i++) {
                float source = clamp((i + 0.5f) * step - 0.5f, frameSize - 1);
                int low = (int) Math.floor(source);
                first[i] = low * elementsPerPixel;
                second[i] = Math.min(low + 1, frameSize - 1) * elementsPerPixel;
                secondWeight[i] = source - low;
            }
            return new Taps(first, second, secondWeight);
        }
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
        Layout layout = Layout.of(frameWidth, frameHeight, width, height, normalisation, reuse);
        float[] tensor = layout.tensor();
        int scaledWidth = layout.scaledWidth();
        int scaledHeight = layout.scaledHeight();
        int plane = width * height;
        // Every sample is a weighted sum of bytes whose weights add up to 1/(255 std), plus this.
        float offset = -normalisation.mean() / normalisation.std();
        if (2 * scaledWidth == frameWidth && 2 * scaledHeight == frameHeight) {
            halve(bgr, frameWidth, tensor, width, scaledWidth, scaledHeight, 0.25f / (255f * normalisation.std()), offset);
            return layout.letterboxed();
        }
        Taps columns = Taps.of(frameWidth, scaledWidth, 3);
        int[] left = columns.first();
        int[] right = columns.second();
        float[] rightWeight = columns.secondWeight();
        Taps rows = Taps.of(frameHeight, scaledHeight, 1);
        for (int y = 0; y < scaledHeight; y++) {
            int y0 = rows.first()[y];
            int y1 = rows.second()[y];
            // The division by 255 (and the std) folds into the row weights: one multiply less per sample.
            float bottomWeight = rows.secondWeight()[y] / (255f * normalisation.std());
            float topWeight = (1 - rows.secondWeight()[y]) / (255f * normalisation.std());
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
        return layout.letterboxed();
    }

    /**
     * As {@link #fromBgr(byte[], int, int, int, int, Normalisation, float[])} of the frame these planes
     * convert to, without converting it: colour conversion is linear, so converting the bilinear
     * sample of the planes (at the same taps, each chroma sample standing for its 2x2 block as in
     * libswscale's conversion) gives the sample of the converted frame. What differs is that frame's
     * rounding to bytes (a level of 255) and where colours leave the range, its clamping per pixel
     * instead of per sample. Reads half the bytes; frames a whole number of times the input's size
     * (720p, 1080p and 4K into 640x360) take paths without per-column tables.
     */
    public static Letterboxed fromYuv420(FramePixels.Yuv420 planes, int width, int height, Normalisation normalisation, float[] reuse) {
        int frameWidth = planes.width();
        int frameHeight = planes.height();
        Layout layout = Layout.of(frameWidth, frameHeight, width, height, normalisation, reuse);
        float[] tensor = layout.tensor();
        int scaledWidth = layout.scaledWidth();
        int scaledHeight = layout.scaledHeight();
        Colours colours = new Colours(planes, normalisation);
        if (2 * scaledWidth == frameWidth && 2 * scaledHeight == frameHeight) {
            halveYuv(planes, tensor, width, scaledWidth, scaledHeight, colours);
            colours.clamp(tensor);
            return layout.letterboxed();
        }
        int factor = frameWidth / scaledWidth;
        if (factor >= 3 && factor * scaledWidth == frameWidth && factor * scaledHeight == frameHeight) {
            shrinkYuv(planes, tensor, width, scaledWidth, scaledHeight, factor, colours);
            colours.clamp(tensor);
            return layout.letterboxed();
        }
        int chromaWidth = frameWidth / 2;
        Taps columns = Taps.of(frameWidth, scaledWidth, 1);
        int[] left = columns.first();
        int[] right = columns.second();
        float[] rightWeight = columns.secondWeight();
        Taps rows = Taps.of(frameHeight, scaledHeight, 1);
        byte[] luma = planes.y();
        byte[] blueDifference = planes.u();
        byte[] redDifference = planes.v();
        int plane = width * height;
        for (int y = 0; y < scaledHeight; y++) {
            int y0 = rows.first()[y];
            int y1 = rows.second()[y];
            float bottomWeight = rows.secondWeight()[y];
            float topWeight = 1 - bottomWeight;
            int top = y0 * frameWidth;
            int bottom = y1 * frameWidth;
            int chromaTop = (y0 >> 1) * chromaWidth;
            int chromaBottom = (y1 >> 1) * chromaWidth;
            int red = y * width;
            int green = plane + red;
            int blue = 2 * plane + red;
            for (int x = 0; x < scaledWidth; x++) {
                float wx = rightWeight[x];
                float w00 = (1 - wx) * topWeight;
                float w01 = wx * topWeight;
                float w10 = (1 - wx) * bottomWeight;
                float w11 = wx * bottomWeight;
                int l = left[x];
                int r = right[x];
                float yValue = (luma[top + l] & 0xff) * w00 + (luma[top + r] & 0xff) * w01 + (luma[bottom + l] & 0xff) * w10
                        + (luma[bottom + r] & 0xff) * w11;
                int cl = l >> 1;
                int cr = r >> 1;
                float uValue = (blueDifference[chromaTop + cl] & 0xff) * w00 + (blueDifference[chromaTop + cr] & 0xff) * w01
                        + (blueDifference[chromaBottom + cl] & 0xff) * w10 + (blueDifference[chromaBottom + cr] & 0xff) * w11;
                float vValue = (redDifference[chromaTop + cl] & 0xff) * w00 + (redDifference[chromaTop + cr] & 0xff) * w01
                        + (redDifference[chromaBottom + cl] & 0xff) * w10 + (redDifference[chromaBottom + cr] & 0xff) * w11;
                colours.write(tensor, red + x, green + x, blue + x, yValue * colours.luma + colours.base, uValue, vValue);
            }
        }
        colours.clamp(tensor);
        return layout.letterboxed();
    }

    /**
     * The half-size case from planes: a 2x2 block of luma and the one chroma sample it shares, every
     * term looked up in {@link Colours}' tables (the same float operations as {@link Colours#write}).
     */
    private static void halveYuv(FramePixels.Yuv420 planes, float[] tensor, int width, int scaledWidth, int scaledHeight, Colours colours) {
        int plane = tensor.length / 3;
        int frameWidth = planes.width();
        byte[] luma = planes.y();
        byte[] blueDifference = planes.u();
        byte[] redDifference = planes.v();
        float[] lumaOfBlock = colours.lumaOfSums(4);
        // The tables in locals and the three writes spelled out here: through a method of Colours reading its
        // fields, the JIT left this loop at 1.51 ms per 720p frame against 1.13-1.20 (bench pipeline, in turns).
        float[] redOfV = colours.redOfV;
        float[] greenOfU = colours.greenOfU;
        float[] greenOfV = colours.greenOfV;
        float[] blueOfU = colours.blueOfU;
        for (int y = 0; y < scaledHeight; y++) {
            int top = 2 * y * frameWidth;
            int bottom = top + frameWidth;
            int chroma = y * (frameWidth / 2);
            int red = y * width;
            int green = plane + red;
            int blue = 2 * plane + red;
            for (int x = 0; x < scaledWidth; x++) {
                int a = top + 2 * x;
                int c = bottom + 2 * x;
                float lumaValue = lumaOfBlock[(luma[a] & 0xff) + (luma[a + 1] & 0xff) + (luma[c] & 0xff) + (luma[c + 1] & 0xff)];
                int u = blueDifference[chroma + x] & 0xff;
                int v = redDifference[chroma + x] & 0xff;
                tensor[red + x] = lumaValue + redOfV[v];
                tensor[green + x] = lumaValue + greenOfU[u] + greenOfV[v];
                tensor[blue + x] = lumaValue + blueOfU[u];
            }
        }
    }

    /**
     * A whole factor of 3 or more (1080p into 640x360 is 3): every half-pixel sample falls on a
     * pixel's centre (odd factors) or between two pixels (even ones), so the bilinear sample is one
     * pixel, or the mean of a 2x2 block, and its chroma that of the same taps.
     */
    private static void shrinkYuv(FramePixels.Yuv420 planes, float[] tensor, int width, int scaledWidth, int scaledHeight, int factor,
            Colours colours) {
        int plane = tensor.length / 3;
        int frameWidth = planes.width();
        int chromaWidth = frameWidth / 2;
        byte[] luma = planes.y();
        byte[] blueDifference = planes.u();
        byte[] redDifference = planes.v();
        int first = (factor - 1) / 2;
        int second = factor % 2 == 0 ? 1 : 0;
        if (second == 0) {
            // Odd: one pixel and its chroma sample, looked up as in halveYuv.
            float[] lumaOfPixel = colours.lumaOfSums(1);
            float[] redOfV = colours.redOfV;
            float[] greenOfU = colours.greenOfU;
            float[] greenOfV = colours.greenOfV;
            float[] blueOfU = colours.blueOfU;
            for (int y = 0; y < scaledHeight; y++) {
                int y0 = factor * y + first;
                int row = y0 * frameWidth + first;
                int chromaRow = (y0 >> 1) * chromaWidth;
                int red = y * width;
                int green = plane + red;
                int blue = 2 * plane + red;
                for (int x = 0; x < scaledWidth; x++) {
                    int x0 = factor * x;
                    int c = chromaRow + ((x0 + first) >> 1);
                    float lumaValue = lumaOfPixel[luma[row + x0] & 0xff];
                    int u = blueDifference[c] & 0xff;
                    int v = redDifference[c] & 0xff;
                    tensor[red + x] = lumaValue + redOfV[v];
                    tensor[green + x] = lumaValue + greenOfU[u] + greenOfV[v];
                    tensor[blue + x] = lumaValue + blueOfU[u];
                }
            }
            return;
        }
        float blockLuma = colours.luma * 0.25f;
        for (int y = 0; y < scaledHeight; y++) {
            int y0 = factor * y + first;
            int top = y0 * frameWidth;
            int bottom = (y0 + second) * frameWidth;
            int chromaTop = (y0 >> 1) * chromaWidth;
            int chromaBottom = ((y0 + second) >> 1) * chromaWidth;
            int red = y * width;
            int green = plane + red;
            int blue = 2 * plane + red;
            for (int x = 0; x < scaledWidth; x++) {
                int x0 = factor * x + first;
                int x1 = x0 + second;
                int sum = (luma[top + x0] & 0xff) + (luma[top + x1] & 0xff) + (luma[bottom + x0] & 0xff) + (luma[bottom + x1] & 0xff);
                int c0 = x0 >> 1;
                int c1 = x1 >> 1;
                float u = ((blueDifference[chromaTop + c0] & 0xff) + (blueDifference[chromaTop + c1] & 0xff)
                        + (blueDifference[chromaBottom + c0] & 0xff) + (blueDifference[chromaBottom + c1] & 0xff)) * 0.25f;
                float v = ((redDifference[chromaTop + c0] & 0xff) + (redDifference[chromaTop + c1] & 0xff)
                        + (redDifference[chromaBottom + c0] & 0xff) + (redDifference[chromaBottom + c1] & 0xff)) * 0.25f;
                colours.write(tensor, red + x, green + x, blue + x, sum * blockLuma + colours.base, u, v);
            }
        }
    }

    /**
     * BT.601 from luma and colour differences to the normalised tensor value, scaled once: every
     * coefficient carries the 1/(255 std) and the offset the {@link Normalisation} asks for. The
     * values are then clamped to a byte's range, as a converted frame's pixels are.
     */
    private static final class Colours {
        final float luma;
        final float base;
        private final float redFromV;
        private final float greenFromU;
        private final float greenFromV;
        private final float blueFromU;
        private final float low;
        private final float high;
        /** Per chroma byte, its term in red, green and blue ({@link #write}'s products for u and v bytes). */
        private final float[] redOfV = new float[256];
        private final float[] greenOfU = new float[256];
        private final float[] greenOfV = new float[256];
        private final float[] blueOfU = new float[256];

        Colours(FramePixels.Yuv420 planes, Normalisation normalisation) {
            float weight = 1f / (255f * normalisation.std());
            float offset = -normalisation.mean() / normalisation.std();
            luma = planes.lumaScale() * weight;
            base = offset - planes.lumaBlack() * luma;
            float chroma = planes.chromaScale() * weight;
            redFromV = FramePixels.Yuv420.RED_FROM_V * chroma;
            greenFromU = FramePixels.Yuv420.GREEN_FROM_U * chroma;
            greenFromV = FramePixels.Yuv420.GREEN_FROM_V * chroma;
            blueFromU = FramePixels.Yuv420.BLUE_FROM_U * chroma;
            low = offset;
            high = offset + 255 * weight;
            for (int level = 0; level < 256; level++) {
                float difference = level - 128f;
                redOfV[level] = redFromV * difference;
                greenOfU[level] = greenFromU * difference;
                greenOfV[level] = greenFromV * difference;
                blueOfU[level] = blueFromU * difference;
            }
        }

        /**
         * The luma term of every sum of {@code count} luma bytes (their mean, scaled and offset), for
         * the paths whose samples are whole pixels or blocks: a table read costs less than turning
         * the sum into a float and scaling it, and gives the same value.
         */
        float[] lumaOfSums(int count) {
            float scale = luma * (1f / count);
            float[] table = new float[255 * count + 1];
            for (int sum = 0; sum < table.length; sum++) {
                table[sum] = sum * scale + base;
            }
            return table;
        }

        /** @param lumaValue the luma term, already scaled and offset; u and v as bytes (128 is grey) */
        void write(float[] tensor, int red, int green, int blue, float lumaValue, float u, float v) {
            float d = u - 128;
            float e = v - 128;
            tensor[red] = lumaValue + redFromV * e;
            tensor[green] = lumaValue + greenFromU * d + greenFromV * e;
            tensor[blue] = lumaValue + blueFromU * d;
        }

        /** In a pass of its own, which the JIT vectorises (in the loop above it costs a third of the time). */
        void clamp(float[] tensor) {
            for (int i = 0; i < tensor.length; i++) {
                tensor[i] = Math.max(low, Math.min(high, tensor[i]));
            }
        }
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

    /** The area's planes, copied out of the frame's (the area's origin and sides are even, so chroma stays aligned). */
    static FramePixels.Yuv420 crop(FramePixels.Yuv420 planes, DetectionArea area) {
        int width = area.width();
        int height = area.height();
        byte[] y = new byte[width * height];
        byte[] u = new byte[width * height / 4];
        byte[] v = new byte[width * height / 4];
        for (int row = 0; row < height; row++) {
            System.arraycopy(planes.y(), (area.y() + row) * planes.width() + area.x(), y, row * width, width);
        }
        int chromaWidth = width / 2;
        int frameChromaWidth = planes.width() / 2;
        for (int row = 0; row < height / 2; row++) {
            int from = (area.y() / 2 + row) * frameChromaWidth + area.x() / 2;
            System.arraycopy(planes.u(), from, u, row * chromaWidth, chromaWidth);
            System.arraycopy(planes.v(), from, v, row * chromaWidth, chromaWidth);
        }
        return new FramePixels.Yuv420(width, height, y, u, v, planes.fullRange());
    }

    /** The area's pixels, copied out of a packed BGR frame {@code frameWidth} pixels wide. */
    static byte[] crop(byte[] bgr, int frameWidth, DetectionArea area) {
        int rowBytes = 3 * area.width();
        byte[] cropped = new byte[rowBytes * area.height()];
        for (int row = 0; row < area.height(); row++) {
            System.arraycopy(bgr, 3 * ((area.y() + row) * frameWidth + area.x()), cropped, row * rowBytes, rowBytes);
        }
        return cropped;
    }

    private static float clamp(float value, int max) {
        return Math.max(0, Math.min(max, value));
    }
}
