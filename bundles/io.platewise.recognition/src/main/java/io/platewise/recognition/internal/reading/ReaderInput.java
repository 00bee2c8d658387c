package io.platewise.recognition.internal.reading;

/**
 * Turns a plate crop into the reader's input tensor, exactly as tools/training/reader.py does
 * ({@code preprocess}): grey = 0.299 R + 0.587 G + 0.114 B; a crop at least twice the input's width
 * (or height) first averaged over blocks of that whole factor, so that the bilinear step never
 * skips pixels (close-up cameras give plates of 250 pixels and more, whose thin strokes alias
 * otherwise); bilinear sampling at half-pixel centres with edge clamping to {@code width x height};
 * then {@code (v / 255 - 0.5) / 0.5}. A parity test holds both sides to the same numbers; a model
 * only reads well on the input it was trained on.
 */
public final class ReaderInput {

    private ReaderInput() {
    }

    /**
     * @param bgr packed BGR, {@code cropWidth * cropHeight * 3} bytes
     * @return {@code height * width} floats, row by row (a [1, height, width] tensor)
     */
    public static float[] fromBgr(byte[] bgr, int cropWidth, int cropHeight, int width, int height) {
        float[] grey = new float[cropWidth * cropHeight];
        for (int p = 0; p < grey.length; p++) {
            float b = bgr[3 * p] & 0xff;
            float g = bgr[3 * p + 1] & 0xff;
            float r = bgr[3 * p + 2] & 0xff;
            grey[p] = r * 0.299f + g * 0.587f + b * 0.114f;
        }
        int blockX = Math.max(1, cropWidth / width);
        int blockY = Math.max(1, cropHeight / height);
        if (blockX > 1 || blockY > 1) {
            grey = blockMeans(grey, cropWidth, cropHeight, blockX, blockY);
            cropWidth /= blockX;
            cropHeight /= blockY;
        }
        float[] out = new float[width * height];
        float scaleY = (float) cropHeight / height;
        float scaleX = (float) cropWidth / width;
        for (int y = 0; y < height; y++) {
            float sy = clamp((y + 0.5f) * scaleY - 0.5f, cropHeight - 1);
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(y0 + 1, cropHeight - 1);
            float fy = sy - y0;
            for (int x = 0; x < width; x++) {
                float sx = clamp((x + 0.5f) * scaleX - 0.5f, cropWidth - 1);
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(x0 + 1, cropWidth - 1);
                float fx = sx - x0;
                float top = grey[y0 * cropWidth + x0] * (1 - fx) + grey[y0 * cropWidth + x1] * fx;
                float bottom = grey[y1 * cropWidth + x0] * (1 - fx) + grey[y1 * cropWidth + x1] * fx;
                float value = top * (1 - fy) + bottom * fy;
                out[y * width + x] = (value / 255f - 0.5f) / 0.5f;
            }
        }
        return out;
    }

    /** Means over blocks of {@code blockX x blockY} pixels; a remainder at the right and bottom edges is left out. */
    private static float[] blockMeans(float[] grey, int width, int height, int blockX, int blockY) {
        int outWidth = width / blockX;
        int outHeight = height / blockY;
        float[] out = new float[outWidth * outHeight];
        float inverse = 1f / (blockX * blockY);
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                float sum = 0;
                for (int dy = 0; dy < blockY; dy++) {
                    int row = (y * blockY + dy) * width + x * blockX;
                    for (int dx = 0; dx < blockX; dx++) {
                        sum += grey[row + dx];
                    }
                }
                out[y * outWidth + x] = sum * inverse;
            }
        }
        return out;
    }

    /** Packed BGR of an image, as frames and crops travel through the pipeline. */
    public static byte[] bgr(java.awt.image.BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] bgr = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int p = 3 * (y * w + x);
                bgr[p] = (byte) rgb;
                bgr[p + 1] = (byte) (rgb >> 8);
                bgr[p + 2] = (byte) (rgb >> 16);
            }
        }
        return bgr;
    }

    private static float clamp(float value, int max) {
        return Math.max(0, Math.min(max, value));
    }
}
