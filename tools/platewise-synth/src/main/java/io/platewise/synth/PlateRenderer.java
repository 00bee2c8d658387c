package io.platewise.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Draws a clean, front-on plate of a layout: background, border, bands, title, characters, screws;
 * with rich {@link Lettering}, also outline fonts, graphics behind the characters, embossing,
 * slogans, registration stickers and dealer frames.
 */
final class PlateRenderer {

    private static final List<String> SLOGANS = List.of("Sunshine State", "Land of Lincoln", "Great Lakes", "Lone Star State",
            "Garden State", "Empire State", "Live Free or Die", "Evergreen State", "Grand Canyon State", "The Natural State",
            "America's Dairyland", "Peach State", "www.dmv.gov", "Famous Potatoes", "Centennial State", "Discover Wisconsin");
    private static final List<String> DEALERS = List.of("AUTO SALES", "TOYOTA OF", "HONDA", "FORD", "CHEVROLET", "MOTORS",
            "NISSAN", "SUBARU", "BMW", "KIA");
    private static final List<Color> US_INKS = List.of(new Color(20, 30, 80), new Color(20, 20, 25), new Color(150, 20, 30),
            new Color(20, 90, 50), new Color(90, 20, 60), new Color(30, 60, 130));

    private PlateRenderer() {
    }

    /** A plate in the generator's original look (stroke font, no decorations). */
    static BufferedImage render(PlateLayout layout, String printed, int width, Random random) {
        return render(layout, printed, width, random, Lettering.strokeOnly());
    }

