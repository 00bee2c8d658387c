package io.platewise.synth;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;

/** How a plate's characters are drawn: the built-in stroke font or an outline (TrueType) font, in one style. */
sealed interface PlateFace {

    /** Width in pixels of text drawn with capitals {@code height} pixels high. */
    double width(String text, double height);

    /** Draws text with the top of its capitals at {@code top}, its left edge at {@code x}, in the current paint. */
    void draw(Graphics2D g, String text, double x, double top, double height);

    record Stroke(StrokeFont.Style style) implements PlateFace {
        @Override
        public double width(String text, double height) {
            return StrokeFont.width(text, height, style);
        }

        @Override
        public void draw(Graphics2D g, String text, double x, double top, double height) {
            StrokeFont.draw(g, text, x, top, height, style);
        }
    }

    /** An outline font with the height of its capitals, measured once. */
    record Typeface(Font font, double capHeight) {

        private static final FontRenderContext CONTEXT = new FontRenderContext(null, true, true);

        static Typeface of(Font font) {
            return new Typeface(font, font.createGlyphVector(CONTEXT, "H").getVisualBounds().getHeight());
        }

        GlyphVector glyphs(String text) {
            return font.createGlyphVector(CONTEXT, text);
        }
    }

    /**
     * An outline font scaled so that its capitals are {@code height} high, condensed or widened by
     * {@code widthScale}, slanted, and made bolder by stroking the outline ({@code embolden} × height).
     */
    record Outline(Typeface typeface, double widthScale, double slant, double embolden) implements PlateFace {

        private Rectangle2D bounds(GlyphVector glyphs) {
            Rectangle2D bounds = glyphs.getVisualBounds();
            return bounds.isEmpty() ? new Rectangle2D.Double(0, 0, 0, 0) : bounds;
        }

        @Override
        public double width(String text, double height) {
            double scale = height / typeface.capHeight();
            return bounds(typeface.glyphs(text)).getWidth() * scale * widthScale + embolden * height;
        }

        @Override
        public void draw(Graphics2D g, String text, double x, double top, double height) {
            GlyphVector glyphs = typeface.glyphs(text);
            double scale = height / typeface.capHeight();
            double grow = embolden * height;
            // Baseline at the bottom of the capitals; slant about the baseline; outline grown by half the stroke each side.
            AffineTransform transform = new AffineTransform();
            transform.translate(x + grow / 2, top + height - grow / 2);
            transform.shear(-slant, 0);
            transform.scale(scale * widthScale, scale * (height - grow) / height);
            transform.translate(-bounds(glyphs).getMinX(), 0);
            Shape outline = transform.createTransformedShape(glyphs.getOutline());
            g.fill(outline);
            if (grow >= 0.3) {
                g.setStroke(new BasicStroke((float) grow, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(outline);
            }
        }
    }
}
