package io.platewise.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

/**
 * Scenes with one plated vehicle: a background (a crop of a real photograph when a folder of them
 * is given, drawn streets otherwise), a car front, and its plate seen in perspective, followed by
 * the camera effects. Everything is drawn from one {@link Random}, so a seed gives the same image.
 */
final class SceneRenderer {

    /** The range of plate widths, as fractions of the image's width, drawn uniformly. */
    record PlateWidths(double min, double max) {

        /** What every scene set drew before the range could be chosen: close and middle distances. */
        static final PlateWidths USUAL = new PlateWidths(0.06, 0.35);

        PlateWidths {
            if (!(min > 0 && min <= max && max < 1)) {
                throw new IllegalArgumentException("Plate widths are fractions of the image width with 0 < MIN <= MAX < 1, not " + min + ":" + max);
            }
        }

        /** {@code MIN:MAX}, e.g. {@code 0.03:0.12} for distant plates as overview cameras see them. */
        static PlateWidths parse(String text) {
            String[] parts = text.split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("--plate-widths is MIN:MAX (fractions of the image width), not " + text);
            }
            return new PlateWidths(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
        }
    }

    private final List<BufferedImage> backgrounds;
    private final Lettering lettering;
    private final PlateWidths plateWidths;

    SceneRenderer(List<BufferedImage> backgrounds, Lettering lettering) {
        this(backgrounds, lettering, PlateWidths.USUAL);
    }

    SceneRenderer(List<BufferedImage> backgrounds, Lettering lettering, PlateWidths plateWidths) {
        this.backgrounds = backgrounds;
        this.lettering = lettering;
        this.plateWidths = plateWidths;
    }

    PlateSample render(int width, int height, Random random) {
        PlateLayout layout = PlateLayout.values()[random.nextInt(PlateLayout.values().length)];
        String printed = layout.randomText(random);
        BufferedImage scene = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scene.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        background(g, width, height, random);

        // Plate width within the chosen range (6% to 35% of the image unless told), somewhere in its lower two thirds.
        double plateWidth = width * (plateWidths.min() + random.nextDouble() * (plateWidths.max() - plateWidths.min()));
        double plateHeight = plateWidth / layout.aspect;
        double centerX = plateWidth + random.nextDouble() * (width - 2 * plateWidth);
        double centerY = height * 0.35 + random.nextDouble() * (height * 0.6 - plateHeight);
        drawCar(g, centerX, centerY, plateWidth, random);
        g.dispose();

        BufferedImage plate = PlateRenderer.render(layout, printed, Math.max(120, (int) (plateWidth * 2)), random, lettering);
        if (random.nextDouble() < 0.35) {
            Effects.dirt(plate, random, 2 + random.nextInt(8));
        }
        double[] quad = perspectiveQuad(centerX, centerY, plateWidth, plateHeight, random);
        Warp.paste(scene, plate, quad);
        if (random.nextDouble() < 0.15) {
            occlude(scene, quad, random);
        }
        return new PlateSample(camera(scene, random), quad, printed, PlateLayout.label(printed), layout);
    }

    /** Corners of a plate turned by yaw and pitch, seen through a pinhole camera. */
    static double[] perspectiveQuad(double centerX, double centerY, double width, double height, Random random) {
        double yaw = Math.toRadians((random.nextDouble() * 2 - 1) * 35);
        double pitch = Math.toRadians((random.nextDouble() * 2 - 1) * 20);
        double roll = Math.toRadians((random.nextDouble() * 2 - 1) * 6);
        double focal = width * (2.5 + random.nextDouble() * 3);
        double[][] corners = {{-width / 2, -height / 2}, {width / 2, -height / 2}, {width / 2, height / 2}, {-width / 2, height / 2}};
        double[] quad = new double[8];
        for (int i = 0; i < 4; i++) {
            double x = corners[i][0];
            double y = corners[i][1];
            double xr = x * Math.cos(roll) - y * Math.sin(roll);
            double yr = x * Math.sin(roll) + y * Math.cos(roll);
            double x1 = xr * Math.cos(yaw);
            double z1 = xr * Math.sin(yaw);
            double y2 = yr * Math.cos(pitch) - z1 * Math.sin(pitch);
            double z2 = yr * Math.sin(pitch) + z1 * Math.cos(pitch);
            double scale = focal / (focal + z2);
            quad[2 * i] = centerX + x1 * scale;
            quad[2 * i + 1] = centerY + y2 * scale;
        }
        return quad;
    }

    private void background(Graphics2D g, int width, int height, Random random) {
        if (!backgrounds.isEmpty() && random.nextDouble() < 0.8) {
            BufferedImage photo = backgrounds.get(random.nextInt(backgrounds.size()));
            double scale = Math.max((double) width / photo.getWidth(), (double) height / photo.getHeight()) * (1 + random.nextDouble());
            int drawnWidth = (int) (photo.getWidth() * scale);
            int drawnHeight = (int) (photo.getHeight() * scale);
            g.drawImage(photo, -random.nextInt(Math.max(1, drawnWidth - width)), -random.nextInt(Math.max(1, drawnHeight - height)),
                    drawnWidth, drawnHeight, null);
            return;
        }
        drawStreet(g, width, height, random);
    }

