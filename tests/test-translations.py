#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every file with translatable strings is listed in po/POTFILES.in, and every language in
po/LINGUAS translates every string of the sources as they are now, without fuzzy entries,
and passes `msgfmt --check`.

The template is extracted afresh with xgettext and the very arguments meson's
i18n.gettext(preset: 'glib') uses (imported from meson itself), so a string added to the
code and not to a translation fails here, before any .pot file is regenerated."""

import os
import re
import subprocess
import sys
import tempfile

from mesonbuild.modules.i18n import PRESET_ARGS

srcdir = sys.argv[1]
package = "video-tasks"
failures = []

# What marks a file as holding strings for translators.
MARKERS = {
    ".c": re.compile(r'\b(?:_|N_|C_|NC_|ngettext|g_dngettext)\s*\('),
    ".ui": re.compile(r'translatable="yes"'),
    ".xml": re.compile(r'<(?:summary|description)>'),
    ".in": re.compile(r'.'),
}


def listed_files():
    with open(os.path.join(srcdir, "po", "POTFILES.in"), encoding="utf-8") as f:
        return [line.strip() for line in f
                if line.strip() and not line.lstrip().startswith("#")]


def files_with_strings():
    found = set()
    for top in ("src", "data"):
        for dirpath, _dirs, names in os.walk(os.path.join(srcdir, top)):
            for name in names:
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, srcdir)
                ext = ".in" if name.endswith(".in") else os.path.splitext(name)[1]
                if ext == ".xml" and not name.endswith(".gschema.xml"):
                    continue
                marker = MARKERS.get(ext)
                if marker is None:
                    continue
                with open(path, encoding="utf-8") as f:
                    if marker.search(f.read()):
                        found.add(rel)
    return found


listed = listed_files()
for rel in listed:
    if not os.path.exists(os.path.join(srcdir, rel)):
        failures.append("po/POTFILES.in lists %s, which does not exist" % rel)
for rel in sorted(files_with_strings() - set(listed)):
    failures.append("%s has translatable strings but is not in po/POTFILES.in" % rel)

with open(os.path.join(srcdir, "po", "LINGUAS"), encoding="utf-8") as f:
    languages = [w for line in f if not line.startswith("#") for w in line.split()]
if not languages:
    failures.append("po/LINGUAS names no language")

with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, package + ".pot")
    subprocess.run(["xgettext", "--package-name=" + package, "--directory=" + srcdir,
                    "--files-from=" + os.path.join(srcdir, "po", "POTFILES.in"),
                    "--output=" + pot] + PRESET_ARGS["glib"],
                   check=True, capture_output=True)
    with open(pot, encoding="utf-8") as f:
        n_strings = len(re.findall(r"^msgid ", f.read(), re.M)) - 1
    if n_strings < 100:
        failures.append("only %d strings were extracted; is xgettext working?" % n_strings)

    for lang in languages:
        po = os.path.join(srcdir, "po", lang + ".po")
        if not os.path.exists(po):
            failures.append("po/LINGUAS names %s but po/%s.po does not exist" % (lang, lang))
            continue
        check = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, po],
                               capture_output=True, text=True)
        print("%s: %s" % (lang, check.stderr.strip()))
        if check.returncode != 0:
            failures.append("msgfmt --check failed for %s:\n%s" % (lang, check.stderr))
        # msgcmp counts untranslated and fuzzy entries as missing.
        cmp = subprocess.run(["msgcmp", po, pot], capture_output=True, text=True)
        if cmp.returncode != 0:
            failures.append("%s does not translate every string:\n%s" % (lang, cmp.stderr))

print("%d strings, %d files in POTFILES.in, languages: %s"
      % (n_strings, len(listed), " ".join(languages)))
for failure in failures:
    print("FAIL: " + failure, file=sys.stderr)
sys.exit(1 if failures else 0)
