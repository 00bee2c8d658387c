package io.platewise.video.internal;

import io.platewise.video.FramePixels.Yuv420;

/**
 * BT.601 4:2:0 to packed BGR in Java, each chroma sample for its 2x2 block of pixels, as libswscale's
 * unscaled converter does (rounded, where libswscale's SIMD code truncates: it comes out about one
 * level darker). About ten times slower than libswscale, so it serves only frames whose decoder has
 * closed.
 */
final class Yuv420Colours {

    private Yuv420Colours() {
    }

    static byte[] toBgr(Yuv420 planes) {
        int width = planes.width();
        int height = planes.height();
        byte[] y = planes.y();
        byte[] u = planes.u();
        byte[] v = planes.v();
        // Fixed point, 16 fractional bits: limited range stretches luma by 255/219 and chroma by 255/224.
        boolean full = planes.fullRange();
        int lumaScale = full ? 65536 : 76309;
        int lumaOffset = full ? 0 : 16;
        int vToRed = full ? 91881 : 104597;
        int uToGreen = full ? -22554 : -25675;
        int vToGreen = full ? -46802 : -53279;
        int uToBlue = full ? 116130 : 132201;
        byte[] bgr = new byte[3 * width * height];
        int chromaWidth = width / 2;
        for (int row = 0; row < height; row++) {
            int lumaRow = row * width;
            int chromaRow = (row >> 1) * chromaWidth;
            int out = 3 * lumaRow;
            for (int x = 0; x < width; x++) {
                int luma = ((y[lumaRow + x] & 0xff) - lumaOffset) * lumaScale + 32768;
                int d = (u[chromaRow + (x >> 1)] & 0xff) - 128;
                int e = (v[chromaRow + (x >> 1)] & 0xff) - 128;
                bgr[out++] = clamp((luma + uToBlue * d) >> 16);
                bgr[out++] = clamp((luma + uToGreen * d + vToGreen * e) >> 16);
                bgr[out++] = clamp((luma + vToRed * e) >> 16);
            }
        }
        return bgr;
    }

    private static byte clamp(int value) {
        return (byte) (value < 0 ? 0 : value > 255 ? 255 : value);
    }
}
