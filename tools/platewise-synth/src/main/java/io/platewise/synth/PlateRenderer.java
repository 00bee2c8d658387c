package io.platewise.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/** Draws a clean, front-on plate of a layout: background, border, bands, title, characters, screws. */
final class PlateRenderer {

    private PlateRenderer() {
    }

    /** A plate image (ARGB: corners outside the rounded outline are transparent). */
    static BufferedImage render(PlateLayout layout, String printed, int width, Random random) {
        int height = (int) Math.round(width / layout.aspect);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        double arc = height * 0.12;
        RoundRectangle2D outline = new RoundRectangle2D.Double(0, 0, width - 1, height - 1, arc, arc);
        g.setColor(jitter(layout.background, random, 10));
        g.fill(outline);

        double left = width * 0.04;
        double right = width * 0.96;
        double top = height * 0.12;
        double bottom = height * 0.90;
        switch (layout.band) {
            case EU_LEFT, EU_BOTH -> {
                double bandWidth = width * 0.085;
                g.setColor(new Color(0, 51, 153));
                g.fill(new RoundRectangle2D.Double(0, 0, bandWidth, height - 1, arc, arc));
                g.setColor(new Color(255, 204, 0));
                for (int star = 0; star < 12; star++) {
                    double angle = star * Math.PI / 6;
                    double cx = bandWidth / 2 + Math.cos(angle) * bandWidth * 0.28;
                    double cy = height * 0.30 + Math.sin(angle) * bandWidth * 0.28;
                    g.fillOval((int) (cx - 1.5), (int) (cy - 1.5), 3, 3);
                }
                g.setColor(Color.WHITE);
                String code = layout.titles.get(0);
                double codeHeight = height * 0.26;
                StrokeFont.Style codeStyle = new StrokeFont.Style(0.14, 0.55, 0, true);
                StrokeFont.draw(g, code, (bandWidth - StrokeFont.width(code, codeHeight, codeStyle)) / 2, height * 0.58,
                        codeHeight, codeStyle);
                left = bandWidth + width * 0.03;
                if (layout.band == PlateLayout.Band.EU_BOTH) {
                    g.setColor(new Color(0, 51, 153));
                    g.fill(new RoundRectangle2D.Double(width - bandWidth, 0, bandWidth - 1, height - 1, arc, arc));
                    right = width - bandWidth - width * 0.03;
                }
                top = height * 0.14;
            }
            case MERCOSUR -> {
                g.setColor(new Color(0, 56, 168));
                g.fill(new RoundRectangle2D.Double(0, 0, width - 1, height * 0.24, arc, arc));
                g.setColor(layout.accent);
                double titleHeight = height * 0.13;
                StrokeFont.Style titleStyle = new StrokeFont.Style(0.16, 0.55, 0, true);
                String title = layout.titles.get(0);
                StrokeFont.draw(g, title, (width - StrokeFont.width(title, titleHeight, titleStyle)) / 2, height * 0.055,
                        titleHeight, titleStyle);
                top = height * 0.32;
            }
            case TOP_TITLE -> {
                String title = layout.titles.get(random.nextInt(layout.titles.size())).toUpperCase(java.util.Locale.ROOT);
                g.setColor(jitter(layout.accent, random, 20));
                double titleHeight = height * 0.15;
                StrokeFont.Style titleStyle = new StrokeFont.Style(0.17, 0.5 + random.nextDouble() * 0.15,
                        random.nextDouble() < 0.3 ? 0.15 : 0, true);
                String drawable = title.chars().filter(c -> StrokeFont.canDraw((char) c))
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
                StrokeFont.draw(g, drawable, (width - StrokeFont.width(drawable, titleHeight, titleStyle)) / 2, height * 0.06,
                        titleHeight, titleStyle);
                top = height * 0.27;
                bottom = height * 0.86;
            }
        }

        // Characters: as large as fits, with a random weight, width and slant.
        StrokeFont.Style style = new StrokeFont.Style(0.10 + random.nextDouble() * 0.07, 0.44 + random.nextDouble() * 0.14,
                random.nextDouble() < 0.15 ? 0.08 : 0, random.nextBoolean());
        double textHeight = (bottom - top);
        double textWidth = StrokeFont.width(printed, textHeight, style);
        if (textWidth > right - left) {
            textHeight *= (right - left) / textWidth;
            textWidth = StrokeFont.width(printed, textHeight, style);
        }
        g.setColor(jitter(layout.text, random, 15));
        StrokeFont.draw(g, printed, left + (right - left - textWidth) / 2, top + (bottom - top - textHeight) / 2, textHeight, style);

        // Border and screws.
        g.setColor(jitter(layout.text, random, 30));
        g.setStroke(new BasicStroke((float) Math.max(1, height * 0.025)));
        g.draw(new RoundRectangle2D.Double(height * 0.03, height * 0.03, width - 1 - height * 0.06, height - 1 - height * 0.06, arc, arc));
        if (random.nextBoolean()) {
            g.setColor(new Color(150, 150, 150));
            int screw = Math.max(2, height / 14);
            g.fillOval((int) (width * 0.2), (int) (height * 0.06), screw, screw);
            g.fillOval((int) (width * 0.8), (int) (height * 0.06), screw, screw);
        }
        g.dispose();
        return image;
    }

    static Color jitter(Color color, Random random, int amount) {
        return new Color(clamp(color.getRed() + random.nextInt(2 * amount + 1) - amount),
                clamp(color.getGreen() + random.nextInt(2 * amount + 1) - amount),
                clamp(color.getBlue() + random.nextInt(2 * amount + 1) - amount));
    }

    static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }
}
