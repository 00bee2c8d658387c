package io.platewise.recognition.internal.pipeline;

import io.platewise.recognition.api.InferenceEngine;
import io.platewise.recognition.api.InferenceException;
import io.platewise.recognition.api.InferenceSession;
import io.platewise.recognition.api.ModelSource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Opens the model sessions of the tasks. On an engine where batching pays (a GPU, as the engine's
 * {@link InferenceEngine#preferredBatchSize()} says) every task that runs the same model shares one
 * session that batches the cameras' frames; elsewhere (ONNX Runtime on the CPU, where a batch of 8
 * costs as much per frame as 8 single runs) each task has its own session and its own thread.
 */
public final class ModelSessions {

    private record Key(String engine, String model, Path onnx, int threads) {
    }

    private static final class Shared {
        final BatchingSession batching;
        int users;

        Shared(BatchingSession batching) {
            this.batching = batching;
        }
    }

    private final Map<Key, Shared> shared = new HashMap<>();

    public InferenceSession open(InferenceEngine engine, ModelSource model, int threads) throws InferenceException {
        int batch = engine.preferredBatchSize();
        if (batch <= 1) {
            return engine.open(model, threads);
        }
        Key key = new Key(engine.name(), model.name(), model.onnx().toAbsolutePath(), threads);
        // Opening under the lock makes a second task wait for the first one's load (or TensorRT build)
        // of the same model instead of loading it twice; loads are rare (task start, swap).
        synchronized (shared) {
            Shared entry = shared.get(key);
            if (entry == null) {
                entry = new Shared(new BatchingSession(engine.open(model, threads), batch));
                shared.put(key, entry);
            }
            entry.users++;
            return new Handle(key, entry);
        }
    }

    /** How many sessions are shared now, and by how many tasks in all (for tests and stats). */
    public int[] sharing() {
        synchronized (shared) {
            return new int[] {shared.size(), shared.values().stream().mapToInt(s -> s.users).sum()};
        }
    }

    private void release(Key key, Shared entry) {
        synchronized (shared) {
            if (--entry.users == 0) {
                shared.remove(key);
                entry.batching.close();
            }
        }
    }

    /** One task's use of a shared session: its own last output shapes, closed once. */
    private final class Handle implements InferenceSession {
        private final Key key;
        private final Shared entry;
        private Map<String, long[]> lastOutputShapes = Map.of();
        private boolean closed;

        Handle(Key key, Shared entry) {
            this.key = key;
            this.entry = entry;
        }

        @Override
        public Map<String, long[]> inputs() {
            return entry.batching.session().inputs();
        }

        @Override
        public Map<String, long[]> outputs() {
            return entry.batching.session().outputs();
        }

        @Override
        public Map<String, float[]> run(Map<String, float[]> inputs, Map<String, long[]> shapes) throws InferenceException {
            BatchingSession.Result result = entry.batching.run(inputs, shapes);
            lastOutputShapes = result.shapes();
            return result.outputs();
        }

        @Override
        public Map<String, long[]> lastOutputShapes() {
            return lastOutputShapes;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                release(key, entry);
            }
        }
    }
}
