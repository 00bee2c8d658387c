package io.platewise.recognition.internal.tracklets;

import java.util.List;
import java.util.UUID;
import org.hsqldb.jdbc.JDBCDataSource;

/** The tracklet tables, made by the module's own migration scripts, in a fresh in-memory HSQLDB. */
final class InMemoryTrackletStore {

    private InMemoryTrackletStore() {
    }

    static TrackletStore create() throws Exception {
        return new TrackletStore(migrated());
    }

    /** A fresh in-memory database with every script of the module run. */
    static JDBCDataSource migrated() throws Exception {
        JDBCDataSource dataSource = dataSource();
        for (String script : MigrationScripts.ALL) {
            MigrationScripts.run(dataSource, script);
        }
        return dataSource;
    }

    /** Runs the module's scripts that come after this one, as an upgrade from it does. */
    static void migrateAfter(JDBCDataSource dataSource, String script) throws Exception {
        List<String> all = MigrationScripts.ALL;
        for (String next : all.subList(all.indexOf(script) + 1, all.size())) {
            MigrationScripts.run(dataSource, next);
        }
    }

    static JDBCDataSource dataSource() {
        JDBCDataSource dataSource = new JDBCDataSource();
        dataSource.setUrl("jdbc:hsqldb:mem:" + UUID.randomUUID());
        dataSource.setUser("SA");
        return dataSource;
    }
}