    /** A plate image (ARGB: corners outside the rounded outline are transparent). */
    static BufferedImage render(PlateLayout layout, String printed, int width, Random random, Lettering lettering) {
        boolean rich = lettering.rich();
        boolean us = layout.region.equals("us");
        int height = (int) Math.round(width / layout.aspect);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        double arc = height * 0.12;
        RoundRectangle2D outline = new RoundRectangle2D.Double(0, 0, width - 1, height - 1, arc, arc);
        Color background = jitter(layout.background, random, 10);
        g.setColor(background);
        g.fill(outline);
        if (rich && us) {
            graphic(g, outline, background, width, height, random);
        }

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
                PlateFace codeFace = rich ? lettering.pickSmall(random) : new PlateFace.Stroke(new StrokeFont.Style(0.14, 0.55, 0, true));
                codeFace.draw(g, code, (bandWidth - codeFace.width(code, codeHeight)) / 2, height * 0.58, codeHeight);
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
                String title = layout.titles.get(0);
                PlateFace titleFace = rich ? lettering.pickSmall(random) : new PlateFace.Stroke(new StrokeFont.Style(0.16, 0.55, 0, true));
                titleFace.draw(g, title, (width - titleFace.width(title, titleHeight)) / 2, height * 0.055, titleHeight);
                top = height * 0.32;
            }
            case TOP_TITLE -> {
                String title = layout.titles.get(random.nextInt(layout.titles.size()));
                g.setColor(jitter(layout.accent, random, 20));
                double titleHeight = height * 0.15;
                PlateFace titleFace;
                if (rich) {
                    titleFace = lettering.pickSmall(random);
                    titleHeight = height * (0.10 + random.nextDouble() * 0.08);
                    if (random.nextBoolean()) {
                        title = title.toUpperCase(Locale.ROOT);
                    }
                } else {
                    title = title.toUpperCase(Locale.ROOT);
                    titleFace = new PlateFace.Stroke(new StrokeFont.Style(0.17, 0.5 + random.nextDouble() * 0.15,
                            random.nextDouble() < 0.3 ? 0.15 : 0, true));
                    title = title.chars().filter(c -> StrokeFont.canDraw((char) c))
                            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
                }
                titleHeight = fittedHeight(titleFace, title, titleHeight, width * 0.9);
                double titleWidth = titleFace.width(title, titleHeight);
                titleFace.draw(g, title, (width - titleWidth) / 2, height * 0.06, titleHeight);
                top = height * 0.27;
                bottom = height * 0.86;
            }
        }
        if (rich && us && random.nextDouble() < 0.6) {
            // A slogan under the characters, which then sit a little higher.
            String slogan = SLOGANS.get(random.nextInt(SLOGANS.size()));
            PlateFace sloganFace = lettering.pickSmall(random);
            double sloganHeight = height * (0.07 + random.nextDouble() * 0.04);
            sloganHeight = fittedHeight(sloganFace, slogan, sloganHeight, width * 0.8);
            double sloganWidth = sloganFace.width(slogan, sloganHeight);
            g.setColor(jitter(layout.accent, random, 30));
            sloganFace.draw(g, slogan, (width - sloganWidth) / 2, height * 0.88 - sloganHeight, sloganHeight);
            bottom = height * 0.78;
        }

        // Characters: as large as fits, with a random face, weight, width and slant.
        PlateFace face = rich ? lettering.pick(random) : new PlateFace.Stroke(new StrokeFont.Style(0.10 + random.nextDouble() * 0.07,
                0.44 + random.nextDouble() * 0.14, random.nextDouble() < 0.15 ? 0.08 : 0, random.nextBoolean()));
        double textHeight = (bottom - top) * (rich ? 0.82 + random.nextDouble() * 0.18 : 1);
        textHeight = fittedHeight(face, printed, textHeight, right - left);
        double textWidth = face.width(printed, textHeight);
        double textX = left + (right - left - textWidth) / 2;
        double textY = top + (bottom - top - textHeight) / 2;
        Color ink = rich && us && layout != PlateLayout.US_DARK && layout != PlateLayout.US_YELLOW && random.nextDouble() < 0.5
                ? US_INKS.get(random.nextInt(US_INKS.size())) : layout.text;
        if (rich && random.nextDouble() < 0.35) {
            // Embossed characters: a shadow and a highlight beside the raised strokes.
            double offset = Math.max(1, textHeight * 0.035);
            g.setColor(blend(background, Color.BLACK, 0.45));
            face.draw(g, printed, textX + offset, textY + offset, textHeight);
            g.setColor(blend(background, Color.WHITE, 0.6));
            face.draw(g, printed, textX - offset * 0.6, textY - offset * 0.6, textHeight);
        }
        g.setColor(jitter(ink, random, 15));
        face.draw(g, printed, textX, textY, textHeight);
        if (rich && us && random.nextDouble() < 0.4) {
            emblem(g, face, printed, textX, textY, textWidth, textHeight, layout, random);
        }

        if (rich && random.nextDouble() < 0.4) {
            sticker(g, lettering, width, height, random);
        }
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
        if (rich && us && random.nextDouble() < 0.3) {
            frame(g, lettering, width, height, arc, random);
        }
        g.dispose();
        return image;
    }

    /** Behind the characters of many US plates: a gradient sky, hills or waves, a sun. */
    private static void graphic(Graphics2D g, Shape outline, Color background, int width, int height, Random random) {
        Shape clip = g.getClip();
        g.clip(outline);
        if (random.nextDouble() < 0.5) {
            Color tint = new Color(150 + random.nextInt(100), 170 + random.nextInt(80), 190 + random.nextInt(60));
            g.setPaint(new GradientPaint(0, 0, tint, 0, height, background));
            g.fill(outline);
        }
        if (random.nextDouble() < 0.6) {
            Path2D hills = new Path2D.Double();
            hills.moveTo(0, height);
            double base = height * (0.55 + random.nextDouble() * 0.3);
            double phase = random.nextDouble() * Math.PI * 2;
            double waves = 1 + random.nextInt(3);
            for (int x = 0; x <= width; x += Math.max(1, width / 40)) {
                hills.lineTo(x, base - Math.sin(phase + x * waves * Math.PI / width) * height * 0.12);
            }
            hills.lineTo(width, height);
            hills.closePath();
            Color hill = new Color(100 + random.nextInt(150), 120 + random.nextInt(130), 90 + random.nextInt(150));
            g.setColor(blend(background, hill, 0.25 + random.nextDouble() * 0.35));
            g.fill(hills);
        }
        if (random.nextDouble() < 0.3) {
            double size = height * (0.3 + random.nextDouble() * 0.4);
            g.setColor(blend(background, new Color(250, 170, 40), 0.35));
            g.fill(new Ellipse2D.Double(random.nextDouble() * (width - size), random.nextDouble() * height * 0.4, size, size));
        }
        g.setClip(clip);
    }

    /**
     * A symbol in the gap between two groups of characters, as many US plates have (a state's
     * outline, a heart, a star, a keystone, a seal): a shape the reader must not read as a character.
     */
    private static void emblem(Graphics2D g, PlateFace face, String printed, double textX, double textY, double textWidth,
            double textHeight, PlateLayout layout, Random random) {
        int gap = printed.indexOf(' ');
        if (gap <= 0) {
            return;
        }
        double gapLeft = textX + face.width(printed.substring(0, gap), textHeight);
        double gapRight = textX + textWidth - face.width(printed.substring(gap + 1), textHeight);
        double size = Math.min(gapRight - gapLeft - textHeight * 0.06, textHeight * (0.45 + random.nextDouble() * 0.4));
        if (size < textHeight * 0.25) {
            return;
        }
        double cx = (gapLeft + gapRight) / 2;
        double cy = textY + textHeight * (0.35 + random.nextDouble() * 0.3);
        g.setColor(random.nextBoolean() ? jitter(layout.accent, random, 30)
                : Color.getHSBColor(random.nextFloat(), 0.4f + random.nextFloat() * 0.6f, 0.4f + random.nextFloat() * 0.5f));
        Path2D shape = new Path2D.Double();
        switch (random.nextInt(5)) {
            case 0 -> shape.append(new Ellipse2D.Double(cx - size / 2, cy - size / 2, size, size), false);
            case 1 -> {
                // A heart: two lobes and a point.
                double r = size / 4;
                shape.append(new Ellipse2D.Double(cx - 2 * r, cy - size / 2, 2 * r, 2 * r), false);
                shape.append(new Ellipse2D.Double(cx, cy - size / 2, 2 * r, 2 * r), false);
                shape.moveTo(cx - 2 * r, cy - size / 2 + r * 1.2);
                shape.lineTo(cx + 2 * r, cy - size / 2 + r * 1.2);
                shape.lineTo(cx, cy + size / 2);
                shape.closePath();
            }
            case 2 -> {
                double[] radii = new double[10];
                for (int point = 0; point < radii.length; point++) {
                    radii[point] = point % 2 == 0 ? size / 2 : size / 5;
                }
                radial(shape, cx, cy, radii, -Math.PI / 2);
            }
            case 3 -> {
                // A keystone.
                shape.moveTo(cx - size / 2, cy - size / 2);
                shape.lineTo(cx + size / 2, cy - size / 2);
                shape.lineTo(cx + size / 3, cy + size / 2);
                shape.lineTo(cx - size / 3, cy + size / 2);
                shape.closePath();
            }
            default -> {
                // A state's outline: an irregular polygon.
                double[] radii = new double[6 + random.nextInt(5)];
                for (int corner = 0; corner < radii.length; corner++) {
                    radii[corner] = size / 2 * (0.6 + random.nextDouble() * 0.4);
                }
                radial(shape, cx, cy, radii, 0);
            }
        }
        if (random.nextDouble() < 0.3) {
            g.setStroke(new BasicStroke((float) Math.max(1, size * 0.1)));
            g.draw(shape);
        } else {
            g.fill(shape);
        }
    }

    /** A closed polygon around (cx, cy) whose corners lie at equal angles, each at its own distance from the centre. */
    private static void radial(Path2D shape, double cx, double cy, double[] radii, double firstAngle) {
        for (int corner = 0; corner < radii.length; corner++) {
            double angle = firstAngle + corner * 2 * Math.PI / radii.length;
            double x = cx + Math.cos(angle) * radii[corner];
            double y = cy + Math.sin(angle) * radii[corner];
            if (corner == 0) {
                shape.moveTo(x, y);
            } else {
                shape.lineTo(x, y);
            }
        }
        shape.closePath();
    }

    /** A registration sticker in an upper or lower corner, with its year or month on it. */
    private static void sticker(Graphics2D g, Lettering lettering, int width, int height, Random random) {
        double w = width * (0.1 + random.nextDouble() * 0.06);
        double h = height * (0.12 + random.nextDouble() * 0.08);
        double x = random.nextBoolean() ? width * 0.05 : width * 0.95 - w;
        double y = random.nextBoolean() ? height * 0.06 : height * 0.94 - h;
        Color paper = Color.getHSBColor(random.nextFloat(), 0.5f + random.nextFloat() * 0.5f, 0.5f + random.nextFloat() * 0.5f);
        g.setColor(paper);
        g.fill(new Rectangle2D.Double(x, y, w, h));
        g.setColor(paper.getRed() + paper.getGreen() + paper.getBlue() > 380 ? new Color(20, 20, 20) : new Color(240, 240, 240));
        if (random.nextDouble() < 0.3) {
            g.setStroke(new BasicStroke((float) Math.max(1, h * 0.08)));
            g.draw(new Rectangle2D.Double(x + w * 0.2, y + h * 0.5, w * 0.6, 0.1));
            return;
        }
        String mark = random.nextBoolean() ? String.format(Locale.ROOT, "%02d", random.nextInt(100))
                : List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC").get(random.nextInt(12));
        PlateFace face = lettering.pickSmall(random);
        double markHeight = fittedHeight(face, mark, h * 0.7, w * 0.85);
        face.draw(g, mark, x + (w - face.width(mark, markHeight)) / 2, y + (h - markHeight) / 2, markHeight);
    }

    /** A dealer's frame: dark bars over the top and bottom edges, often with the dealer's name. */
    private static void frame(Graphics2D g, Lettering lettering, int width, int height, double arc, Random random) {
        int grey = random.nextInt(60);
        Color frame = random.nextDouble() < 0.8 ? new Color(grey, grey, grey) : new Color(190, 190, 195);
        double topBar = height * (0.06 + random.nextDouble() * 0.12);
        double bottomBar = height * (0.08 + random.nextDouble() * 0.16);
        g.setColor(frame);
        g.setStroke(new BasicStroke((float) (height * 0.05)));
        g.draw(new RoundRectangle2D.Double(0, 0, width - 1, height - 1, arc, arc));
        g.fill(new Rectangle2D.Double(0, 0, width, topBar));
        g.fill(new Rectangle2D.Double(0, height - bottomBar, width, bottomBar));
        if (random.nextBoolean()) {
            String dealer = DEALERS.get(random.nextInt(DEALERS.size()));
            PlateFace face = lettering.pickSmall(random);
            double textHeight = fittedHeight(face, dealer, bottomBar * 0.55, width * 0.7);
            double textWidth = face.width(dealer, textHeight);
            g.setColor(frame.getRed() > 128 ? new Color(30, 30, 30) : new Color(230, 230, 230));
            face.draw(g, dealer, (width - textWidth) / 2, height - bottomBar + (bottomBar - textHeight) / 2, textHeight);
        }
    }

    /** The height at which text in a face is at most {@code maxWidth} wide: {@code height} itself when it fits. */
    private static double fittedHeight(PlateFace face, String text, double height, double maxWidth) {
        double width = face.width(text, height);
        return width > maxWidth ? height * (maxWidth / width) : height;
    }

    static Color blend(Color a, Color b, double amount) {
        return new Color(clamp((int) (a.getRed() + (b.getRed() - a.getRed()) * amount)),
                clamp((int) (a.getGreen() + (b.getGreen() - a.getGreen()) * amount)),
                clamp((int) (a.getBlue() + (b.getBlue() - a.getBlue()) * amount)));
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
