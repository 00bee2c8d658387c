package io.platewise.db.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.platewise.core.InvalidInputException;
import io.platewise.core.health.HealthCheck;
import io.platewise.core.health.HealthStatus;
import io.platewise.db.MigrationFailedException;
import java.io.File;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

class DatabaseServiceTest {

    private DatabaseService database;

    @BeforeEach
    void open() throws Exception {
        database = new DatabaseService("jdbc:hsqldb:mem:" + UUID.randomUUID(), "SA", "", 2, 5);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** A bundle whose entries are the files of a test resource folder, as Felix would list them. */
    private static Bundle bundleWithScripts(String folder) throws Exception {
        Bundle bundle = mock(Bundle.class);
        File dir = new File(DatabaseServiceTest.class.getResource("/" + folder).toURI());
        List<URL> urls = new ArrayList<>();
        for (File file : dir.listFiles((d, name) -> name.endsWith(".sql"))) {
            urls.add(file.toURI().toURL());
        }
        when(bundle.findEntries(eq(folder), eq("*.sql"), eq(false))).thenAnswer(i -> Collections.enumeration(urls));
        when(bundle.getSymbolicName()).thenReturn("test.bundle");
        return bundle;
    }

    @Test
    void migratesOnceAndIsIdempotent() throws Exception {
        Bundle owner = bundleWithScripts("db/good");
        assertEquals(2, database.migrate("things", owner, "db/good"));
        assertEquals(0, database.migrate("things", owner, "db/good"));
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO thing (name) VALUES ('a')");
            try (ResultSet rows = statement.executeQuery("SELECT name, created_at FROM thing")) {
                assertTrue(rows.next());
                assertEquals("a", rows.getString(1));
            }
        }
    }

    @Test
    void modulesKeepSeparateHistoriesInOneSchema() throws Exception {
        assertEquals(2, database.migrate("things", bundleWithScripts("db/good"), "db/good"));
        // The schema is no longer empty, yet the second module still starts from its V1.
        assertEquals(1, database.migrate("other", bundleWithScripts("db/other"), "db/other"));
    }

    @Test
    void brokenScriptFailsWithModuleInMessage() throws Exception {
        MigrationFailedException failure = assertThrows(MigrationFailedException.class,
                () -> database.migrate("broken", bundleWithScripts("db/bad"), "db/bad"));
        assertTrue(failure.getMessage().contains("module broken"), failure.getMessage());
    }

    @Test
    void missingScriptsAreAnErrorNotASilentNoOp() throws Exception {
        Bundle empty = mock(Bundle.class);
        when(empty.getSymbolicName()).thenReturn("empty.bundle");
        assertThrows(MigrationFailedException.class, () -> database.migrate("nothing", empty, "db/none"));
    }

    @Test
    void rejectsModuleNamesThatWouldMakeBadTableNames() {
        assertThrows(IllegalArgumentException.class, () -> database.migrate("x; DROP TABLE", mock(Bundle.class), "db"));
    }

    @Test
    void healthReportsUpWithProduct() {
        HealthCheck check = database.check().get(0);
        assertEquals(HealthStatus.UP, check.status());
        assertTrue(check.essential());
        assertTrue(String.valueOf(check.details().get("product")).startsWith("HSQL"), check.details().toString());
    }

    @Test
    void unsupportedUrlIsAClearError() {
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> new DatabaseService("jdbc:mysql://x/y?password=secret", "u", "p", 2, 5));
        assertTrue(error.getMessage().contains("jdbc:postgresql"), error.getMessage());
        assertTrue(!error.getMessage().contains("secret"), "password must be redacted: " + error.getMessage());
    }
}
