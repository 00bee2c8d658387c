package io.platewise.inference.tensorrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reasons an operator reads in /api/health when a piece of NVIDIA's stack is missing. */
class PlatformProbeTest {

    @TempDir
    Path folder;

    @Test
    void withoutTheDriverTheProbeSaysSo() {
        PlatformProbe.Result result = new PlatformProbe(new NativeLibraries(List.of(folder))).probe(0);
        assertNull(result.platform());
        assertTrue(result.problem().startsWith("no NVIDIA driver here (libcuda.so.1"), result.problem());
    }

    @Test
    void withTheDriverButNoTensorRtTheProbeSaysHowToInstallIt() throws Exception {
        Files.createFile(folder.resolve("libcuda.so.1"));
        PlatformProbe.Result result = new PlatformProbe(new NativeLibraries(List.of(folder))).probe(0);
        assertNull(result.platform());
        assertTrue(result.problem().startsWith("TensorRT 10 is not installed (libnvinfer.so.10"), result.problem());
        assertTrue(result.problem().contains("LD_LIBRARY_PATH"), result.problem());
    }

    @Test
    void versionsReadAsNvidiaWritesThem() {
        assertEquals("13.0", PlatformProbe.cudaVersion(13000));
        assertEquals("12.8", PlatformProbe.cudaVersion(12080));
        assertEquals("10.15.1", PlatformProbe.tensorrtVersion(101501));
        assertEquals("10.8.0", PlatformProbe.tensorrtVersion(100800));
    }

    @Test
    void librariesAreFoundByExactNameOrPrefixInFolderOrder() throws Exception {
        Path first = Files.createDirectories(folder.resolve("first"));
        Path second = Files.createDirectories(folder.resolve("second"));
        Files.createFile(second.resolve("libnvinfer_builder_resource_sm90.so.10.15.1"));
        NativeLibraries libraries = new NativeLibraries(List.of(folder.resolve("absent"), first, second));
        assertEquals(second.resolve("libnvinfer_builder_resource_sm90.so.10.15.1"),
                libraries.findStartingWith("libnvinfer_builder_resource_sm90.so").orElseThrow());
        assertTrue(libraries.find("libnvinfer.so.10").isEmpty());
    }
}
