package io.platewise.models.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.core.ConflictException;
import io.platewise.core.InvalidInputException;
import io.platewise.core.PlatewiseException;
import io.platewise.core.StorageExhaustedException;
import io.platewise.inference.onnx.internal.OnnxModels;
import io.platewise.inference.onnx.internal.OnnxRuntimeEngine;
import io.platewise.models.InstalledModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryServiceTest {

    @TempDir
    Path folder;
    private JDBCDataSource dataSource;
    private ModelRegistryService registry;
    private final OnnxRuntimeEngine engine = new OnnxRuntimeEngine();

    static RegistryConfiguration config(long quotaMegabytes, long maxUnpackedMegabytes) {
        return new RegistryConfiguration() {
            @Override public Class<? extends Annotation> annotationType() { return RegistryConfiguration.class; }
            @Override public String folder() { return ""; }
            @Override public String defaultPackagesFolder() { return ""; }
            @Override public long quotaMegabytes() { return quotaMegabytes; }
            @Override public long maxPackageMegabytes() { return 64; }
            @Override public long maxUnpackedMegabytes() { return maxUnpackedMegabytes; }
            @Override public int maxFiles() { return 20; }
        };
    }

    @BeforeEach
    void setUp() throws Exception {
        dataSource = new JDBCDataSource();
        dataSource.setUrl("jdbc:hsqldb:mem:" + UUID.randomUUID());
        dataSource.setUser("SA");
        try (InputStream script = getClass().getResourceAsStream("/db/migration/models/V1__models.sql");
                Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            String sql = new String(script.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            for (String part : sql.split(";")) {
                if (!part.isBlank()) {
                    statement.execute(part);
                }
            }
        }
        registry = registry(config(100, 10));
    }

    private ModelRegistryService registry(RegistryConfiguration configuration) throws IOException {
        return new ModelRegistryService(new ModelStore(dataSource), engine, folder.resolve("models"), configuration);
    }

    private InstalledModel install(byte[] bytes) throws IOException {
        return registry.install(new ByteArrayInputStream(bytes), "tester");
    }

    /** Nothing of a refused package may stay: no model, no folder, no file in the incoming area. */
    private void assertNothingLeft() throws IOException {
        assertEquals(List.of(), registry.models());
        try (Stream<Path> files = Files.walk(folder.resolve("models"))) {
            List<Path> left = files.filter(Files::isRegularFile).toList();
            assertEquals(List.of(), left, "files left behind");
        }
        try (Stream<Path> entries = Files.list(folder.resolve("models"))) {
            assertTrue(entries.allMatch(p -> p.getFileName().toString().equals(".incoming")), "no model folder left");
        }
    }

    private void assertRefused(Class<? extends PlatewiseException> type, String messagePart, Executable upload) throws IOException {
        PlatewiseException error = assertThrows(type, upload);
        assertTrue(error.getMessage().contains(messagePart), error.getMessage());
        assertNothingLeft();
    }

    @Test
    void installsAValidPackageAndKeepsItsHistory() throws Exception {
        InstalledModel model = install(Packages.good("reader-eu"));
        assertEquals("reader-eu", model.name());
        assertEquals("plate-reader", model.task());
        assertTrue(Files.isRegularFile(model.folder().resolve("model.onnx")));
        assertEquals(List.of("reader-eu"), registry.models().stream().map(InstalledModel::name).toList());
        assertEquals("installed", registry.history("reader-eu").get(0).action());
        assertTrue(registry.usedBytes() > 0);

        registry.delete("reader-eu", "tester");
        assertEquals(List.of("installed", "deleted"), registry.history("reader-eu").stream().map(h -> h.action()).toList());
        assertNothingLeft();
    }

    @Test
    void theRegistrySurvivesARestart() throws Exception {
        install(Packages.good("kept"));
        ModelRegistryService restarted = registry(config(100, 10));
        assertEquals("kept", restarted.model("kept").orElseThrow().name());
        assertEquals("1.0.0", restarted.model("kept").orElseThrow().descriptor().version());
    }

    @Test
    void defaultPackagesAreInstalledOnceAndABadOneDoesNotStopTheOthers() throws Exception {
        Path defaults = Files.createDirectories(folder.resolve("defaults"));
        Files.write(defaults.resolve("a-detector.tar"), Packages.good("default-a"));
        Files.write(defaults.resolve("b-broken.tar"), "not a tar".getBytes(StandardCharsets.UTF_8));
        Files.write(defaults.resolve("c-reader.tar"), Packages.good("default-c"));
        registry.installDefaults(defaults);
        assertEquals(List.of("default-a", "default-c"), registry.models().stream().map(InstalledModel::name).sorted().toList());
        assertEquals("system", registry.model("default-a").orElseThrow().installedBy());
        registry.installDefaults(defaults);
        assertEquals(1, registry.history("default-a").size(), "an installed default is left alone at the next start");
        registry.installDefaults(folder.resolve("missing"));
    }

    @Test
    void duplicateNamesAreRefusedWithAdvice() throws Exception {
        install(Packages.good("same"));
        ConflictException error = assertThrows(ConflictException.class, () -> install(Packages.good("same")));
        assertTrue(error.getMessage().contains("Delete it first"), error.getMessage());
        assertEquals(1, registry.models().size());
    }

    @Test
    void pathsThatEscapeAreRefused() throws Exception {
        assertRefused(InvalidInputException.class, "climbs out",
                () -> install(Packages.withEntry("slip", new org.apache.commons.compress.archivers.tar.TarArchiveEntry("../evil.txt"), new byte[] {1})));
        assertRefused(InvalidInputException.class, "absolute path",
                () -> install(Packages.withEntry("abs", new org.apache.commons.compress.archivers.tar.TarArchiveEntry("/tmp/evil.txt", true), new byte[] {1})));
        assertTrue(Files.notExists(folder.resolve("evil.txt")) && Files.notExists(Path.of("/tmp/evil.txt")));
    }

    @Test
    void linksAndDevicesAreRefused() throws Exception {
        assertRefused(InvalidInputException.class, "link", () -> install(Packages.withEntry("sym", Packages.link("passwd", "/etc/passwd", true), null)));
        assertRefused(InvalidInputException.class, "link", () -> install(Packages.withEntry("hard", Packages.link("hard", "/etc/passwd", false), null)));
        assertRefused(InvalidInputException.class, "device", () -> install(Packages.withEntry("dev", Packages.device("null"), null)));
    }

    @Test
    void decompressionBombsAreRefused() throws Exception {
        byte[] bomb = Packages.bomb("bomb", 40);
        assertTrue(bomb.length < 1024 * 1024, "small on the wire: " + bomb.length);
        assertRefused(InvalidInputException.class, "decompression bomb", () -> install(bomb));
    }

    @Test
    void checksumsDescriptorsAndModelsAreChecked() throws Exception {
        byte[] model = OnnxModels.relu(4);
        Map<String, byte[]> wrongChecksum = new LinkedHashMap<>();
        wrongChecksum.put("descriptor.json", Packages.descriptor("sum", model, "[-1, 4]").getBytes(StandardCharsets.UTF_8));
        byte[] tampered = model.clone();
        tampered[tampered.length - 1] ^= 1;
        wrongChecksum.put("model.onnx", tampered);
        assertRefused(InvalidInputException.class, "checksum mismatch", () -> install(Packages.tar(wrongChecksum)));

        assertRefused(InvalidInputException.class, "no descriptor.json", () -> install(Packages.tar(Map.of("model.onnx", model))));
        assertRefused(InvalidInputException.class, "descriptor.json is not valid",
                () -> install(Packages.tar(Map.of("descriptor.json", "{not json".getBytes(StandardCharsets.UTF_8), "model.onnx", model))));
        String badTask = Packages.descriptor("task", model, "[-1, 4]").replace("plate-reader", "toaster");
        assertRefused(InvalidInputException.class, "task must be one of",
                () -> install(Packages.tar(Map.of("descriptor.json", badTask.getBytes(StandardCharsets.UTF_8), "model.onnx", model))));
        String zeroStd = Packages.descriptor("std", model, "[-1, 4]").replace("\"width\": 4}", "\"width\": 4, \"mean\": 0.5, \"std\": 0}");
        assertRefused(InvalidInputException.class, "preprocessing.std must be a number above 0, was 0",
                () -> install(Packages.tar(Map.of("descriptor.json", zeroStd.getBytes(StandardCharsets.UTF_8), "model.onnx", model))));
        String textMean = Packages.descriptor("mean", model, "[-1, 4]").replace("\"width\": 4}", "\"width\": 4, \"mean\": \"grey\"}");
        assertRefused(InvalidInputException.class, "preprocessing.mean must be a number, was grey",
                () -> install(Packages.tar(Map.of("descriptor.json", textMean.getBytes(StandardCharsets.UTF_8), "model.onnx", model))));

        byte[] corrupt = new byte[2000];
        Arrays.fill(corrupt, (byte) 7);
        Map<String, byte[]> corruptModel = new LinkedHashMap<>();
        corruptModel.put("descriptor.json", Packages.descriptor("corrupt", corrupt, "[-1, 4]").getBytes(StandardCharsets.UTF_8));
        corruptModel.put("model.onnx", corrupt);
        assertRefused(InvalidInputException.class, "ONNX model does not work", () -> install(Packages.tar(corruptModel)));

        Map<String, byte[]> wrongShape = new LinkedHashMap<>();
        wrongShape.put("descriptor.json", Packages.descriptor("shape", model, "[-1, 37]").getBytes(StandardCharsets.UTF_8));
        wrongShape.put("model.onnx", model);
        assertRefused(InvalidInputException.class, "output 'y' has shape", () -> install(Packages.tar(wrongShape)));

        Map<String, byte[]> unlisted = new LinkedHashMap<>();
        unlisted.put("descriptor.json", Packages.descriptor("extra", model, "[-1, 4]").getBytes(StandardCharsets.UTF_8));
        unlisted.put("model.onnx", model);
        unlisted.put("notes.txt", new byte[] {1});
        assertRefused(InvalidInputException.class, "does not list", () -> install(Packages.tar(unlisted)));
        assertRefused(InvalidInputException.class, "not a tar archive", () -> install("hello".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theQuotaIsEnforcedWithUsedAndFreeSpaceInTheMessage() throws Exception {
        registry = registry(config(1, 10));
        byte[] big = new byte[2 * 1024 * 1024];
        new java.util.Random(1).nextBytes(big);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("big.bin", big);
        assertRefused(StorageExhaustedException.class, "MiB free", () -> install(Packages.tar(files)));
    }

    @Test
    void aTruncatedUploadLeavesNothing() throws Exception {
        byte[] good = Packages.good("cut");
        InputStream broken = new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                if (position >= good.length / 2) {
                    throw new IOException("Connection reset by peer");
                }
                return good[position++] & 0xff;
            }
        };
        assertThrows(IOException.class, () -> registry.install(broken, "tester"));
        assertNothingLeft();
        byte[] half = Arrays.copyOf(good, good.length / 2);
        assertRefused(InvalidInputException.class, "", () -> install(half));
    }

    @Test
    void aModelInUseCannotBeDeleted() throws Exception {
        install(Packages.good("busy"));
        registry.addUsage(name -> name.equals("busy") ? List.of("task gate-1") : List.of());
        ConflictException error = assertThrows(ConflictException.class, () -> registry.delete("busy", "tester"));
        assertTrue(error.getMessage().contains("task gate-1"), error.getMessage());
        assertEquals(1, registry.models().size());
    }
}
