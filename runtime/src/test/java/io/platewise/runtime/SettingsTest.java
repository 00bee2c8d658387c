package io.platewise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path home;

    private void file(String content) throws Exception {
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/platewise.properties"), content);
    }

    @Test
    void fileThenEnvironmentThenSystemProperties() throws Exception {
        file("platewise.http.port=8080\nplatewise.data=${platewise.home}/data\nplatewise.features=core\n");
        Properties system = new Properties();
        system.setProperty("platewise.features", "core,console");
        Settings settings = Settings.load(home, Map.of("PLATEWISE_HTTP_PORT", "9090"), system);
        assertEquals(9090, settings.getInt("platewise.http.port", 0));
        assertEquals(home + "/data", settings.get("platewise.data", null));
        assertEquals("core,console", settings.get("platewise.features", null));
    }

    @Test
    void badValuesAreClearErrors() throws Exception {
        file("platewise.http.port=eighty\nplatewise.data=${platewise.nowhere}\n");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Settings.load(home, Map.of(), new Properties()));
        assertEquals("Setting platewise.data refers to unknown setting platewise.nowhere", unknown.getMessage());
        file("platewise.http.port=eighty\n");
        Settings settings = Settings.load(home, Map.of(), new Properties());
        assertThrows(IllegalArgumentException.class, () -> settings.getInt("platewise.http.port", 0));
    }
}
