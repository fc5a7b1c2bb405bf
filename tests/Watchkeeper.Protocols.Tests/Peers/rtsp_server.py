#!/usr/bin/python3
"""Serve a live H.264 test camera over RTSP with GStreamer's RTSP server, on the loopback network only.

Prints "READY rtsp://127.0.0.1:<port><path>" once the server listens. When a Debian package is missing it
prints "MISSING-PACKAGE <package>" and exits with status 3. It exits by itself when the parent process is gone.
"""

import argparse
import os
import sys

try:
    import gi
except ImportError:
    print("MISSING-PACKAGE python3-gi", flush=True)
    sys.exit(3)

try:
    gi.require_version("Gst", "1.0")
    gi.require_version("GstRtsp", "1.0")
    gi.require_version("GstRtspServer", "1.0")
    from gi.repository import GLib, Gst, GstRtsp, GstRtspServer
except (ImportError, ValueError):
    print("MISSING-PACKAGE gir1.2-gst-rtsp-server-1.0", flush=True)
    sys.exit(3)

# The Debian package that provides each element of the pipeline.
ELEMENT_PACKAGES = {
    "videotestsrc": "gstreamer1.0-plugins-base",
    "rtph264pay": "gstreamer1.0-plugins-good",
    "x264enc": "gstreamer1.0-plugins-ugly",
}

PIPELINE = (
    "( videotestsrc is-live=true ! video/x-raw,width=640,height=360,framerate=15/1 "
    "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=15 ! rtph264pay name=pay0 pt=96 )"
)

ROLE = "camera-user"


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1; 0 picks a free one")
    parser.add_argument("--path", default="/camera", help="mount path of the stream")
    parser.add_argument("--auth", choices=["none", "basic", "digest"], default="none")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="")
    parser.add_argument("--parent-pid", type=int, default=0, help="exit when this process is gone")
    return parser.parse_args()


def require_elements():
    for element, package in ELEMENT_PACKAGES.items():
        if Gst.ElementFactory.find(element) is None:
            print(f"MISSING-PACKAGE {package}", flush=True)
            sys.exit(3)


def configure_auth(server, factory, arguments):
    if arguments.auth == "none":
        return

    auth = GstRtspServer.RTSPAuth()
    token = GstRtspServer.RTSPToken()
    token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, ROLE)
    if arguments.auth == "basic":
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(arguments.user, arguments.password), token)
    else:
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
        auth.add_digest(arguments.user, arguments.password, token)

    server.set_auth(auth)
    permissions = Gst.Structure.new_from_string(
        f"{ROLE}, media.factory.access=(boolean)true, media.factory.construct=(boolean)true")
    factory.add_role_from_structure(permissions)


def exit_when_parent_is_gone(parent_pid, loop):
    try:
        os.kill(parent_pid, 0)
    except ProcessLookupError:
        loop.quit()
        return False
    return True


def main():
    arguments = parse_arguments()
    Gst.init(None)
    require_elements()

    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(arguments.port))

    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(PIPELINE)
    # Each client gets its own pipeline. With a shared one, GStreamer 1.22 now and then responded to DESCRIBE with
    # 503 Service Unavailable right after the previous client had left.
    factory.set_shared(False)
    configure_auth(server, factory, arguments)
    server.get_mount_points().add_factory(arguments.path, factory)

    if server.attach(None) == 0:
        print(f"FAILED to listen on 127.0.0.1:{arguments.port}", flush=True)
        sys.exit(1)

    loop = GLib.MainLoop()
    if arguments.parent_pid > 0:
        GLib.timeout_add_seconds(1, exit_when_parent_is_gone, arguments.parent_pid, loop)

    print(f"READY rtsp://127.0.0.1:{server.get_bound_port()}{arguments.path}", flush=True)
    loop.run()


if __name__ == "__main__":
    main()
