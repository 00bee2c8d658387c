/** Domain exceptions shared by all Platewise bundles; the REST layer maps each to one HTTP status. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.platewise.core;
