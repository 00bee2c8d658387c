package io.platewise.recognition.internal.tracklets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
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
    SIMILAR,
    /**
     * As {@link #SIMILAR}, and one character more, less or other than the text also matches: a read
     * that missed a character or took a mark for one. It also finds the neighbours of a plate in an
     * issuing sequence (ABC1234 for ABC1235), so it is asked for, not the default.
     */
    NEAR;

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

    /** The shortest text a {@link #NEAR} search takes: with one character free, shorter texts match most plates. */
    public static final int NEAR_MIN_LENGTH = 4;

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
     * The LIKE patterns (escape character {@code !}) of a {@link #NEAR} search for this text, against
     * the stored {@link #keys}: the key itself and, for each position, the key with that character
     * unknown ({@code _}), left out, or with an unknown character put before it.
     */
    static List<String> nearPatterns(String text) {
        String key = key(text);
        Set<String> patterns = new LinkedHashSet<>();
        patterns.add("%" + literal(key) + "%");
        for (int i = 0; i < key.length(); i++) {
            String before = literal(key.substring(0, i));
            patterns.add("%" + before + "_" + literal(key.substring(i + 1)) + "%");
            if (key.length() > 1) {
                patterns.add("%" + before + literal(key.substring(i + 1)) + "%");
            }
            if (i > 0) {
                patterns.add("%" + before + "_" + literal(key.substring(i)) + "%");
            }
        }
        return List.copyOf(patterns);
    }

    /** Whether stored keys match a {@link #NEAR} search for the text, as the database matches {@link #nearPatterns}. */
    public static boolean nearMatches(String keys, String text) {
        return nearMatcher(text).test(keys);
    }

    /** A {@link #NEAR} search for the text over stored keys, its patterns compiled once for many keys. */
    public static Predicate<String> nearMatcher(String text) {
        List<Pattern> regexes = new ArrayList<>();
        for (String pattern : nearPatterns(text)) {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '!') {
                    regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                } else {
                    regex.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
                }
            }
            regexes.add(Pattern.compile(regex.toString(), Pattern.DOTALL));
        }
        return keys -> regexes.stream().anyMatch(regex -> regex.matcher(keys).matches());
    }

    /** The text for LIKE with {@code ESCAPE '!'}: its wildcards matched as themselves. */
    private static String literal(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /**
     * What the store keeps for a similar search: the keys of the best read and of its candidates, each
     * between two bars ({@code ||0A8123||0A8128||}), so that a search for a key inside it cannot span
     * two reads, not even a near search's one unknown character, which can stand for one bar only.
     * Candidates that do not fit {@code maxLength} are left out, the best read never. (Migration V3
     * keyed the rows before it with one bar each side: they hold one read, so nothing can span there.)
     */
    public static String keys(String plate, List<String> candidates, int maxLength) {
        StringBuilder keys = new StringBuilder(SEPARATOR).append(key(plate)).append(SEPARATOR);
        for (String candidate : candidates) {
            String next = key(candidate);
            if (!next.equals(key(plate)) && keys.indexOf(SEPARATOR + next + SEPARATOR) < 0
                    && keys.length() + next.length() + SEPARATOR.length() <= maxLength) {
                keys.append(next).append(SEPARATOR);
            }
        }
        return keys.toString();
    }

    private static final String SEPARATOR = "||";
}
