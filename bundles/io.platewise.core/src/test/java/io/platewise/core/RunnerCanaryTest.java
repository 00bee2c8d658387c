package io.platewise.core;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/**
 * Proves the test runner is live: .ci/run runs this test once more with
 * -Dplatewise.canary.fail=true and requires the build to fail, so a runner that reports success
 * without running tests cannot go unnoticed.
 */
class RunnerCanaryTest {

    @Test
    void failsOnlyWhenAskedTo() {
        assertFalse(Boolean.getBoolean("platewise.canary.fail"), "deliberate failure requested by .ci/run");
    }
}
