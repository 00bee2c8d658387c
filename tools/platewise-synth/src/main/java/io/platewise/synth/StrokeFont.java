package io.platewise.synth;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.util.Map;

/**
 * A plate-style font drawn as strokes on a 4 x 6 grid, so that rendering needs no installed font
 * and is the same on every machine (system fonts differ between machines, which would break the
 * generator's determinism). Variation comes from stroke width, caps, condensing and slant.
 */
final class StrokeFont {

    /** Glyph strokes: each int[] is a polyline of x,y pairs on the 4 x 6 grid (y grows downwards). */
    private static final Map<Character, int[][]> GLYPHS = Map.ofEntries(
            Map.entry('0', new int[][] {{0, 1, 1, 0, 3, 0, 4, 1, 4, 5, 3, 6, 1, 6, 0, 5, 0, 1}, {4, 1, 0, 5}}),
            Map.entry('1', new int[][] {{1, 1, 2, 0, 2, 6}, {1, 6, 3, 6}}),
            Map.entry('2', new int[][] {{0, 1, 1, 0, 3, 0, 4, 1, 4, 2, 0, 6, 4, 6}}),
            Map.entry('3', new int[][] {{0, 1, 1, 0, 3, 0, 4, 1, 4, 2, 3, 3, 1, 3}, {3, 3, 4, 4, 4, 5, 3, 6, 1, 6, 0, 5}}),
            Map.entry('4', new int[][] {{3, 6, 3, 0, 0, 4, 4, 4}}),
            Map.entry('5', new int[][] {{4, 0, 0, 0, 0, 3, 3, 3, 4, 4, 4, 5, 3, 6, 0, 6}}),
            Map.entry('6', new int[][] {{4, 1, 3, 0, 1, 0, 0, 1, 0, 5, 1, 6, 3, 6, 4, 5, 4, 4, 3, 3, 0, 3}}),
            Map.entry('7', new int[][] {{0, 0, 4, 0, 4, 1, 1, 6}}),
            Map.entry('8', new int[][] {{1, 3, 0, 2, 0, 1, 1, 0, 3, 0, 4, 1, 4, 2, 3, 3, 1, 3, 0, 4, 0, 5, 1, 6, 3, 6, 4, 5, 4, 4, 3, 3}}),
            Map.entry('9', new int[][] {{0, 5, 1, 6, 3, 6, 4, 5, 4, 1, 3, 0, 1, 0, 0, 1, 0, 2, 1, 3, 4, 3}}),
            Map.entry('A', new int[][] {{0, 6, 0, 2, 2, 0, 4, 2, 4, 6}, {0, 4, 4, 4}}),
            Map.entry('B', new int[][] {{0, 0, 0, 6, 3, 6, 4, 5, 4, 4, 3, 3, 0, 3}, {0, 0, 3, 0, 4, 1, 4, 2, 3, 3}}),
            Map.entry('C', new int[][] {{4, 1, 3, 0, 1, 0, 0, 1, 0, 5, 1, 6, 3, 6, 4, 5}}),
            Map.entry('D', new int[][] {{0, 0, 0, 6, 2, 6, 4, 4, 4, 2, 2, 0, 0, 0}}),
            Map.entry('E', new int[][] {{4, 0, 0, 0, 0, 6, 4, 6}, {0, 3, 3, 3}}),
            Map.entry('F', new int[][] {{4, 0, 0, 0, 0, 6}, {0, 3, 3, 3}}),
            Map.entry('G', new int[][] {{4, 1, 3, 0, 1, 0, 0, 1, 0, 5, 1, 6, 3, 6, 4, 5, 4, 3, 2, 3}}),
            Map.entry('H', new int[][] {{0, 0, 0, 6}, {4, 0, 4, 6}, {0, 3, 4, 3}}),
            Map.entry('I', new int[][] {{1, 0, 3, 0}, {2, 0, 2, 6}, {1, 6, 3, 6}}),
            Map.entry('J', new int[][] {{4, 0, 4, 5, 3, 6, 1, 6, 0, 5, 0, 4}}),
            Map.entry('K', new int[][] {{0, 0, 0, 6}, {4, 0, 0, 4}, {1, 3, 4, 6}}),
            Map.entry('L', new int[][] {{0, 0, 0, 6, 4, 6}}),
            Map.entry('M', new int[][] {{0, 6, 0, 0, 2, 3, 4, 0, 4, 6}}),
            Map.entry('N', new int[][] {{0, 6, 0, 0, 4, 6, 4, 0}}),
            Map.entry('O', new int[][] {{0, 2, 1, 0, 3, 0, 4, 2, 4, 4, 3, 6, 1, 6, 0, 4, 0, 2}}),
            Map.entry('P', new int[][] {{0, 6, 0, 0, 3, 0, 4, 1, 4, 2, 3, 3, 0, 3}}),
            Map.entry('Q', new int[][] {{0, 2, 1, 0, 3, 0, 4, 2, 4, 4, 3, 6, 1, 6, 0, 4, 0, 2}, {2, 4, 4, 6}}),
            Map.entry('R', new int[][] {{0, 6, 0, 0, 3, 0, 4, 1, 4, 2, 3, 3, 0, 3}, {2, 3, 4, 6}}),
            Map.entry('S', new int[][] {{4, 1, 3, 0, 1, 0, 0, 1, 0, 2, 1, 3, 3, 3, 4, 4, 4, 5, 3, 6, 1, 6, 0, 5}}),
            Map.entry('T', new int[][] {{0, 0, 4, 0}, {2, 0, 2, 6}}),
            Map.entry('U', new int[][] {{0, 0, 0, 5, 1, 6, 3, 6, 4, 5, 4, 0}}),
            Map.entry('V', new int[][] {{0, 0, 2, 6, 4, 0}}),
            Map.entry('W', new int[][] {{0, 0, 1, 6, 2, 3, 3, 6, 4, 0}}),
            Map.entry('X', new int[][] {{0, 0, 4, 6}, {4, 0, 0, 6}}),
            Map.entry('Y', new int[][] {{0, 0, 2, 3, 4, 0}, {2, 3, 2, 6}}),
            Map.entry('Z', new int[][] {{0, 0, 4, 0, 0, 6, 4, 6}}),
            Map.entry('-', new int[][] {{1, 3, 3, 3}}),
            Map.entry('.', new int[][] {{2, 3, 2, 3}}));

