#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Flatpak manifest parses (flatpak-builder --show-manifest) and asks for no more than
the app needs: of the file system only Videos/Video Tasks, where one-click downloads go
(Save As goes through the file chooser portal), sound for the preview, and no direct line to the Secret Service
(libsecret uses the Secret portal in the sandbox)."""

import json
import os
import shutil
import subprocess
import sys

manifest, builddir = sys.argv[1], sys.argv[2]
if shutil.which("flatpak-builder") is None:
    print("flatpak-builder is not installed", file=sys.stderr)
    sys.exit(77)

shown = subprocess.run(["flatpak-builder", "--show-manifest", manifest],
                       capture_output=True, text=True, check=True).stdout
data = json.loads(shown)

assert data["id"] == "io.github.videotasks.VideoTasks", data["id"]
assert data["command"] == "video-tasks", data["command"]
assert data["runtime"] == "org.gnome.Platform" and data["sdk"] == "org.gnome.Sdk"
assert data["runtime-version"] == "51", data["runtime-version"]

expected = {"--share=network", "--share=ipc", "--socket=wayland", "--socket=fallback-x11",
            "--device=dri", "--socket=pulseaudio", "--filesystem=xdg-videos/Video Tasks:create"}
finish = set(data["finish-args"])
assert finish == expected, "finish-args differ: %s" % sorted(finish ^ expected)
assert [a for a in finish if a.startswith("--filesystem")] == ["--filesystem=xdg-videos/Video Tasks:create"]
assert not any("org.freedesktop.secrets" in a for a in finish)

# Only this app is built: libsoup, json-glib and libsecret come with the GNOME runtime.
modules = data["modules"]
assert len(modules) == 1 and modules[0]["name"] == "video-tasks"
assert modules[0]["buildsystem"] == "meson"

# What flatpak-builder exports from /app must be named by the app ID, and the command must
# be installed in bin/. meson's own list of what it installs, relative to the prefix.
def introspect(what):
    return json.loads(subprocess.run(["meson", "introspect", what, builddir],
                                     capture_output=True, text=True, check=True).stdout)


installed = introspect("--installed")
prefix = next(o["value"] for o in introspect("--buildoptions") if o["name"] == "prefix")
paths = {os.path.relpath(p, prefix) for p in installed.values()}
app_id = data["id"]
wanted = {
    "bin/" + data["command"],
    "share/applications/%s.desktop" % app_id,
    "share/metainfo/%s.metainfo.xml" % app_id,
    "share/icons/hicolor/scalable/apps/%s.svg" % app_id,
    "share/icons/hicolor/symbolic/apps/%s-symbolic.svg" % app_id,
    "share/glib-2.0/schemas/%s.gschema.xml" % app_id,
    "share/locale/zh_CN/LC_MESSAGES/video-tasks.mo",
}
assert wanted <= paths, "not installed: %s" % sorted(wanted - paths)
print("manifest ok; installs %d files" % len(paths))
