package io.platewise.recognition.internal.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The national formats of a country's current and still common car plates, as templates over the
 * read text (A-Z 0-9, separators dropped), so that an operator names a country (a task's
 * {@code country}, eval's {@code --country}) instead of writing the expressions. Countries whose
 * plates vary by region beyond a handful of patterns (the US states, the Netherlands' side codes)
 * are left to explicit templates.
 */
public enum CountryFormat {

    // Where Mercosur's format and the one it replaces differ, the look of the plate says which holds (PlateStyle).
    AR("Argentina", beforeMercosur("[A-Z]{3}[0-9]{3}"), mercosur("[A-Z]{2}[0-9]{3}[A-Z]{2}")),
    BR("Brazil", beforeMercosur("[A-Z]{3}[0-9]{4}"), mercosur("[A-Z]{3}[0-9][A-Z][0-9]{2}")),
    CL("Chile", "[B-DF-HJ-LPR-TV-Z]{4}[0-9]{2}", "[A-Z]{2}[0-9]{4}"),
    DE("Germany", "[A-Z]{2,5}[0-9]{1,4}[EH]?"),
    ES("Spain", "[0-9]{4}[BCDFGHJKLMNPRSTVWXYZ]{3}"),
    FR("France", "[A-Z]{2}[0-9]{3}[A-Z]{2}"),
    GB("United Kingdom", "[A-Z]{2}[0-9]{2}[A-Z]{3}", "[A-Z][0-9]{1,3}[A-Z]{3}", "[A-Z]{3}[0-9]{1,3}[A-Z]"),
    IT("Italy", "[A-Z]{2}[0-9]{3}[A-Z]{2}"),
    PT("Portugal", "[A-Z]{2}[0-9]{2}[A-Z]{2}", "[0-9]{2}[A-Z]{2}[0-9]{2}", "[0-9]{4}[A-Z]{2}", "[A-Z]{2}[0-9]{4}"),
    PY("Paraguay", "[A-Z]{4}[0-9]{3}"),
    RO("Romania", "B[0-9]{2,3}[A-Z]{3}", "[A-Z]{2}[0-9]{2}[A-Z]{3}"),
    UY("Uruguay", "[A-Z]{3}[0-9]{4}");

    /**
     * Letters and digits a reader confuses, both ways where both are plate characters: tried only
     * on a read that fits no template, fewest first (see {@link TextRules}). Q and D have no digit
     * of their own to go back to, so they only go to 0.
     */
    public static final Map<String, String> LOOK_ALIKES = Map.ofEntries(Map.entry("O", "0"), Map.entry("0", "O"), Map.entry("I", "1"),
            Map.entry("1", "I"), Map.entry("B", "8"), Map.entry("8", "B"), Map.entry("S", "5"), Map.entry("5", "S"), Map.entry("Z", "2"),
            Map.entry("2", "Z"), Map.entry("G", "6"), Map.entry("6", "G"), Map.entry("A", "4"), Map.entry("4", "A"), Map.entry("Q", "0"),
            Map.entry("D", "0"));

    private final String country;
    private final List<String> templates;
    private final List<PlateStyle> styles;

    /** A template that holds for one style of plate. */
    private record Styled(String template, PlateStyle style) {
    }

    /** Templates that hold for plates of any look. */
    CountryFormat(String country, String... templates) {
        this.country = country;
        this.templates = List.of(templates);
        this.styles = Arrays.stream(templates).map(t -> PlateStyle.UNKNOWN).toList();
    }

    CountryFormat(String country, Styled... templates) {
        this.country = country;
        this.templates = Arrays.stream(templates).map(Styled::template).toList();
        this.styles = Arrays.stream(templates).map(Styled::style).toList();
    }

    private static Styled mercosur(String template) {
        return new Styled(template, PlateStyle.MERCOSUR);
    }

    private static Styled beforeMercosur(String template) {
        return new Styled(template, PlateStyle.NOT_MERCOSUR);
    }

    public String country() {
        return country;
    }

    public List<String> templates() {
        return templates;
    }

    /** The style of plate each of {@link #templates()} holds for ({@link PlateStyle#UNKNOWN}: any). */
    public List<PlateStyle> styles() {
        return styles;
    }

    /** The format of an ISO 3166 code (any case), if there is one. */
    public static Optional<CountryFormat> of(String code) {
        String wanted = code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.name().equals(wanted)).findFirst();
    }

    /** Such as {@code AR (Argentina), BR (Brazil), ...}, for messages. */
    public static String known() {
        return Arrays.stream(values()).map(f -> f.name() + " (" + f.country + ")").collect(Collectors.joining(", "));
    }

    /**
     * The codes of a task's {@code country}: one ISO 3166 code, or several separated by commas or
     * spaces for a site that sees plates of several countries (a border post: {@code BR,AR,UY,PY}),
     * upper-cased, in their order, each once.
     */
    public static List<String> codes(String codes) {
        if (codes == null || codes.isBlank()) {
            return List.of();
        }
        return Arrays.stream(codes.trim().toUpperCase(Locale.ROOT).split("[,\\s]+")).filter(c -> !c.isEmpty()).distinct().toList();
    }

    /** A task's {@code country} as it is shown and stored: its {@link #codes} joined by commas. */
    public static String normalise(String codes) {
        return String.join(",", codes(codes));
    }

    /**
     * What is wrong with a country (or several) as a task or the eval command is given it (empty when
     * it is none or every code is known), as {@link TextRules#problems} says it of templates.
     */
    public static List<String> problems(String codes) {
        return codes(codes).stream().filter(code -> of(code).isEmpty())
                .map(code -> "country '" + code + "' has no plate formats here (known: " + known() + "); give its formats as templates instead")
                .toList();
    }

    /**
     * The rules of a task's countries with its own: the countries' templates (each once) and then the
     * task's, the look-alikes overridden by the task's replace rules. No country (empty): the task's alone.
     */
    public static TextRules rules(String codes, List<String> templates, Map<String, String> replaceRules) {
        List<String> countries = codes(codes);
        if (countries.isEmpty()) {
            return TextRules.of(templates, replaceRules);
        }
        Map<String, String> rules = new LinkedHashMap<>(LOOK_ALIKES);
        rules.putAll(replaceRules);
        List<TextRules.Template> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String code : countries) {
            CountryFormat format = of(code).orElseThrow(() -> new IllegalArgumentException("No plate format for country '" + code + "'"));
            for (int i = 0; i < format.templates.size(); i++) {
                if (seen.add(format.templates.get(i) + "@" + format.styles.get(i))) {
                    all.add(new TextRules.Template(Pattern.compile(format.templates.get(i)), format.styles.get(i)));
                }
            }
        }
        templates.forEach(template -> all.add(new TextRules.Template(Pattern.compile(template), PlateStyle.UNKNOWN)));
        return new TextRules(all, TextRules.replacements(rules));
    }
}
