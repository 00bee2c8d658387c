package io.platewise.recognition.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.recognition.api.Candidate;
import io.platewise.recognition.api.PlateRead;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TextRulesTest {

    private static final TextRules BRAZIL = TextRules.anyStyle(List.of(Pattern.compile("[A-Z]{3}[0-9]{4}"), Pattern.compile("[A-Z]{3}[0-9][A-Z][0-9]{2}")),
            Map.of('0', 'O', 'O', '0', '1', 'I', 'I', '1', '8', 'B', 'B', '8'));

    private static PlateRead read(String text, String... others) {
        List<Candidate> candidates = new java.util.ArrayList<>();
        candidates.add(new Candidate(text, 0.8f));
        for (String other : others) {
            candidates.add(new Candidate(other, 0.1f));
        }
        return new PlateRead(text, 0.8f, null, candidates, false);
    }

    @Test
    void aMatchingReadIsMarked() {
        PlateRead read = BRAZIL.apply(read("ABC1234"));
        assertEquals("ABC1234", read.text());
        assertTrue(read.matchesTemplate());
    }

    @Test
    void replacementsMakeATextFitItsTemplateWithTheFewestChanges() {
        assertEquals("ABO1234", BRAZIL.apply(read("AB01234")).text());
        assertEquals("ABC1234", BRAZIL.apply(read("A8C1234")).text());
        assertTrue(BRAZIL.apply(read("A8C1234")).matchesTemplate());
    }

    @Test
    void amongAsManyReplacementsTheCharacterTheReaderDoubtedMostIsReplaced() {
        // ABC12O4 fits one template as ABC1204 and the other as ABC12OA, one replacement each.
        TextRules rules = TextRules.anyStyle(List.of(Pattern.compile("[A-Z]{3}[0-9]{4}"), Pattern.compile("[A-Z]{3}[0-9]{2}[A-Z]{2}")),
                Map.of('O', '0', '4', 'A'));
        float[] doubtedO = {0.97f, 0.95f, 0.96f, 0.93f, 0.98f, 0.41f, 0.94f};
        float[] doubted4 = {0.97f, 0.95f, 0.96f, 0.93f, 0.98f, 0.81f, 0.34f};
        assertEquals("ABC1204", rules.apply(new PlateRead("ABC12O4", 0.6f, doubtedO, null, false)).text());
        assertEquals("ABC12OA", rules.apply(new PlateRead("ABC12O4", 0.6f, doubted4, null, false)).text());
        assertEquals("ABC1204", rules.apply(read("ABC12O4")).text(), "without confidences per character, the first position");
    }

    @Test
    void aRunnerUpThatFitsIsTakenWhenNoReplacementHelps() {
        PlateRead read = BRAZIL.apply(read("ABC12345", "ABC1245"));
        assertEquals("ABC1245", read.text());
        assertEquals(0.1f, read.confidence());
    }

    @Test
    void nothingFitsNothingChanges() {
        PlateRead read = BRAZIL.apply(read("XYZ"));
        assertEquals("XYZ", read.text());
        assertFalse(read.matchesTemplate());
    }

    @Test
    void noTemplatesNoOpinion() {
        PlateRead read = new TextRules(List.of(), Map.of()).apply(read("AB0"));
        assertFalse(read.matchesTemplate());
    }

    @Test
    void zonesUseTheEvenOddRule() {
        float[] square = {0.25f, 0.25f, 0.75f, 0.25f, 0.75f, 0.75f, 0.25f, 0.75f};
        assertTrue(TaskSettings.inside(square, 0.5f, 0.5f));
        assertFalse(TaskSettings.inside(square, 0.1f, 0.5f));
    }
}
