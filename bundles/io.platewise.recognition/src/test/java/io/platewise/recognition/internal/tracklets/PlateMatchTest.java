package io.platewise.recognition.internal.tracklets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals("||8A5||HA5||", PlateMatch.keys("BAS", List.of("BAS", "8A5", "HAS", "HA5"), 1000));
        assertEquals("||8A5||", PlateMatch.keys("BAS", List.of("HAS"), 11), "a candidate that does not fit is left out");
    }

    @Test
    void aNearSearchForgivesOneCharacterMoreLessOrOther() {
        String keys = PlateMatch.keys("ABC1234", List.of(), 1000);
        assertTrue(PlateMatch.nearMatches(keys, "ABC1234"));
        assertTrue(PlateMatch.nearMatches(keys, "A8C1Z34"), "look-alikes, as similar");
        assertTrue(PlateMatch.nearMatches(keys, "ABC1734"), "one other character");
        assertTrue(PlateMatch.nearMatches(keys, "ABC12345"), "one more: the read missed it");
        assertTrue(PlateMatch.nearMatches(keys, "ABC124"), "one less: the read took a mark for a character");
        assertTrue(PlateMatch.nearMatches(keys, "BC12"), "inside the read, as similar");
        assertFalse(PlateMatch.nearMatches(keys, "ABC7734"), "two other characters");
        assertFalse(PlateMatch.nearMatches(keys, "XYZ1234"));
        assertFalse(PlateMatch.nearMatches(PlateMatch.keys("XAB", List.of("C12Y"), 1000), "ABC12"),
                "the unknown character does not stand for the bars between two reads");
        assertEquals(List.of("%AH%", "%_H%", "%H%", "%A_%", "%A%", "%A_H%"), PlateMatch.nearPatterns("AH"));
        assertEquals("%1!%%", PlateMatch.nearPatterns("1%").get(0), "LIKE's wildcards in the text are escaped");
    }

    @Test
    void theParameterNamesItsValues() {
        assertEquals(PlateMatch.SIMILAR, PlateMatch.of("Similar"));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> PlateMatch.of("fuzzy"));
        assertEquals("match is one of contains, exact, similar, near; not 'fuzzy'", wrong.getMessage());
    }
}
