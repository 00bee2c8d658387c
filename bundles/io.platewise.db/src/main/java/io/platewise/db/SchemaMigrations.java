package io.platewise.db;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Bundle;

/**
 * Applies the versioned SQL scripts of one module. Scripts follow Flyway's naming
 * ({@code V1__create_users.sql}, {@code V2__add_tokens.sql}) and must stay portable between HSQLDB
 * and PostgreSQL. Each module keeps its own history table, so bundles evolve their tables
 * independently and a bundle update applies only its own new scripts.
 */
@ProviderType
public interface SchemaMigrations {

    /**
     * Brings the module's tables up to date. Safe to call on every activation.
     *
     * @param module   short lower-case name of the module, such as {@code auth}; names its history table
     * @param owner    the bundle that contains the scripts
     * @param location folder inside the owner bundle, such as {@code db/migration/auth}
     * @return the number of scripts applied by this call (0 when already up to date)
     * @throws MigrationFailedException when a script fails; the message names the module and the cause
     */
    int migrate(String module, Bundle owner, String location);
}