    /**
     * The shapes many plate typefaces (US states' among them) give these characters instead: an
     * open-topped 4, a 6 and a 9 with straight diagonal strokes, a G with a spur and no bar, a 1
     * without a foot, and a 0 without the slash, as narrow as an O.
     */
    private static final Map<Character, int[][]> PLATE_VARIANTS = Map.ofEntries(
            Map.entry('0', new int[][] {{0, 1, 1, 0, 3, 0, 4, 1, 4, 5, 3, 6, 1, 6, 0, 5, 0, 1}}),
            Map.entry('1', new int[][] {{1, 1, 2, 0, 2, 6}}),
            Map.entry('4', new int[][] {{0, 0, 0, 4, 4, 4}, {3, 1, 3, 6}}),
            Map.entry('6', new int[][] {{3, 0, 0, 3, 0, 5, 1, 6, 3, 6, 4, 5, 4, 4, 3, 3, 0, 3}}),
            Map.entry('9', new int[][] {{4, 3, 1, 3, 0, 2, 0, 1, 1, 0, 3, 0, 4, 1, 4, 3, 1, 6}}),
            Map.entry('G', new int[][] {{4, 1, 3, 0, 1, 0, 0, 1, 0, 5, 1, 6, 3, 6, 4, 5, 4, 3}, {4, 3, 4, 6}}));

    /**
     * A style of the font: how thick, how wide, how slanted, round or square stroke ends, and whether
     * some characters take their {@link #PLATE_VARIANTS plate shapes}.
     */
    record Style(double strokeRatio, double widthRatio, double slant, boolean roundCaps, boolean plateVariants) {

        Style(double strokeRatio, double widthRatio, double slant, boolean roundCaps) {
            this(strokeRatio, widthRatio, slant, roundCaps, false);
        }
    }

    private StrokeFont() {
    }

    static boolean canDraw(char c) {
        return c == ' ' || GLYPHS.containsKey(c);
    }

    /** Advance of one character, in pixels, for a given cap height. */
    static double advance(char c, double height, Style style) {
        double glyphWidth = height * style.widthRatio();
        return c == ' ' || c == '-' || c == '.' ? glyphWidth * 0.7 : glyphWidth * 1.22;
    }

    static double width(String text, double height, Style style) {
        double width = 0;
        for (int i = 0; i < text.length(); i++) {
            width += advance(text.charAt(i), height, style);
        }
        return width;
    }

    /** Draws text with its top-left corner at (x, y), in the graphics' current paint. */
    static void draw(Graphics2D g, String text, double x, double y, double height, Style style) {
        float stroke = (float) Math.max(1, height * style.strokeRatio());
        g.setStroke(new BasicStroke(stroke, style.roundCaps() ? BasicStroke.CAP_ROUND : BasicStroke.CAP_SQUARE,
                style.roundCaps() ? BasicStroke.JOIN_ROUND : BasicStroke.JOIN_MITER));
        double glyphWidth = height * style.widthRatio();
        // Strokes are centred on the grid lines: inset so that the outside of the stroke meets the box.
        double inset = stroke / 2.0;
        double cursor = x;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int[][] strokes = style.plateVariants() && PLATE_VARIANTS.containsKey(c) ? PLATE_VARIANTS.get(c) : GLYPHS.get(c);
            double advance = advance(c, height, style);
            if (strokes != null) {
                double left = cursor + (advance - glyphWidth) / 2;
                double scaleX = (glyphWidth - 2 * inset) / 4.0;
                double scaleY = (height - 2 * inset) / 6.0;
                Path2D path = new Path2D.Double();
                for (int[] line : strokes) {
                    for (int p = 0; p < line.length; p += 2) {
                        double px = left + inset + line[p] * scaleX;
                        double py = y + inset + line[p + 1] * scaleY;
                        // Slant about the baseline.
                        px += style.slant() * (y + height - py);
                        if (p == 0) {
                            path.moveTo(px, py);
                        } else {
                            path.lineTo(px, py);
                        }
                    }
                    if (line.length == 4 && line[0] == line[2] && line[1] == line[3]) {
                        path.lineTo(left + inset + line[0] * scaleX + 0.01, y + inset + line[1] * scaleY);
                    }
                }
                g.draw(path);
            }
            cursor += advance;
        }
    }
}
