/** Who is calling: the principal every authenticated REST request carries. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.platewise.auth;
