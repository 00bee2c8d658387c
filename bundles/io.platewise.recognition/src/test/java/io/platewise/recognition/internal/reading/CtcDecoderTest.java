package io.platewise.recognition.internal.reading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.recognition.api.Candidate;
import io.platewise.recognition.api.PlateRead;
import org.junit.jupiter.api.Test;

class CtcDecoderTest {

    static final String CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final int CLASSES = CHARSET.length() + 1;

    /** Log-probabilities where each step puts {@code p} on its class and spreads the rest evenly. */
    static float[] steps(String path, float p) {
        float[] out = new float[path.length() * CLASSES];
        for (int t = 0; t < path.length(); t++) {
            char c = path.charAt(t);
            int k = c == '_' ? 0 : CHARSET.indexOf(c) + 1;
            for (int i = 0; i < CLASSES; i++) {
                out[t * CLASSES + i] = (float) Math.log(i == k ? p : (1 - p) / (CLASSES - 1));
            }
        }
        return out;
    }

    @Test
    void collapsesRepeatsAndDropsBlanks() {
        PlateRead read = new CtcDecoder(CHARSET).decode(steps("_AA_B__11_1_2", 0.9f), 13, CLASSES, 3);
        assertEquals("AB112", read.text());
        assertEquals(5, read.characterConfidences().length);
        assertEquals(Math.pow(0.9, 5), read.confidence(), 1e-4);
    }

    @Test
    void runnerUpsOfTheLeastSureCharacterAreCandidates() {
        float[] values = steps("_O_8_", 0.9f);
        // Step 1 is unsure between O and 0.
        int o = CHARSET.indexOf('O') + 1;
        int zero = CHARSET.indexOf('0') + 1;
        for (int i = 0; i < CLASSES; i++) {
            values[CLASSES + i] = (float) Math.log(0.0001);
        }
        values[CLASSES + o] = (float) Math.log(0.55);
        values[CLASSES + zero] = (float) Math.log(0.44);
        PlateRead read = new CtcDecoder(CHARSET).decode(values, 5, CLASSES, 3);
        assertEquals("O8", read.text());
        assertEquals("08", read.candidates().get(1).text());
        assertTrue(read.candidates().get(1).confidence() < read.confidence());
    }

    /** A step's distribution: {@code first} with p, {@code second} with q, the rest evenly. */
    private static void set(float[] values, int step, char first, float p, char second, float q) {
        int a = first == '_' ? 0 : CHARSET.indexOf(first) + 1;
        int b = second == '_' ? 0 : CHARSET.indexOf(second) + 1;
        for (int i = 0; i < CLASSES; i++) {
            values[step * CLASSES + i] = (float) Math.log(i == a ? p : i == b ? q : (1 - p - q) / (CLASSES - 2));
        }
    }

    @Test
    void candidatesMayDropOrAddACharacterWhereTheModelIsUnsure() {
        // A plate's edge read as a J, where the model also gave a blank a fair chance.
        float[] values = steps("_A_B_C_1_2_3_J_", 0.95f);
        set(values, 13, 'J', 0.6f, '_', 0.39f);
        PlateRead read = new CtcDecoder(CHARSET).decode(values, 15, CLASSES, 5);
        assertEquals("ABC123J", read.text());
        Candidate without = read.candidates().stream().filter(c -> c.text().equals("ABC123")).findFirst().orElseThrow();
        // Scored by the model's odds of the two texts over all alignments: about 0.39 against 0.6.
        assertEquals(read.confidence() * 0.39 / 0.6, without.confidence(), read.confidence() * 0.05);
        assertEquals("ABC123J", read.candidates().get(0).text(), "the read first");
        for (int i = 1; i < read.candidates().size(); i++) {
            assertTrue(read.candidates().get(i).confidence() <= read.candidates().get(i - 1).confidence());
        }
    }

    @Test
    void aCharacterTwiceNeedsABlankBetweenAndTheSearchKnowsIt() {
        // "1" over two steps without a blank is one 1; a blank between makes it 11.
        float[] values = steps("_11_", 0.9f);
        PlateRead once = new CtcDecoder(CHARSET).decode(values, 4, CLASSES, 3);
        assertEquals("1", once.text());
        assertTrue(once.candidates().stream().noneMatch(c -> c.text().equals("11") && c.confidence() > once.confidence() / 10),
                "11 needs the unlikely blank between");
        float[] apart = steps("_1_1_", 0.9f);
        assertEquals("11", new CtcDecoder(CHARSET).decode(apart, 5, CLASSES, 3).text());
    }

    @Test
    void theSearchSumsAlignmentsAsCtcDefinesThem() {
        // Two steps over {blank, A}: P(A) = pA*pA + pA*pb + pb*pA, P("") = pb*pb.
        float[] values = new float[2 * CLASSES];
        set(values, 0, 'A', 0.7f, '_', 0.3f - 1e-6f);
        set(values, 1, 'A', 0.6f, '_', 0.4f - 1e-6f);
        java.util.Map<String, Double> texts = CtcDecoder.beamSearch(values, 2, CLASSES, 16);
        String a = String.valueOf((char) (CHARSET.indexOf('A') + 1));
        assertEquals(0.7 * 0.6 + 0.7 * 0.4 + 0.3 * 0.6, texts.get(a), 1e-4);
        assertEquals(0.3 * 0.4, texts.get(""), 1e-4);
        assertEquals(0, texts.getOrDefault(a + a, 0.0), 1e-4, "AA needs three steps");
    }

    @Test
    void allBlankIsAnEmptyRead() {
        PlateRead read = new CtcDecoder(CHARSET).decode(steps("_____", 0.99f), 5, CLASSES, 3);
        assertEquals("", read.text());
        assertEquals(0, read.confidence());
    }

    @Test
    void aModelWithTheWrongNumberOfClassesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CtcDecoder(CHARSET).decode(new float[10], 1, 10, 1));
    }
}
