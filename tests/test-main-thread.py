#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The UI thread does no blocking file I/O, a few files keep no hidden globals, and the core
reads the time through VtClock.

Everything in src/ui runs on the main thread: a look at the disk there (g_stat on every row
rebind, g_file_test before opening a video, g_file_query_exists before a file chooser)
stalls a frame when the disk is slow or asleep, or the folder is on the network. Such calls
may appear there only in ALLOWED files, which run them in a worker thread; the rest ask
asynchronously (g_file_query_info_async) or read what was last seen (vt-saved-files.c). The
same holds for the core files listed in MAIN_THREAD_CORE (a failed download's part file is
closed and removed asynchronously).

vt-error.c once kept a process-wide switch that changed every message's wording, and the
ticker was a static singleton: whatever a file keeps must be an object's state or a
parameter. Listed files may have no writable static variable at any scope (GObject's own
properties/signals tables, filled once in class_init, aside).

Usage: test-main-thread.py SOURCE_ROOT"""

import os
import re
import sys

UI = os.path.join("src", "ui")

# Calls that wait for the disk. The _async/_finish forms are not matched (\s*\( right after
# the name).
BLOCKING = [
    "g_stat", "g_lstat", "g_access", "g_file_test", "g_unlink", "g_remove", "g_rename",
    "g_mkdir", "g_mkdir_with_parents", "g_file_get_contents", "g_file_set_contents",
    "g_file_query_exists", "g_file_query_info", "g_file_query_file_type",
    "g_file_query_filesystem_info", "g_file_delete", "g_file_trash", "g_file_copy",
    "g_file_move", "g_file_read", "g_file_replace", "g_file_create", "g_file_append_to",
    "g_file_load_contents", "g_file_replace_contents", "g_file_enumerate_children",
    "g_file_make_directory", "g_file_make_directory_with_parents",
    "g_input_stream_read", "g_input_stream_read_all", "g_input_stream_close",
    "g_output_stream_write", "g_output_stream_write_all", "g_output_stream_close",
    "g_output_stream_flush", "fopen", "open", "stat", "lstat", "access", "unlink",
]
CALL = re.compile(r"(?<![\w.>])(" + "|".join(BLOCKING) + r"|\w+_sync)\s*\(")

# src/ui files allowed to block, with why (none: keep it so).
ALLOWED = {}

# Core files whose code runs on the main thread (their workers are in other files).
MAIN_THREAD_CORE = [
    os.path.join("src", "core", "vt-download.c"),
]

NO_STATICS = [
    os.path.join("src", "core", "vt-error.c"),
    os.path.join("src", "ui", "vt-ticker.c"),
    os.path.join("src", "ui", "vt-saved-files.c"),
]
GOBJECT_TABLES = re.compile(r"^static\s+(GParamSpec\s*\*\s*properties|guint\s+signals)\s*\[")
STATIC_DECL = re.compile(r"^\s*static\s+(?!const\b)(?!inline\b)[^(;=]*?[\w\]]\s*(=[^;]*)?;")


# The core reads the time through VtClock (vt-clock.h), except for the file system's own
# times: a temporary's mtime (vt-download-file.c, vt-task-file.c), the date in the name of
# a list moved aside (vt-task-file.c), and how long another process has held the list's
# lock (vt-task-file-save.c: a real process, which no test clock moves).
CLOCK_READ = re.compile(r"\b(g_get_real_time|g_get_monotonic_time|g_date_time_new_now\w*)\s*\(")
CLOCK_ALLOWED = {"vt-clock.c", "vt-download-file.c", "vt-task-file.c", "vt-task-file-save.c"}


def strip_comments_and_strings(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', text)


def main():
    root = sys.argv[1]
    problems = []

    ui = os.path.join(root, UI)
    paths = [os.path.join(UI, name) for name in sorted(os.listdir(ui))
             if name.endswith(".c") and name not in ALLOWED]
    for path in paths + MAIN_THREAD_CORE:
        with open(os.path.join(root, path), encoding="utf-8") as f:
            code = strip_comments_and_strings(f.read())
        for number, line in enumerate(code.splitlines(), 1):
            for match in CALL.finditer(line):
                problems.append(f"{path}:{number}: {match.group(1)}() blocks the main thread")

    core = os.path.join(root, "src", "core")
    for name in sorted(os.listdir(core)):
        if not name.endswith(".c") or name in CLOCK_ALLOWED:
            continue
        path = os.path.join("src", "core", name)
        with open(os.path.join(root, path), encoding="utf-8") as f:
            code = strip_comments_and_strings(f.read())
        for number, line in enumerate(code.splitlines(), 1):
            for match in CLOCK_READ.finditer(line):
                problems.append(f"{path}:{number}: {match.group(1)}() instead of the VtClock")

    for path in NO_STATICS:
        with open(os.path.join(root, path), encoding="utf-8") as f:
            code = strip_comments_and_strings(f.read())
        for number, line in enumerate(code.splitlines(), 1):
            if GOBJECT_TABLES.match(line):
                continue
            if STATIC_DECL.match(line):
                problems.append(f"{path}:{number}: a writable static: {line.strip()}")

    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s)")
        return 1
    print("No blocking file calls on the main thread, no writable statics in " +
          ", ".join(NO_STATICS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
