package io.platewise.synth;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.util.Random;

/** What real cameras add to a plate: blur, motion, noise, low light and IR, dirt, things in front. */
final class Effects {

    private Effects() {
    }

    static BufferedImage gaussianBlur(BufferedImage image, double sigma) {
        if (sigma < 0.3) {
            return image;
        }
        int radius = (int) Math.ceil(sigma * 2.5);
        float[] weights = new float[2 * radius + 1];
        float total = 0;
        for (int i = -radius; i <= radius; i++) {
            weights[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            total += weights[i + radius];
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= total;
        }
        BufferedImage horizontal = new ConvolveOp(new Kernel(weights.length, 1, weights), ConvolveOp.EDGE_NO_OP, null).filter(image, null);
        return new ConvolveOp(new Kernel(1, weights.length, weights), ConvolveOp.EDGE_NO_OP, null).filter(horizontal, null);
    }

    static BufferedImage motionBlur(BufferedImage image, int length) {
        if (length < 2) {
            return image;
        }
        float[] weights = new float[length];
        java.util.Arrays.fill(weights, 1f / length);
        return new ConvolveOp(new Kernel(length, 1, weights), ConvolveOp.EDGE_NO_OP, null).filter(image, null);
    }

    /** Gaussian sensor noise, and brightness/contrast; {@code night} darkens, {@code infrared} turns grey. */
    static void tone(BufferedImage image, Random random, double noise, double brightness, double contrast, boolean infrared) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int alpha = rgb >>> 24;
                double r = (rgb >> 16) & 0xff;
                double g = (rgb >> 8) & 0xff;
                double b = rgb & 0xff;
                if (infrared) {
                    double grey = 0.3 * r + 0.59 * g + 0.11 * b;
                    r = g = b = grey;
                }
                double n = noise > 0 ? random.nextGaussian() * noise : 0;
                r = (r - 128) * contrast + 128 + brightness + n;
                g = (g - 128) * contrast + 128 + brightness + n;
                b = (b - 128) * contrast + 128 + brightness + n;
                image.setRGB(x, y, alpha << 24 | PlateRenderer.clamp((int) r) << 16 | PlateRenderer.clamp((int) g) << 8
                        | PlateRenderer.clamp((int) b));
            }
        }
    }

    /** Brownish translucent spots on the plate itself (before it is warped). */
    static void dirt(BufferedImage plate, Random random, int spots) {
        Graphics2D g = plate.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setComposite(java.awt.AlphaComposite.SrcAtop);
        for (int i = 0; i < spots; i++) {
            double size = plate.getHeight() * (0.05 + random.nextDouble() * 0.3);
            g.setColor(new Color(90 + random.nextInt(40), 70 + random.nextInt(30), 40 + random.nextInt(20), 40 + random.nextInt(90)));
            g.fill(new Ellipse2D.Double(random.nextDouble() * plate.getWidth(), random.nextDouble() * plate.getHeight(), size * 1.5, size));
        }
        g.dispose();
    }
}
