/** Decoding video files off-line, as fast as the CPU allows: for benchmarks, evaluation and imports. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.platewise.video.decode;
