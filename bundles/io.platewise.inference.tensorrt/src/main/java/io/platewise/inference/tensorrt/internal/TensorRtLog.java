package io.platewise.inference.tensorrt.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.bytedeco.tensorrt.nvinfer.ILogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TensorRT's messages into our log; the last errors are kept so that a failed build or load can say
 * what TensorRT said instead of "returned null".
 */
final class TensorRtLog extends ILogger {

    private static final Logger LOG = LoggerFactory.getLogger("io.platewise.inference.tensorrt.TensorRT");
    private static final int KEPT_ERRORS = 5;

    private final Deque<String> lastErrors = new ArrayDeque<>();

    @Override
    public void log(Severity severity, String message) {
        switch (severity) {
            case kINTERNAL_ERROR, kERROR -> {
                LOG.error(message);
                synchronized (lastErrors) {
                    if (lastErrors.size() == KEPT_ERRORS) {
                        lastErrors.removeFirst();
                    }
                    lastErrors.addLast(message);
                }
            }
            case kWARNING -> LOG.warn(message);
            case kINFO -> LOG.debug(message);
            default -> LOG.trace(message);
        }
    }

    /** The errors since the last call, oldest first, and forgets them. */
    List<String> takeErrors() {
        synchronized (lastErrors) {
            List<String> errors = List.copyOf(lastErrors);
            lastErrors.clear();
            return errors;
        }
    }
}
