package io.platewise.recognition.internal.tracklets;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The three-character pieces of a tracklet's look-alike keys that let a substring search use an index
 * (migration V5). Keys that hold a text's key hold every gram of it, so a search takes the tracklets
 * that hold those grams before it checks the text itself. A plate that contains a text has keys that
 * contain its key (the best read's key comes first in them), so {@link PlateMatch#CONTAINS} takes them
 * too, and {@link PlateMatch#NEAR}, one character more, less or other, loses at most three grams.
 */
final class PlateGrams {

    /** The characters in a gram; the V5 script cuts grams of this length too. */
    static final int LENGTH = 3;

    /** The bar between the reads in stored keys ({@link PlateMatch#keys}); no gram spans it. */
    private static final char BAR = '|';

    private PlateGrams() {
    }

    /** The distinct grams of one text, first seen first; none when it is shorter than a gram. */
    static Set<String> of(String text) {
        Set<String> grams = new LinkedHashSet<>();
        for (int i = 0; i + LENGTH <= text.length(); i++) {
            grams.add(text.substring(i, i + LENGTH));
        }
        return grams;
    }

    /** The distinct grams of each read in stored keys, none across the bars between them. */
    static Set<String> ofKeys(String keys) {
        Set<String> grams = new LinkedHashSet<>();
        for (String read : keys.split("\\" + BAR)) {
            grams.addAll(of(read));
        }
        return grams;
    }

    /**
     * How many of a search's grams a tracklet must hold to be checked: all of them for a substring; for a
     * near search all but three, since one edit overlaps three of the text's gram positions, and at least one
     * when the text has four positions or more, even where a repeated gram ({@code 999} in {@code DY9999})
     * leaves fewer distinct ones. Zero when the grams cannot narrow it (text too short, or a bar in it,
     * which the grams never hold), and then the search reads every row as before.
     */
    static int required(Set<String> grams, String text, boolean near) {
        if (text.indexOf(BAR) >= 0) {
            return 0;
        }
        if (!near) {
            return grams.size();
        }
        int positions = text.length() - LENGTH + 1;
        return Math.max(grams.size() - LENGTH, positions > LENGTH ? 1 : 0);
    }
}
