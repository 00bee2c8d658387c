package io.platewise.recognition.internal.pipeline;

import io.platewise.recognition.api.Candidate;
import io.platewise.recognition.api.PlateRead;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A task's country templates (regular expressions a plate must match) and character replace rules
 * (such as O→0), applied to a read: a text that matches no template is first tried with the
 * replacements, then among the reader's runner-up candidates; the read says whether it matched.
 * A template may hold for one {@link PlateStyle} only (Brazil's older format for plates without
 * Mercosur's band): where the plate's style is seen, templates of the other style do not apply.
 */
public final class TextRules {

    /** A template, and the style of plate it holds for ({@link PlateStyle#UNKNOWN}: any). */
    public record Template(Pattern pattern, PlateStyle style) {
    }


    /** At most this many ambiguous positions are tried in every combination (2^n texts). */
    private static final int MAX_AMBIGUOUS = 8;
    private static final String PLATE_CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final List<Template> templates;
    private final Map<Character, Character> replacements;

    public TextRules(List<Template> templates, Map<Character, Character> replacements) {
        this.templates = List.copyOf(templates);
        this.replacements = Map.copyOf(replacements);
    }

    /** Rules whose templates hold for plates of any style. */
    public static TextRules anyStyle(List<Pattern> templates, Map<Character, Character> replacements) {
        return new TextRules(templates.stream().map(pattern -> new Template(pattern, PlateStyle.UNKNOWN)).toList(), replacements);
    }

    /** Whether any template holds for one style only, so that a plate's style is worth judging. */
    public boolean judgesStyle() {
        return templates.stream().anyMatch(template -> template.style() != PlateStyle.UNKNOWN);
    }

    /**
     * What is wrong with templates and replace rules as a task or the eval command is given them,
     * one line each (empty when they are valid): regular expressions that do not compile, rules that
     * do not map one character of A-Z 0-9 to another.
     */
    public static List<String> problems(List<String> templates, Map<String, String> replaceRules) {
        List<String> problems = new ArrayList<>();
        for (String template : templates) {
            try {
                Pattern.compile(template);
            } catch (PatternSyntaxException e) {
                problems.add("template '" + template + "' is not a valid regular expression: " + e.getDescription() + " near index "
                        + e.getIndex());
            }
        }
        replaceRules.forEach((from, to) -> {
            if (from == null || to == null || from.length() != 1 || to.length() != 1 || PLATE_CHARACTERS.indexOf(from.charAt(0)) < 0
                    || PLATE_CHARACTERS.indexOf(to.charAt(0)) < 0) {
                problems.add("replace rule '" + from + "' -> '" + to + "' must map one character of A-Z 0-9 to another");
            }
        });
        return problems;
    }

    /** The rules of templates and replace rules that have no {@link #problems}. */
    public static TextRules of(List<String> templates, Map<String, String> replaceRules) {
        return anyStyle(templates.stream().map(Pattern::compile).toList(), replacements(replaceRules));
    }

    /** Replace rules that have no {@link #problems}, as characters. */
    static Map<Character, Character> replacements(Map<String, String> replaceRules) {
        Map<Character, Character> replacements = new HashMap<>();
        replaceRules.forEach((from, to) -> replacements.put(from.charAt(0), to.charAt(0)));
        return replacements;
    }

    public PlateRead apply(PlateRead read) {
        return apply(read, 0);
    }

    /**
     * As {@link #apply(PlateRead)}, taking a runner-up candidate only if its confidence reaches
     * {@code minConfidence}: a task's recognition threshold, under which a template's pick would
     * turn a sure read that fits no template into no read at all.
     */
    public PlateRead apply(PlateRead read, float minConfidence) {
        return apply(read, minConfidence, PlateStyle.UNKNOWN);
    }

    /**
     * As {@link #apply(PlateRead, float)} for a plate of the given style: templates that hold for
     * the other style are left out (all apply when the style is {@link PlateStyle#UNKNOWN}).
     */
    public PlateRead apply(PlateRead read, float minConfidence, PlateStyle style) {
        if (templates.isEmpty() || read.text().isEmpty()) {
            return read;
        }
        if (matches(read.text(), style)) {
            return withText(read, read.text(), read.confidence());
        }
        String replaced = replaced(read.text(), read.characterConfidences(), style);
        if (replaced != null) {
            return withText(read, replaced, read.confidence());
        }
        for (Candidate candidate : read.candidates()) {
            if (candidate.confidence() >= minConfidence && matches(candidate.text(), style)) {
                return withText(read, candidate.text(), candidate.confidence());
            }
        }
        return read;
    }

    public boolean matches(String text) {
        return matches(text, PlateStyle.UNKNOWN);
    }

    private boolean matches(String text, PlateStyle style) {
        for (Template template : templates) {
            boolean holds = style == PlateStyle.UNKNOWN || template.style() == PlateStyle.UNKNOWN || template.style() == style;
            if (holds && template.pattern().matcher(text).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The variant of the text, with replacements applied at some positions, that matches a template:
     * fewest replacements first, as a read is trusted more than a rule; among as many, the one that
     * replaces the characters the reader was least sure of (where it gives a confidence per
     * character), since a country of several formats often has more than one that one replacement reaches.
     */
    private String replaced(String text, float[] characterConfidences, PlateStyle style) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < text.length() && positions.size() < MAX_AMBIGUOUS; i++) {
            if (replacements.containsKey(text.charAt(i))) {
                positions.add(i);
            }
        }
        boolean perCharacter = characterConfidences.length == text.length();
        for (int count = 1; count <= positions.size(); count++) {
            String best = null;
            double bestDoubt = Double.NEGATIVE_INFINITY;
            for (int mask = 1; mask < 1 << positions.size(); mask++) {
                if (Integer.bitCount(mask) != count) {
                    continue;
                }
                char[] chars = text.toCharArray();
                double doubt = 0;
                for (int bit = 0; bit < positions.size(); bit++) {
                    if ((mask & 1 << bit) != 0) {
                        int position = positions.get(bit);
                        chars[position] = replacements.get(chars[position]);
                        doubt += perCharacter ? 1 - characterConfidences[position] : 0;
                    }
                }
                String variant = new String(chars);
                if (doubt > bestDoubt && matches(variant, style)) {
                    best = variant;
                    bestDoubt = doubt;
                }
            }
            if (best != null) {
                return best;
            }
        }
        return null;
    }

    private static PlateRead withText(PlateRead read, String text, float confidence) {
        float[] characters = text.length() == read.characterConfidences().length ? read.characterConfidences() : null;
        List<Candidate> candidates = new ArrayList<>();
        candidates.add(new Candidate(text, confidence));
        for (Candidate candidate : read.candidates()) {
            if (!candidate.text().equals(text)) {
                candidates.add(candidate);
            }
        }
        return new PlateRead(text, confidence, characters, candidates, true);
    }
}
