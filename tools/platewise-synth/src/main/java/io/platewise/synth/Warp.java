package io.platewise.synth;

import io.platewise.recognition.api.Homography;
import java.awt.image.BufferedImage;

/** Pastes an image into a quadrilateral of another through a homography, with bilinear sampling and soft edges. */
final class Warp {

    private Warp() {
    }

    /**
     * @param quad the destination corners x0,y0 (top-left), x1,y1 (top-right), x2,y2 (bottom-right), x3,y3 (bottom-left)
     */
    static void paste(BufferedImage target, BufferedImage source, double[] quad) {
        int w = source.getWidth();
        int h = source.getHeight();
        // Maps destination pixels back into the source.
        double[] inverse = Homography.between(quad, new double[] {0, 0, w, 0, w, h, 0, h});
        int minX = (int) Math.max(0, Math.floor(Math.min(Math.min(quad[0], quad[2]), Math.min(quad[4], quad[6]))));
        int maxX = (int) Math.min(target.getWidth() - 1, Math.ceil(Math.max(Math.max(quad[0], quad[2]), Math.max(quad[4], quad[6]))));
        int minY = (int) Math.max(0, Math.floor(Math.min(Math.min(quad[1], quad[3]), Math.min(quad[5], quad[7]))));
        int maxY = (int) Math.min(target.getHeight() - 1, Math.ceil(Math.max(Math.max(quad[1], quad[3]), Math.max(quad[5], quad[7]))));
        for (int y = minY; y <= maxY; y++) {
            for (int x = minX; x <= maxX; x++) {
                double px = x + 0.5;
                double py = y + 0.5;
                double d = inverse[6] * px + inverse[7] * py + 1;
                double u = (inverse[0] * px + inverse[1] * py + inverse[2]) / d - 0.5;
                double v = (inverse[3] * px + inverse[4] * py + inverse[5]) / d - 0.5;
                if (u < -1 || v < -1 || u > w || v > h) {
                    continue;
                }
                int argb = bilinear(source, u, v);
                int alpha = argb >>> 24;
                if (alpha == 0) {
                    continue;
                }
                int under = target.getRGB(x, y);
                target.setRGB(x, y, blend(under, argb, alpha));
            }
        }
    }

    private static int bilinear(BufferedImage image, double u, double v) {
        int x0 = (int) Math.floor(u);
        int y0 = (int) Math.floor(v);
        double fx = u - x0;
        double fy = v - y0;
        double[] sum = new double[4];
        for (int dy = 0; dy <= 1; dy++) {
            for (int dx = 0; dx <= 1; dx++) {
                double weight = (dx == 0 ? 1 - fx : fx) * (dy == 0 ? 1 - fy : fy);
                int x = x0 + dx;
                int y = y0 + dy;
                int argb = x < 0 || y < 0 || x >= image.getWidth() || y >= image.getHeight() ? 0 : image.getRGB(x, y);
                double a = (argb >>> 24) / 255.0;
                sum[0] += weight * a;
                sum[1] += weight * a * ((argb >> 16) & 0xff);
                sum[2] += weight * a * ((argb >> 8) & 0xff);
                sum[3] += weight * a * (argb & 0xff);
            }
        }
        if (sum[0] <= 1e-6) {
            return 0;
        }
        int a = (int) Math.round(sum[0] * 255);
        return a << 24 | (int) Math.round(sum[1] / sum[0]) << 16 | (int) Math.round(sum[2] / sum[0]) << 8 | (int) Math.round(sum[3] / sum[0]);
    }

    private static int blend(int under, int over, int alpha) {
        int r = (((over >> 16) & 0xff) * alpha + ((under >> 16) & 0xff) * (255 - alpha)) / 255;
        int g = (((over >> 8) & 0xff) * alpha + ((under >> 8) & 0xff) * (255 - alpha)) / 255;
        int b = ((over & 0xff) * alpha + (under & 0xff) * (255 - alpha)) / 255;
        return 0xff000000 | r << 16 | g << 8 | b;
    }
}
