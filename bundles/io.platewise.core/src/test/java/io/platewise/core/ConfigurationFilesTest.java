package io.platewise.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigurationFilesTest {

    private static Hashtable<String, Object> recorded(String fileName) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ConfigurationFiles.FILE_PROPERTY, fileName);
        return properties;
    }

    @Test
    void aFileUrlAndAPlainPathAreBothReadAsPaths() {
        assertEquals(Optional.of(Path.of("/srv/platewise/config/a.cfg")), ConfigurationFiles.fileOf(recorded("file:/srv/platewise/config/a.cfg")));
        assertEquals(Optional.of(Path.of("/srv/platewise/config/a.cfg")), ConfigurationFiles.fileOf(recorded("/srv/platewise/config/a.cfg")));
    }

    @Test
    void aConfigurationMadeOtherwiseHasNoFile() {
        assertTrue(ConfigurationFiles.fileOf(new Hashtable<>()).isEmpty());
        assertTrue(ConfigurationFiles.fileOf(null).isEmpty());
    }

    @Test
    void aFileNameThatIsNoPathKeepsItsConfiguration() {
        assertTrue(ConfigurationFiles.fileOf(recorded("file://host:bad/x")).isEmpty());
    }
}
