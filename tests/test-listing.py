#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The store listing has what software centres show, beyond what appstreamcli requires:
screenshots that exist in this repository (the English default and the Chinese one),
releases, an OARS rating, developer, launchable, provides and URLs; the desktop file has
the search keywords; both icons are there."""

import configparser
import os
import sys
import xml.etree.ElementTree as ET

metainfo, desktop, srcdir = sys.argv[1:4]
app_id = "io.github.videotasks.VideoTasks"
raw_prefix = "https://raw.githubusercontent.com/videotasks/VideoTasks/main/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


root = ET.parse(metainfo).getroot()
check(root.findtext("id") == app_id, "wrong component id")
check(root.find("launchable[@type='desktop-id']") is not None
      and root.findtext("launchable") == app_id + ".desktop", "no launchable desktop-id")
check(root.findtext("provides/binary") == "video-tasks", "provides no video-tasks binary")
# <developer> for AppStream 1.0, <developer_name> for Debian 12's 0.16 (data/meson.build)
check(root.find("developer/name") is not None or root.find("developer_name") is not None,
      "no developer name")
check(root.find("content_rating[@type='oars-1.1']") is not None, "no OARS 1.1 content rating")
for kind in ("homepage", "bugtracker", "vcs-browser"):
    check(root.find("url[@type='%s']" % kind) is not None, "no %s URL" % kind)
releases = root.findall("releases/release")
check(releases and releases[0].get("version") and releases[0].get("date")
      and releases[0].find("description") is not None, "no release with version, date and notes")
check(len(root.findall("description/p")) >= 2, "the description is too short")
# gettext up to 0.21 (Debian 12) writes xml:lang="zh_CN"; 0.22 and later (Debian 13, the
# GNOME runtime) the BCP 47 tag "zh-Hans-CN". AppStream reads both.
ZH_CN = {"zh_CN", "zh-CN", "zh-Hans-CN"}
check(any(p.get(XML_LANG) in ZH_CN for p in root.iter("p")),
      "the description is not translated into zh_CN")

screenshots = root.findall("screenshots/screenshot")
check(screenshots and screenshots[0].get("type") == "default", "no default screenshot")
langs = set()
for shot in screenshots:
    check(shot.find("caption") is not None, "a screenshot has no caption")
    for image in shot.findall("image"):
        url = image.text.strip()
        langs.add(image.get(XML_LANG, "C"))
        check(url.startswith(raw_prefix), "screenshot not from this repository: " + url)
        path = os.path.join(srcdir, url[len(raw_prefix):])
        check(os.path.isfile(path), "screenshot file missing: " + path)
check({"C", "zh_CN"} <= langs, "need an English and a zh_CN screenshot, have %s" % sorted(langs))

entry = configparser.ConfigParser(interpolation=None)
entry.optionxform = str
entry.read(desktop, encoding="utf-8")
keywords = set(entry["Desktop Entry"].get("Keywords", "").split(";"))
check({"MiniMax", "Hailuo", "video", "task"} <= keywords, "desktop keywords: %s" % keywords)
check("Name[zh_CN]" in entry["Desktop Entry"], "the desktop file is not translated into zh_CN")

for icon in (app_id + ".svg", app_id + "-symbolic.svg"):
    check(os.path.isfile(os.path.join(srcdir, "data", "icons", icon)), "missing icon " + icon)

for failure in failures:
    print("FAIL: " + failure, file=sys.stderr)
print("%d screenshots (%s), %d releases" % (len(screenshots), " ".join(sorted(langs)), len(releases)))
sys.exit(1 if failures else 0)
