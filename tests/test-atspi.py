#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""As a screen-reader user would: find "Task IDs" in the accessibility tree, type a task ID,
press "Add", and read the row's status, against the loopback MiniMax API."""

import os
import subprocess
import sys
import tempfile
import time

try:
    import importlib.util
    if importlib.util.find_spec("pyatspi") is None:
        raise ImportError
except ImportError:
    print("pyatspi is not installed", file=sys.stderr)
    sys.exit(77)

pyatspi = None   # imported once the app is up: see wait_for_bus_names()

TASK_ID = "401047179385389059"
KEY = "atspi-test-key"


def walk(node, depth=0):
    if node is None or depth > 40:
        return
    yield node
    try:
        count = node.childCount
    except Exception:
        return
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1)


def find(root, role, name):
    for node in walk(root):
        try:
            if node.getRoleName() == role and node.name == name:
                return node
        except Exception:
            continue
    return None


def wait_for(what, func, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = func()
        if result:
            return result
        time.sleep(0.25)
    raise AssertionError("timed out waiting for " + what)


def name_has_owner(name):
    out = subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
                          "--object-path", "/org/freedesktop/DBus",
                          "--method", "org.freedesktop.DBus.NameHasOwner", name],
                         capture_output=True, text=True)
    return "true" in out.stdout


def wait_for_bus_names():
    # Touching the accessibility registry while the app is still starting the
    # accessibility bus can block pyatspi for good: wait until both are there.
    global pyatspi
    wait_for("the application on the session bus",
             lambda: name_has_owner("io.github.videotasks.VideoTasks"))
    wait_for("the accessibility bus", lambda: name_has_owner("org.a11y.Bus"))
    time.sleep(1)
    if pyatspi is None:
        import pyatspi as module
        pyatspi = module


def main():
    if not os.environ.get("DISPLAY") or not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        print("needs a display and a D-Bus session: run through build-aux/test", file=sys.stderr)
        return 77

    server = subprocess.Popen([os.environ["VT_MOCK_SERVER"], "--api-key", KEY,
                               "--preparing", "0", "--processing", "0"],
                              stdout=subprocess.PIPE, text=True)
    api_url = server.stdout.readline().strip()
    workdir = tempfile.mkdtemp(prefix="vt-atspi-")

    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    env.update(GTK_A11Y="atspi", MINIMAX_API_HOST=api_url, MINIMAX_API_KEY=KEY,
               XDG_DATA_HOME=workdir,
               LANGUAGE="C", LC_ALL="C.UTF-8")
    env.pop("G_DEBUG", None)   # warnings from the AT-SPI bridge are not this test's concern

    def application():
        if app.poll() is not None:
            return "exited"
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            child = desktop.getChildAtIndex(i)
            if child is not None and child.name == "video-tasks":
                return child
        return None

    # An Xvfb that resets when its last client leaves refuses connections for a moment
    # (build-aux/test runs it with -noreset); if the app could not open the display, it
    # exits at once: start it again rather than fail on the display server.
    for attempt in range(3):
        app = subprocess.Popen([os.environ["VIDEO_TASKS"]], env=env)
        time.sleep(0.5)
        if app.poll() is None:
            wait_for_bus_names()
        root = wait_for("the application on the accessibility bus", application)
        if root != "exited":
            break
        print("video-tasks exited with %d; starting it again" % app.returncode, file=sys.stderr)
        time.sleep(1)
    else:
        raise AssertionError("video-tasks did not start")

    try:
        entry = wait_for('the "Task IDs" entry', lambda: find(root, "text", "Task IDs")
                         or find(root, "entry", "Task IDs"))
        entry.queryEditableText().setTextContents(TASK_ID)

        add = wait_for('the "Add" button', lambda: find(root, "push button", "Add") or
                       find(root, "button", "Add"))
        action = add.queryAction()
        action.doAction(0)

        wait_for("the task's row", lambda: find(root, "label", TASK_ID))
        wait_for('the row to say "Succeeded"', lambda: find(root, "label", "Succeeded"))

        # The finished row's one button opens the video; the rest is in its menu.
        wait_for('the row\'s "Play video" button', lambda: find(root, "push button", "Play video")
                 or find(root, "button", "Play video"))
        menu = (find(root, "toggle button", "Task actions") or find(root, "push button", "Task actions")
                or find(root, "button", "Task actions"))
        assert menu is not None, 'no "Task actions" menu button'
        refresh = find(root, "push button", "Refresh") or find(root, "button", "Refresh")
        assert refresh is not None, 'no "Refresh" button'
        print("ok: typed into Task IDs, pressed Add, read Succeeded, found Play video and the menu")
        return 0
    finally:
        app.terminate()
        server.terminate()
        try:
            app.wait(10)
        except subprocess.TimeoutExpired:
            app.kill()
        server.wait(10)


if __name__ == "__main__":
    sys.exit(main())
