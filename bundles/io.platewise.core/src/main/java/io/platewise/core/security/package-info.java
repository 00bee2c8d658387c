/** The roles a user or API token can hold, and what each implies. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.platewise.core.security;