    static void drawStreet(Graphics2D g, int width, int height, Random random) {
        Color sky = new Color(120 + random.nextInt(100), 150 + random.nextInt(90), 180 + random.nextInt(75));
        g.setPaint(new GradientPaint(0, 0, sky, 0, height * 0.45f, sky.darker()));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 6 + random.nextInt(10); i++) {
            int w = width / 12 + random.nextInt(width / 5);
            int h = height / 6 + random.nextInt(height / 3);
            int grey = 60 + random.nextInt(140);
            g.setColor(new Color(grey, grey - random.nextInt(30) + 15, grey - random.nextInt(40) + 20));
            int x = random.nextInt(width);
            g.fillRect(x, (int) (height * 0.45) - h, w, h);
            g.setColor(new Color(40, 50, 70));
            for (int window = 0; window < 8; window++) {
                g.fillRect(x + 4 + random.nextInt(Math.max(1, w - 12)), (int) (height * 0.45) - h + 4 + random.nextInt(Math.max(1, h - 12)), 6, 8);
            }
        }
        int asphalt = 50 + random.nextInt(60);
        g.setColor(new Color(asphalt, asphalt, asphalt + 5));
        g.fillRect(0, (int) (height * 0.45), width, height);
        g.setColor(new Color(220, 220, 200));
        g.setStroke(new BasicStroke(Math.max(2, width / 200f)));
        for (int i = 0; i < 5; i++) {
            int x = random.nextInt(width);
            g.drawLine(x, height, width / 2 + (x - width / 2) / 6, (int) (height * 0.45));
        }
    }

    /** A car front around the plate: body, grille, lights, bumper. */
    static void drawCar(Graphics2D g, double plateCenterX, double plateCenterY, double plateWidth, Random random) {
        double bodyWidth = plateWidth * (3.2 + random.nextDouble() * 1.2);
        double bodyHeight = bodyWidth * (0.45 + random.nextDouble() * 0.2);
        double left = plateCenterX - bodyWidth / 2;
        double top = plateCenterY - bodyHeight * 0.7;
        Color paint = new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
        g.setColor(paint);
        g.fill(new RoundRectangle2D.Double(left, top, bodyWidth, bodyHeight, bodyWidth * 0.15, bodyWidth * 0.15));
        g.setColor(new Color(30, 40, 50, 220));
        g.fill(new RoundRectangle2D.Double(left + bodyWidth * 0.12, top - bodyHeight * 0.45, bodyWidth * 0.76, bodyHeight * 0.5,
                bodyWidth * 0.1, bodyWidth * 0.1));
        g.setColor(new Color(25, 25, 28));
        g.fill(new RoundRectangle2D.Double(plateCenterX - bodyWidth * 0.25, top + bodyHeight * 0.12, bodyWidth * 0.5, bodyHeight * 0.22,
                8, 8));
        g.setColor(new Color(240, 240, 220));
        g.fillOval((int) (left + bodyWidth * 0.05), (int) (top + bodyHeight * 0.12), (int) (bodyWidth * 0.16), (int) (bodyHeight * 0.16));
        g.fillOval((int) (left + bodyWidth * 0.79), (int) (top + bodyHeight * 0.12), (int) (bodyWidth * 0.16), (int) (bodyHeight * 0.16));
        g.setColor(paint.darker());
        g.fill(new RoundRectangle2D.Double(left, plateCenterY + plateWidth * 0.18, bodyWidth, bodyHeight * 0.18, 10, 10));
    }

    /** Something in front of part of the plate (a tow bar, a branch): at most a quarter of its width. */
    private static void occlude(BufferedImage scene, double[] quad, Random random) {
        Graphics2D g = scene.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(30 + random.nextInt(60), 30 + random.nextInt(60), 30 + random.nextInt(40)));
        double width = Math.hypot(quad[2] - quad[0], quad[3] - quad[1]);
        double x = quad[0] + (quad[2] - quad[0]) * random.nextDouble();
        double thickness = width * (0.03 + random.nextDouble() * 0.06);
        Polygon bar = new Polygon();
        bar.addPoint((int) x, (int) Math.min(quad[1], quad[3]) - 5);
        bar.addPoint((int) (x + thickness), (int) Math.min(quad[1], quad[3]) - 5);
        bar.addPoint((int) (x + thickness + random.nextInt(10) - 5), (int) Math.max(quad[5], quad[7]) + 5);
        bar.addPoint((int) (x + random.nextInt(10) - 5), (int) Math.max(quad[5], quad[7]) + 5);
        g.fill(bar);
        g.dispose();
    }

    /** Camera effects on the whole image: blur, motion, noise, exposure, night or infrared. */
    static BufferedImage camera(BufferedImage scene, Random random) {
        BufferedImage image = scene;
        if (random.nextDouble() < 0.6) {
            image = Effects.gaussianBlur(image, random.nextDouble() * 1.6);
        }
        if (random.nextDouble() < 0.2) {
            image = Effects.motionBlur(image, 2 + random.nextInt(6));
        }
        boolean night = random.nextDouble() < 0.2;
        boolean infrared = night && random.nextBoolean();
        double brightness = night ? -70 - random.nextInt(40) : random.nextInt(60) - 30;
        double contrast = infrared ? 1.4 : 0.7 + random.nextDouble() * 0.6;
        Effects.tone(image, random, random.nextDouble() * (night ? 14 : 7), brightness, contrast, infrared);
        return image;
    }
}
