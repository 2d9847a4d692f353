#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Nothing in src/ hands text to a setter that reads Pango markup, except src/ui/vt-text.c.

Toast titles, row titles and subtitles, status page and group descriptions, dialog bodies
with body-use-markup, labels with use-markup, markup tooltips and notification bodies parse
what they are given: a task label "R&D cut" blanked a toast (and warned), and an error
message from the API with an <a href> made a link in the app's own toast. vt-text.c shows
text literally (escaped, or with use-markup off); every other file goes through it, so this
is a list of calls and properties that may appear nowhere else. In the .ui files, no widget
turns markup on, and no markup-reading row, status page or group takes its text from a
binding (only translated constants may be markup there).

Usage: test-markup.py SOURCE_ROOT"""

import os
import re
import sys

HELPER = os.path.join("src", "ui", "vt-text.c")

# Setters and constructors whose text argument is markup (or that turn markup on). Those
# newer than libadwaita 1.2 are listed too: the code is built on 1.7 as well.
MARKUP_CALLS = [
    "adw_toast_new", "adw_toast_new_format", "adw_toast_set_title", "adw_toast_set_use_markup",
    "adw_preferences_row_set_title", "adw_preferences_row_set_use_markup",
    "adw_action_row_set_subtitle", "adw_expander_row_set_subtitle",
    "adw_status_page_set_description",
    "adw_preferences_group_set_description", "adw_preferences_page_set_description",
    "adw_message_dialog_set_body_use_markup", "adw_message_dialog_set_heading_use_markup",
    "adw_message_dialog_format_body_markup", "adw_message_dialog_format_heading_markup",
    "adw_alert_dialog_set_body_use_markup", "adw_alert_dialog_set_heading_use_markup",
    "adw_alert_dialog_format_body_markup", "adw_alert_dialog_format_heading_markup",
    "adw_banner_new", "adw_banner_set_title", "adw_banner_set_use_markup",
    "gtk_label_new_with_markup", "gtk_label_set_markup", "gtk_label_set_markup_with_mnemonic",
    "gtk_label_set_use_markup", "gtk_widget_set_tooltip_markup", "gtk_tooltip_set_markup",
    "g_notification_set_body",
]
CALL = re.compile(r"\b(" + "|".join(MARKUP_CALLS) + r")\s*\(")

# The same, reached by property name (g_object_set, g_object_bind_property, g_object_new).
MARKUP_PROPERTIES = {"subtitle", "description", "use-markup", "body-use-markup",
                     "heading-use-markup", "tooltip-markup", "markup"}
STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')

# In .ui files: markup turned on, on anything.
UI_MARKUP_ON = re.compile(
    r'<property\s+name="(?:use-markup|use_markup|body-use-markup|body_use_markup|'
    r'heading-use-markup|heading_use_markup)"[^>]*>\s*(?:[Tt]rue|TRUE|[Yy]es|1)\s*<')
UI_MARKUP_TEXT = re.compile(r'<property\s+name="(?:tooltip-markup|tooltip_markup|markup)"')
# Widgets that read markup by default, and the properties they read it from.
UI_MARKUP_WIDGETS = re.compile(
    r"^Adw(?:PreferencesRow|ActionRow|ExpanderRow|ComboRow|SwitchRow|SpinRow|ButtonRow|"
    r"StatusPage|PreferencesGroup|PreferencesPage|Banner|Toast)$")
UI_MARKUP_PROPERTIES = {"title", "subtitle", "description"}
# An <object>/<template> opening or closing (group 2), or a <binding>/<property> (group 5).
UI_TAG = re.compile(r'<(/?)(object|template)\b([^>]*?)(/?)>'
                    r'|<(binding|property)\s+name="([\w-]+)"([^>]*)>')


def strip_comments(code):
    """C code with comments blanked out (strings kept), line numbers unchanged."""
    out = []
    i = 0
    n = len(code)
    while i < n:
        if code.startswith("/*", i):
            end = code.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(re.sub(r"[^\n]", " ", code[i:end]))
            i = end
        elif code.startswith("//", i):
            end = code.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end
        elif code[i] == '"':
            m = re.compile(r'"(?:[^"\\\n]|\\.)*"').match(code, i)
            end = m.end() if m else i + 1
            out.append(code[i:end])
            i = end
        elif code[i] == "'":
            m = re.compile(r"'(?:[^'\\\n]|\\.)*'").match(code, i)
            end = m.end() if m else i + 1
            out.append(code[i:end])
            i = end
        else:
            out.append(code[i])
            i += 1
    return "".join(out)


def check_c(name, code):
    problems = []
    code = strip_comments(code)
    # Calls are looked for outside strings too, on the same lines.
    bare = STRING.sub(lambda m: '"' + " " * len(m.group(1)) + '"', code)
    for m in CALL.finditer(bare):
        line = code.count("\n", 0, m.start()) + 1
        problems.append("%s:%d: %s() reads markup: use vt-text.h" % (name, line, m.group(1)))
    for m in STRING.finditer(code):
        if m.group(1) in MARKUP_PROPERTIES:
            line = code.count("\n", 0, m.start()) + 1
            problems.append('%s:%d: the "%s" property reads markup: use vt-text.h'
                            % (name, line, m.group(1)))
    return problems


def check_ui(name, xml):
    problems = []
    xml = re.sub(r"<!--.*?-->", lambda m: re.sub(r"[^\n]", " ", m.group(0)), xml, flags=re.S)
    for pattern, what in ((UI_MARKUP_ON, "turns markup on"),
                          (UI_MARKUP_TEXT, "sets markup")):
        for m in pattern.finditer(xml):
            line = xml.count("\n", 0, m.start()) + 1
            problems.append("%s:%d: %s" % (name, line, what))

    # Each markup-reading object's own properties (not its children's): a binding, or a
    # property bound to another object, brings in text that is not a translated constant.
    stack = []
    for m in UI_TAG.finditer(xml):
        if m.group(2):
            if m.group(1):
                if stack:
                    stack.pop()
            elif not m.group(4):
                cls = re.search(r'\bclass="(\w+)"', m.group(3))
                parent = re.search(r'\bparent="(\w+)"', m.group(3))
                kind = parent.group(1) if m.group(2) == "template" and parent else (
                    cls.group(1) if cls else "")
                stack.append(kind)
            continue
        if not stack or not UI_MARKUP_WIDGETS.match(stack[-1]):
            continue
        prop = m.group(6).replace("_", "-")
        if prop not in UI_MARKUP_PROPERTIES:
            continue
        if m.group(5) == "binding" or "bind-source" in m.group(7):
            line = xml.count("\n", 0, m.start()) + 1
            problems.append("%s:%d: %s's %s is markup and is bound to other text: set it in "
                            "code through vt-text.h" % (name, line, stack[-1], prop))
    return problems


def self_test():
    """The checks find what they are for: a test that cannot fail proves nothing."""
    bad_c = ('toast = adw_toast_new (error->message);\n'
             'g_object_set (row, "subtitle", label, NULL);\n'
             'g_notification_set_body (n, name);\n')
    assert len(check_c("bad.c", bad_c)) == 3, check_c("bad.c", bad_c)
    good_c = ('/* adw_toast_new (x) is markup */\n'
              'toast = vt_toast_new_text (error->message);\n'
              'g_print ("adw_toast_new (x)");\n')
    assert check_c("good.c", good_c) == [], check_c("good.c", good_c)
    bad_ui = ('<object class="GtkLabel"><property name="use-markup">True</property></object>\n'
              '<object class="AdwActionRow"><binding name="subtitle"><lookup name="x">'
              'VtTask</lookup></binding></object>\n'
              '<object class="AdwStatusPage"><property name="description" '
              'bind-source="x" bind-property="y"/></object>\n')
    assert len(check_ui("bad.ui", bad_ui)) == 3, check_ui("bad.ui", bad_ui)
    good_ui = ('<object class="AdwActionRow"><property name="subtitle" translatable="yes">'
               'A &amp; B</property><child><object class="GtkLabel"><binding name="label">'
               '<lookup name="x">VtTask</lookup></binding></object></child></object>\n')
    assert check_ui("good.ui", good_ui) == [], check_ui("good.ui", good_ui)


def main():
    srcdir = sys.argv[1]
    self_test()
    problems = []
    checked = 0
    for top, dirs, files in os.walk(os.path.join(srcdir, "src")):
        dirs.sort()
        for file in sorted(files):
            path = os.path.join(top, file)
            name = os.path.relpath(path, srcdir)
            if name == HELPER:
                continue
            if file.endswith((".c", ".h")):
                with open(path, encoding="utf-8") as f:
                    problems += check_c(name, f.read())
                checked += 1
            elif file.endswith(".ui"):
                with open(path, encoding="utf-8") as f:
                    problems += check_ui(name, f.read())
                checked += 1
    if not os.path.exists(os.path.join(srcdir, HELPER)):
        problems.append("%s is missing" % HELPER)
    for problem in problems:
        print(problem)
    print("%d files checked, %d problems" % (checked, len(problems)))
    return 1 if problems or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
