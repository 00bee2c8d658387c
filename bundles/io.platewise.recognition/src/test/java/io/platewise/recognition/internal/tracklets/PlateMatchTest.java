package io.platewise.recognition.internal.tracklets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlateMatchTest {

    @Test
    void lookAlikesShareAKey() {
        assertEquals(PlateMatch.key("0O8B5S1I2Z6G"), PlateMatch.key("OD88SS11ZZGG"));
        assertEquals("0008", PlateMatch.key("ODQB"));
        assertEquals("AHK7", PlateMatch.key("AHK7"), "characters without a look-alike stay");
    }

    @Test
    void aTypedPlateLosesItsSeparators() {
        assertEquals("ABC1234", PlateMatch.typed(" abc-12 34 "));
        assertEquals("AB12CD", PlateMatch.typed("ab.12.cd"));
        assertEquals("", PlateMatch.typed(" - "));
    }

    @Test
    void keysHoldEachDistinctReadOnceAndFitTheColumn() {
        assertEquals("|8A5|HA5|", PlateMatch.keys("BAS", List.of("BAS", "8A5", "HAS", "HA5"), 1000));
        assertEquals("|8A5|", PlateMatch.keys("BAS", List.of("HAS"), 8), "a candidate that does not fit is left out");
    }

    @Test
    void theParameterNamesItsValues() {
        assertEquals(PlateMatch.SIMILAR, PlateMatch.of("Similar"));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> PlateMatch.of("fuzzy"));
        assertEquals("match is one of contains, exact, similar; not 'fuzzy'", wrong.getMessage());
    }
}
