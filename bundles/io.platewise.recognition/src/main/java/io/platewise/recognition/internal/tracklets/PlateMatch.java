package io.platewise.recognition.internal.tracklets;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a plate search matches the text an operator types against the reads stored. A reader that is
 * right half of the time confuses 0 with O and 8 with B, so an exact search alone would miss a car
 * whose plate was read with one such slip; {@link #SIMILAR} forgives those slips and also looks at
 * each tracklet's runner-up candidates.
 */
public enum PlateMatch {
    /** The text anywhere in the best read (the default). */
    CONTAINS,
    /** The best read is the text, nothing more: the plate index answers it. */
    EXACT,
    /** The text anywhere in the best read or a runner-up candidate, with look-alike characters taken as one. */
    SIMILAR;

    /**
     * Characters a reader takes for one another, and the one each stands for in a {@link #key}. The
     * migration that keys the tracklets stored before (V3) uses the same two strings in SQL's TRANSLATE.
     */
    static final String LOOK_ALIKES = "ODQIZSGB";
    static final String STANDS_FOR = "00012568";

    /** The width of the column that holds a tracklet's {@link #keys} (migration V3). */
    public static final int KEYS_LENGTH = 1000;

    /** Separators people type inside a plate ("ABC 123", "AB-123"); plates are stored without them. */
    private static final String SEPARATORS = "[\\s\\-.]";

    /** The parameter's value, any case. */
    public static PlateMatch of(String value) {
        for (PlateMatch match : values()) {
            if (match.name().equalsIgnoreCase(value.trim())) {
                return match;
            }
        }
        throw new IllegalArgumentException("match is one of " + Arrays.stream(values()).map(PlateMatch::parameter)
                .collect(Collectors.joining(", ")) + "; not '" + value + "'");
    }

    public String parameter() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A typed plate as the store holds plates: upper case, no separators; empty when nothing is left. */
    public static String typed(String text) {
        return text.replaceAll(SEPARATORS, "").toUpperCase(Locale.ROOT);
    }

    /** The text with each look-alike replaced by the character it stands for, so that ODB and 008 have one key. */
    public static String key(String text) {
        StringBuilder key = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int look = LOOK_ALIKES.indexOf(c);
            key.append(look < 0 ? c : STANDS_FOR.charAt(look));
        }
        return key.toString();
    }

    /**
     * What the store keeps for a similar search: the keys of the best read and of its candidates, each
     * between bars ({@code |0A8123|0A8128|}), so that a search for a key inside it cannot span two reads.
     * Candidates that do not fit {@code maxLength} are left out, the best read never.
     */
    public static String keys(String plate, List<String> candidates, int maxLength) {
        StringBuilder keys = new StringBuilder("|").append(key(plate)).append('|');
        for (String candidate : candidates) {
            String next = key(candidate);
            if (!next.equals(key(plate)) && keys.indexOf("|" + next + "|") < 0 && keys.length() + next.length() + 1 <= maxLength) {
                keys.append(next).append('|');
            }
        }
        return keys.toString();
    }
}
