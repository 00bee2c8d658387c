/** Encoding frames into video files with FFmpeg: for synthetic clips, demo material and exports. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.platewise.video.encode;
