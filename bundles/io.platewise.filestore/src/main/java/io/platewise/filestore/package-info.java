/**
 * Storage of images and other blobs on the local disk, under the data folder. Other bundles keep
 * only the returned reference (a relative path) in their tables.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.platewise.filestore;
