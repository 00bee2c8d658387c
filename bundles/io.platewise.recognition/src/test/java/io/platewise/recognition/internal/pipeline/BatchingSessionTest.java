package io.platewise.recognition.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.inference.onnx.internal.OnnxModels;
import io.platewise.inference.onnx.internal.OnnxRuntimeEngine;
import io.platewise.recognition.api.InferenceEngine;
import io.platewise.recognition.api.InferenceException;
import io.platewise.recognition.api.InferenceSession;
import io.platewise.recognition.api.ModelSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cameras sharing a model on a batching engine: a real ONNX Runtime session (Relu, dynamic batch) underneath. */
class BatchingSessionTest {

    @TempDir
    Path folder;

    private final OnnxRuntimeEngine onnxRuntime = new OnnxRuntimeEngine();

    /** Counts the model runs and holds the first one until the test lets it go. */
    private static final class GatedSession implements InferenceSession {
        final InferenceSession real;
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger runs = new AtomicInteger();
        final List<Long> batches = new ArrayList<>();
        volatile boolean closed;
        /** Thrown by the runs of more than one row, as the JVM throws out of memory. */
        volatile Error onBatch;

        GatedSession(InferenceSession real) {
            this.real = real;
        }

        @Override
        public Map<String, long[]> inputs() {
            return real.inputs();
        }

        @Override
        public Map<String, long[]> outputs() {
            return real.outputs();
        }

        @Override
        public Map<String, float[]> run(Map<String, float[]> inputs, Map<String, long[]> shapes) throws InferenceException {
            synchronized (batches) {
                batches.add(shapes.get("x")[0]);
            }
            if (onBatch != null && shapes.get("x")[0] > 1) {
                throw onBatch;
            }
            if (runs.incrementAndGet() == 1) {
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return real.run(inputs, shapes);
        }

        @Override
        public Map<String, long[]> lastOutputShapes() {
            return real.lastOutputShapes();
        }

        @Override
        public void close() {
            closed = true;
            real.close();
        }
    }

    private GatedSession relu() throws Exception {
        return new GatedSession(onnxRuntime.open(Files.write(folder.resolve("relu.onnx"), OnnxModels.relu(4)), 1));
    }

