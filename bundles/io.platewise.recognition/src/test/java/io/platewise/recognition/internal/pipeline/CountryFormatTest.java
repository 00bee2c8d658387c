package io.platewise.recognition.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.recognition.api.Candidate;
import io.platewise.recognition.api.PlateRead;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Countries named instead of templates: their plates match, misreads of look-alikes are put right. */
class CountryFormatTest {

    private static PlateRead read(String text) {
        return new PlateRead(text, 0.8f, new float[text.length()], List.of(new Candidate(text, 0.8f)), false);
    }

    @ParameterizedTest
    @CsvSource({"BR, ABC1234", "BR, BRA2E19", "AR, AB123CD", "AR, ABC123", "DE, BMW1234", "DE, MAB123E", "FR, AB123CD", "IT, AB123CD",
            "ES, 1234BCD", "GB, AB12CDE", "GB, A123BCD", "PT, AA00AA", "RO, B123ABC", "RO, CJ12ABC", "PY, ABCD123", "CL, BBBB12"})
    void aCountrysPlatesMatchItsFormats(String country, String plate) {
        TextRules rules = CountryFormat.rules(country, List.of(), Map.of());
        assertTrue(rules.matches(plate), plate + " is a plate of " + country);
    }

    @ParameterizedTest
    @CsvSource({"BR, ABCI234, ABC1234", "BR, A8C1234, ABC1234", "BR, BRA2EI9, BRA2E19", "ES, I234BCD, 1234BCD", "GB, AB12CD5, AB12CDS"})
    void looksAlikesArePutRightWhereTheFormatWantsTheOtherKind(String country, String misread, String plate) {
        PlateRead fixed = CountryFormat.rules(country, List.of(), Map.of()).apply(read(misread));
        assertEquals(plate, fixed.text());
        assertTrue(fixed.matchesTemplate());
    }

    @Test
    void aTasksOwnTemplatesAndRulesJoinTheCountrys() {
        TextRules rules = CountryFormat.rules("br", List.of("[A-Z]{2}[0-9]{5}"), Map.of("O", "Q"));
        assertTrue(rules.matches("AB12345"), "the task's own template");
        assertTrue(rules.matches("ABC1234"), "the country's");
        // The task's rule replaces the country's O -> 0: ABCO234 cannot become ABC0234 any more.
        assertFalse(rules.apply(read("ABCO234")).matchesTemplate());
    }

    @Test
    void noCountryIsTheTasksRulesAlone() {
        assertEquals("ABCI234", CountryFormat.rules("", List.of(), Map.of()).apply(read("ABCI234")).text());
        assertTrue(CountryFormat.of("xx").isEmpty());
        assertTrue(CountryFormat.known().contains("BR (Brazil)"));
    }

    /**
     * Brazil's older LLL NNNN and Mercosur's LLL N L NN differ at the fifth character only: the look
     * of the plate decides which template a read must fit, where it is seen.
     */
    @ParameterizedTest
    @CsvSource({"NOT_MERCOSUR, ABC1I34, ABC1134", "MERCOSUR, ABC1I34, ABC1I34", "UNKNOWN, ABC1I34, ABC1I34",
            "MERCOSUR, ABC1234, ABC1Z34", "NOT_MERCOSUR, ABC1234, ABC1234", "UNKNOWN, ABC1234, ABC1234"})
    void theLookOfABrazilianPlateChoosesBetweenItsFormats(PlateStyle style, String read, String plate) {
        TextRules rules = CountryFormat.rules("BR", List.of(), Map.of());
        assertTrue(rules.judgesStyle());
        assertEquals(plate, rules.apply(read(read), 0, style).text());
    }

    @Test
    void onlyCountriesWithMercosurAndOlderFormatsJudgeTheLook() {
        assertEquals(List.of(PlateStyle.NOT_MERCOSUR, PlateStyle.MERCOSUR), CountryFormat.BR.styles());
        assertEquals(List.of(PlateStyle.NOT_MERCOSUR, PlateStyle.MERCOSUR), CountryFormat.AR.styles());
        assertFalse(CountryFormat.rules("UY", List.of(), Map.of()).judgesStyle(), "Uruguay's one format holds for any look");
        assertFalse(CountryFormat.rules("DE", List.of(), Map.of()).judgesStyle());
        assertFalse(CountryFormat.rules("", List.of("[A-Z]{3}[0-9]{4}"), Map.of()).judgesStyle(), "a task's own templates hold for any look");
        // A task's own template holds whatever the look.
        TextRules withOwn = CountryFormat.rules("BR", List.of("[A-Z]{2}[0-9]{5}"), Map.of());
        assertEquals("AB12345", withOwn.apply(read("AB12345"), 0, PlateStyle.MERCOSUR).text());
    }

    /** A border post sees plates of several countries: their formats join, each once. */
    @Test
    void severalCountriesJoinTheirFormats() {
        assertEquals(List.of("BR", "AR", "UY"), CountryFormat.codes(" br, ar ar UY"));
        assertEquals("BR,AR,UY", CountryFormat.normalise("br, ar ar UY"));
        assertEquals("", CountryFormat.normalise(null));
        TextRules rules = CountryFormat.rules("BR,AR", List.of(), Map.of());
        assertTrue(rules.matches("ABC1234"), "Brazil's");
        assertTrue(rules.matches("AB123CD"), "Argentina's Mercosur format");
        assertTrue(rules.matches("ABC123"), "Argentina's older one");
        assertTrue(rules.judgesStyle());
        assertFalse(CountryFormat.rules("BR,AR", List.of(), Map.of()).matches("1234BCD"), "Spain's is not among them");
        assertEquals(List.of("country 'XX' has no plate formats here (known: " + CountryFormat.known()
                + "); give its formats as templates instead"), CountryFormat.problems("BR,XX"));
        assertTrue(CountryFormat.problems("BR, AR").isEmpty());
    }
}
