/** Domain exceptions shared by all Platewise bundles (the REST layer maps each to one HTTP status), and where the server keeps its data. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.platewise.core;