    /**
     * Camera 0 calls first and its run is held; cameras 1 to n-1 call while it runs; then the run is
     * let go. Each camera must get the Relu of its own input.
     */
    private static void camerasCallDuringARun(GatedSession model, BatchingSession batching, int cameras) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(cameras);
        try {
            List<Future<BatchingSession.Result>> results = new ArrayList<>();
            for (int camera = 0; camera < cameras; camera++) {
                float[] frame = input(camera);
                results.add(threads.submit(() -> batching.run(Map.of("x", frame), Map.of("x", new long[] {1, 4}))));
                while (camera == 0 && model.runs.get() == 0) {
                    Thread.sleep(5);
                }
            }
            while (batching.queued() < cameras - 1) {
                Thread.sleep(5);
            }
            model.gate.countDown();
            for (int camera = 0; camera < cameras; camera++) {
                BatchingSession.Result result = results.get(camera).get(10, TimeUnit.SECONDS);
                assertArrayEquals(new float[] {0, camera + 1, 0, camera + 3}, result.outputs().get("y"), "camera " + camera);
                assertArrayEquals(new long[] {1, 4}, result.shapes().get("y"));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void callsThatArriveWhileTheModelRunsGoTogetherAndEachGetsItsOwnRows() throws Exception {
        GatedSession model = relu();
        BatchingSession batching = new BatchingSession(model, 8);
        camerasCallDuringARun(model, batching, 4);
        assertEquals(List.of(1L, 3L), model.batches, "the lone first call ran at once, the three that waited ran as one batch");
        assertArrayEquals(new long[] {4, 2}, batching.counts());
    }

    @Test
    void aBatchNeverExceedsTheEnginesLimit() throws Exception {
        GatedSession model = relu();
        camerasCallDuringARun(model, new BatchingSession(model, 2), 5);
        assertEquals(List.of(1L, 2L, 2L), model.batches);
    }

    @Test
    void enginesThatBatchShareOneSessionPerModelAndOthersDoNot() throws Exception {
        Path onnx = Files.write(folder.resolve("relu.onnx"), OnnxModels.relu(4));
        ModelSource model = ModelSource.ofFile(onnx);
        List<GatedSession> opened = new ArrayList<>();
        InferenceEngine gpuLike = new InferenceEngine() {
            @Override
            public String name() {
                return "batching";
            }

            @Override
            public boolean available() {
                return true;
            }

            @Override
            public String status() {
                return "batches";
            }

            @Override
            public InferenceSession open(Path file, int threads) throws InferenceException {
                GatedSession session = new GatedSession(onnxRuntime.open(file, threads));
                session.gate.countDown();
                opened.add(session);
                return session;
            }

            @Override
            public int preferredBatchSize() {
                return 4;
            }
        };
        ModelSessions sessions = new ModelSessions();
        InferenceSession first = sessions.open(gpuLike, model, 1);
        InferenceSession second = sessions.open(gpuLike, model, 1);
        assertEquals(1, opened.size(), "two tasks, one session");
        assertArrayEquals(new int[] {1, 2}, sessions.sharing());
        assertArrayEquals(new float[] {0, 2, 0, 4}, second.run(Map.of("x", new float[] {-1, 2, -3, 4}), Map.of("x", new long[] {1, 4})).get("y"));
        first.close();
        first.close();
        assertTrue(!opened.get(0).closed, "still used by the second task");
        second.close();
        assertTrue(opened.get(0).closed);
        assertArrayEquals(new int[] {0, 0}, sessions.sharing());

        InferenceSession own = sessions.open(onnxRuntime, model, 1);
        InferenceSession other = sessions.open(onnxRuntime, model, 1);
        assertNotSame(own, other);
        assertArrayEquals(new int[] {0, 0}, sessions.sharing(), "ONNX Runtime on the CPU: each task its own session");
        own.close();
        other.close();
        assertSame(1, opened.size());
    }

    @Test
    void anErrorInABatchFailsEveryCallInItAndTheSessionGoesOn() throws Exception {
        GatedSession model = relu();
        model.onBatch = new OutOfMemoryError("joining the batch");
        BatchingSession batching = new BatchingSession(model, 8);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<BatchingSession.Result>> results = new ArrayList<>();
            for (int camera = 0; camera < 3; camera++) {
                float[] frame = input(camera);
                results.add(threads.submit(() -> batching.run(Map.of("x", frame), Map.of("x", new long[] {1, 4}))));
                while (camera == 0 && model.runs.get() == 0) {
                    Thread.sleep(5);
                }
            }
            while (batching.queued() < 2) {
                Thread.sleep(5);
            }
            model.gate.countDown();
            assertArrayEquals(new float[] {0, 1, 0, 3}, results.get(0).get(10, TimeUnit.SECONDS).outputs().get("y"));
            // One of the two waiting cameras ran their batch and gets the Error; the other gets an InferenceException. Neither waits on.
            List<Class<?>> causes = new ArrayList<>();
            for (int camera = 1; camera < 3; camera++) {
                Future<BatchingSession.Result> waiting = results.get(camera);
                ExecutionException failed = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
                causes.add(failed.getCause().getClass());
            }
            assertTrue(causes.contains(OutOfMemoryError.class) && causes.contains(InferenceException.class), causes.toString());
            model.onBatch = null;
            assertArrayEquals(new float[] {0, 5, 0, 7}, batching.run(Map.of("x", input(4)), Map.of("x", new long[] {1, 4})).outputs().get("y"),
                    "the session still runs");
            assertEquals(0, batching.queued());
        } finally {
            threads.shutdownNow();
        }
    }

    private static float[] input(int camera) {
        return new float[] {-1, camera + 1, -2, camera + 3};
    }
}
