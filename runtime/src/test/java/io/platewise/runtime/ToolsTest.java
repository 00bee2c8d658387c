package io.platewise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the tools say of a command line they failed to read, instead of a stack trace. */
class ToolsTest {

    private static final List<String> EVAL = List.of("--detector", "d.tar", "--reader", "r.tar", "clip.mp4", "--threshold", "high");

    @Test
    void aNumberThatIsNotOneNamesItsOption() {
        assertEquals(Optional.of("--threshold takes a number, not 'high'"),
                Tools.commandLineProblem(EVAL, new NumberFormatException("For input string: \"high\"")));
        assertEquals(Optional.of("--max-streams takes a number, not ''"),
                Tools.commandLineProblem(List.of("--max-streams", ""), new NumberFormatException("For input string: \"\"")));
    }

    @Test
    void anOptionLastWithoutItsValueIsToldSo() {
        assertEquals(Optional.of("--zone needs a value"),
                Tools.commandLineProblem(List.of("--detector", "d.tar", "clip.mp4", "--zone"), new IndexOutOfBoundsException("Index 4")));
    }

    @Test
    void otherFailuresAreTheToolsToReport() {
        // A number in a labels file, not on the command line.
        assertEquals(Optional.empty(), Tools.commandLineProblem(EVAL, new NumberFormatException("For input string: \"12x\"")));
        assertEquals(Optional.empty(), Tools.commandLineProblem(List.of("clip.mp4"), new IndexOutOfBoundsException("Index 3")));
        assertEquals(Optional.empty(), Tools.commandLineProblem(EVAL, new IllegalStateException("high")));
    }
}
