/**
 * The relational store. The database bundle registers one pooled {@link javax.sql.DataSource}
 * service and a {@link io.platewise.db.SchemaMigrations} service; a bundle that owns tables ships
 * versioned SQL scripts and has them applied before it uses the DataSource.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.platewise.db;
