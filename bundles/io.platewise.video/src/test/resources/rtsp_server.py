"""A live H.264 RTSP server for tests: GStreamer's RTSP server from Debian's packages
(python3-gi, gir1.2-gst-rtsp-server-1.0, gstreamer1.0-plugins-base/-good/-bad).
Usage: /usr/bin/python3 rtsp_server.py PORT   ->  rtsp://127.0.0.1:PORT/live (TCP and UDP)."""
import sys

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

Gst.init(None)
server = GstRtspServer.RTSPServer()
server.set_address('127.0.0.1')
server.set_service(sys.argv[1])
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch('( videotestsrc is-live=true pattern=ball '
                   '! video/x-raw,format=I420,width=640,height=360,framerate=25/1 '
                   '! openh264enc bitrate=1000000 ! h264parse '
                   '! rtph264pay name=pay0 pt=96 config-interval=1 )')
factory.set_shared(True)
server.get_mount_points().add_factory('/live', factory)
if server.attach(None) == 0:
    sys.exit('cannot listen on port ' + sys.argv[1])
print('RTSP server ready on port', sys.argv[1], flush=True)
GLib.MainLoop().run()
