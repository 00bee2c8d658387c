package io.platewise.config.prune.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.platewise.core.ConfigurationFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

class DeletedFileConfigurationsTest {

    @TempDir
    Path config;

    private static Configuration configuration(String pid, String fileName) {
        Configuration configuration = mock(Configuration.class);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ConfigurationFiles.FILE_PROPERTY, fileName);
        when(configuration.getPid()).thenReturn(pid);
        when(configuration.getProperties()).thenReturn(properties);
        return configuration;
    }

    @Test
    void onlyTheConfigurationsWhoseFileIsGoneAreDeleted() throws Exception {
        Path kept = Files.writeString(config.resolve("io.platewise.db.cfg"), "url=jdbc:hsqldb:file:x\n");
        Configuration ofKeptFile = configuration("io.platewise.db", kept.toUri().toString());
        Configuration ofDeletedFile = configuration("io.platewise.video.camera~demo", config.resolve("io.platewise.video.camera-demo.cfg").toUri().toString());
        Configuration ofPlainPath = configuration("io.platewise.auth", config.resolve("io.platewise.auth.cfg").toString());
        ConfigurationAdmin admin = mock(ConfigurationAdmin.class);
        when(admin.listConfigurations("(" + ConfigurationFiles.FILE_PROPERTY + "=*)"))
                .thenReturn(new Configuration[] {ofKeptFile, ofDeletedFile, ofPlainPath});

        assertEquals(List.of("io.platewise.video.camera~demo", "io.platewise.auth"), DeletedFileConfigurations.remove(admin));

        verify(ofKeptFile, never()).delete();
        verify(ofDeletedFile).delete();
        verify(ofPlainPath).delete();
    }

    @Test
    void noConfigurationsFromFilesIsNothingToDo() throws Exception {
        ConfigurationAdmin admin = mock(ConfigurationAdmin.class);
        assertEquals(List.of(), DeletedFileConfigurations.remove(admin));
    }
}
