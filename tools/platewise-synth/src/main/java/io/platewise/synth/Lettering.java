package io.platewise.synth;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The faces plates are lettered in. {@link #strokeOnly()} keeps the generator's original look (the
 * demo clip, whose plates the shipped models must read, is drawn with it); {@link #bundled()} adds the
 * outline fonts shipped in this tool's resources (DejaVu Sans Bold and Condensed Bold, DejaVu Sans
 * Mono Bold, Noto Sans Mono Bold: see their licence files beside them) and the decorations real plates
 * carry (slogans, stickers, frames, graphics, embossing); {@link #withPlateFaces()} adds to those the
 * condensed display faces that resemble the typefaces plates are lettered in (Barlow, drawn after
 * California's plates, Oswald, Pathway Gothic, Roboto Condensed, Archivo Narrow, Saira Condensed: SIL
 * OFL 1.1); {@link #withSquaredFaces()} adds faces whose round letters are squared off or chamfered
 * (Rajdhani, Chakra Petch, Teko), as in the plate typefaces we may not bundle (Mandatory on the UK's
 * and Brazil's older plates, FE-Schrift on Germany's and the Mercosur plates), where an O is nearly a D,
 * and condensed gothics like the US states' Penitentiary Gothic (League Gothic, Antonio): SIL OFL 1.1
 * too. The fonts are part of the jar rather than taken from the machine, so a seed draws the same
 * images everywhere, and each lettering keeps its own list so that older seeds draw what they drew.
 */
final class Lettering {

    private static final List<String> BUNDLED = List.of("DejaVuSans-Bold.ttf", "DejaVuSansCondensed-Bold.ttf", "DejaVuSansMono-Bold.ttf",
        "NotoSansMono-Bold.ttf");
    private static final List<String> PLATE_FACES = List.of("BarlowCondensed_600SemiBold.ttf", "BarlowSemiCondensed_600SemiBold.ttf",
        "Barlow_600SemiBold.ttf", "RobotoCondensed_700Bold.ttf", "Oswald_500Medium.ttf", "ArchivoNarrow_600SemiBold.ttf",
        "PathwayGothicOne_400Regular.ttf", "SairaCondensed_700Bold.ttf");
    private static final List<String> SQUARED_FACES = List.of("Rajdhani_600SemiBold.ttf", "ChakraPetch_600SemiBold.ttf", "Teko_500Medium.ttf",
        "LeagueGothic_400Regular.ttf", "Antonio_600SemiBold.ttf");

    private final List<PlateFace.Typeface> fonts;

    private Lettering(List<PlateFace.Typeface> fonts) {
        this.fonts = List.copyOf(fonts);
    }

    static Lettering strokeOnly() {
        return new Lettering(List.of());
    }

    static Lettering bundled() {
        return new Lettering(load(BUNDLED));
    }

    static Lettering withPlateFaces() {
        return new Lettering(load(BUNDLED, PLATE_FACES));
    }

    static Lettering withSquaredFaces() {
        return new Lettering(load(BUNDLED, PLATE_FACES, SQUARED_FACES));
    }

    /** The faces of the lists given, in their order (a seed's draws depend on it). */
    @SafeVarargs
    private static List<PlateFace.Typeface> load(List<String>... faceLists) {
        List<PlateFace.Typeface> fonts = new ArrayList<>();
        for (String name : Stream.of(faceLists).flatMap(List::stream).toList()) {
            try (InputStream in = Lettering.class.getResourceAsStream("fonts/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("font " + name + " is missing from the generator's resources");
                }
                fonts.add(PlateFace.Typeface.of(Font.createFont(Font.TRUETYPE_FONT, in).deriveFont(100f)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (FontFormatException e) {
                throw new IllegalStateException("font " + name + " cannot be read", e);
            }
        }
        return fonts;
    }

    /** Whether plates get outline fonts and decorations (false: the original stroke-font look). */
    boolean rich() {
        return !fonts.isEmpty();
    }

    /**
     * A face for a plate's characters: the stroke font about a third of the time (half of those with
     * its plate shapes of 0 1 4 6 9 G), else an outline font, condensed to wide.
     */
    PlateFace pick(Random random) {
        if (fonts.isEmpty() || random.nextDouble() < 0.35) {
            return new PlateFace.Stroke(new StrokeFont.Style(0.10 + random.nextDouble() * 0.07, 0.40 + random.nextDouble() * 0.18,
                    random.nextDouble() < 0.15 ? 0.08 : 0, random.nextBoolean(), random.nextBoolean()));
        }
        PlateFace.Typeface font = fonts.get(random.nextInt(fonts.size()));
        return new PlateFace.Outline(font, 0.62 + random.nextDouble() * 0.5, random.nextDouble() < 0.15 ? 0.12 : 0,
                random.nextDouble() < 0.5 ? random.nextDouble() * 0.06 : 0);
    }

    /** A face for small print (state names, slogans, country codes): an outline font, sometimes italic. */
    PlateFace pickSmall(Random random) {
        PlateFace.Typeface font = fonts.get(random.nextInt(fonts.size()));
        return new PlateFace.Outline(font, 0.8 + random.nextDouble() * 0.3, random.nextDouble() < 0.4 ? 0.2 : 0, 0);
    }
}
