package io.platewise.recognition.internal.reading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
