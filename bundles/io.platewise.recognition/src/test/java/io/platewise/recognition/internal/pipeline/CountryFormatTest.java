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
}
