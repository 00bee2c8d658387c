package io.platewise.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * What a detector's crop holds around a plate on a real car: uneven margins (its corners are never
 * exact), the car's paint in light and shade, the recess or bracket the plate sits in, bumper edges
 * and bolts. Readers trained on crops with a flat margin read those edges as I, 1 or J. The flat
 * margin stays for the stroke-font crops, so that they are drawn as the generator's first version drew them.
 */
final class Surroundings {

    private Surroundings() {
    }

    /** The plate drawn {@code width x height} in an even margin of flat grey: the stroke-font crops' surroundings. */
    static BufferedImage flat(BufferedImage plate, int width, int height, Random random) {
        int marginX = (int) (width * random.nextDouble() * 0.08);
        int marginY = (int) (height * random.nextDouble() * 0.15);
        BufferedImage crop = new BufferedImage(width + 2 * marginX, height + 2 * marginY, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = crop.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(PlateRenderer.jitter(new Color(90, 90, 90), random, 60));
        g.fillRect(0, 0, crop.getWidth(), crop.getHeight());
        g.drawImage(plate, marginX, marginY, width, height, null);
        g.dispose();
        return crop;
    }

    /** The plate drawn {@code width x height} with a margin of car around it, different on each side. */
    static BufferedImage around(BufferedImage plate, int width, int height, Random random) {
        // Up to a fifth of the plate's width each side: real detectors' quads overshoot plates of
        // unfamiliar proportions, and the pipeline widens them by a margin on top.
        int left = (int) (width * random.nextDouble() * 0.2);
        int right = (int) (width * random.nextDouble() * 0.2);
        int top = (int) (height * random.nextDouble() * 0.25);
        int bottom = (int) (height * random.nextDouble() * 0.25);
        BufferedImage crop = new BufferedImage(width + left + right, height + top + bottom, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = crop.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        Color paint = Color.getHSBColor(random.nextFloat(), random.nextFloat() * 0.7f, 0.1f + random.nextFloat() * 0.8f);
        g.setPaint(new GradientPaint(0, 0, PlateRenderer.blend(paint, Color.WHITE, random.nextDouble() * 0.4), 0, crop.getHeight(),
                PlateRenderer.blend(paint, Color.BLACK, random.nextDouble() * 0.6)));
        g.fillRect(0, 0, crop.getWidth(), crop.getHeight());
        if (random.nextDouble() < 0.5) {
            // Bumper and boot edges: long lines across the crop, above or below the plate.
            int lines = 1 + random.nextInt(2);
            for (int i = 0; i < lines; i++) {
                g.setColor(random.nextBoolean() ? PlateRenderer.blend(paint, Color.BLACK, 0.6) : PlateRenderer.blend(paint, Color.WHITE, 0.5));
                g.setStroke(new BasicStroke((float) Math.max(1, height * (0.02 + random.nextDouble() * 0.05))));
                double y = random.nextBoolean() ? random.nextDouble() * top : crop.getHeight() - random.nextDouble() * bottom;
                double tilt = (random.nextDouble() - 0.5) * height * 0.2;
                g.draw(new Line2D.Double(0, y - tilt, crop.getWidth(), y + tilt));
            }
        }
        if (random.nextDouble() < 0.5) {
            // The recess or bracket the plate sits in: a darker rim just outside the plate.
            double rim = height * (0.03 + random.nextDouble() * 0.12);
            g.setColor(PlateRenderer.blend(paint, Color.BLACK, 0.4 + random.nextDouble() * 0.5));
            g.fill(new RoundRectangle2D.Double(left - rim, top - rim, width + 2 * rim, height + 2 * rim, rim * 2, rim * 2));
        }
        if (random.nextDouble() < 0.3) {
            // Edges beside the plate: lamps, the bumper's corners.
            g.setColor(random.nextBoolean() ? PlateRenderer.blend(paint, Color.BLACK, 0.7) : PlateRenderer.blend(paint, Color.WHITE, 0.6));
            g.setStroke(new BasicStroke((float) Math.max(1, width * (0.005 + random.nextDouble() * 0.015))));
            double x = random.nextBoolean() ? left * random.nextDouble() : left + width + right * random.nextDouble();
            g.draw(new Line2D.Double(x, 0, x + (random.nextDouble() - 0.5) * height * 0.3, crop.getHeight()));
        }
        g.drawImage(plate, left, top, width, height, null);
        if (random.nextDouble() < 0.3) {
            // Bolt heads over the plate's top corners.
            g.setColor(PlateRenderer.jitter(new Color(170, 170, 165), random, 50));
            double bolt = height * (0.06 + random.nextDouble() * 0.05);
            double boltY = top + height * (0.05 + random.nextDouble() * 0.1);
            double inset = width * (0.08 + random.nextDouble() * 0.15);
            g.fill(new Ellipse2D.Double(left + inset - bolt / 2, boltY, bolt, bolt));
            g.fill(new Ellipse2D.Double(left + width - inset - bolt / 2, boltY, bolt, bolt));
        }
        g.dispose();
        return crop;
    }
}
