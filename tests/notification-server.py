#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A notification server for the tests' private D-Bus session.

The app notifies when a task finishes while its window is not in use. Without a server on
the bus, GLib's freedesktop backend warns, and the tests make every warning fatal: a test
whose window lost the focus for a moment (a busy machine) failed on that warning. This
server takes org.freedesktop.Notifications and accepts every notification; with a path as
its argument it writes each one there as a line of JSON (app, summary, body, actions)."""

import json
import sys

from gi.repository import Gio, GLib

XML = """
<node>
  <interface name="org.freedesktop.Notifications">
    <method name="Notify">
      <arg type="s" direction="in"/><arg type="u" direction="in"/>
      <arg type="s" direction="in"/><arg type="s" direction="in"/>
      <arg type="s" direction="in"/><arg type="as" direction="in"/>
      <arg type="a{sv}" direction="in"/><arg type="i" direction="in"/>
      <arg type="u" direction="out"/>
    </method>
    <method name="CloseNotification"><arg type="u" direction="in"/></method>
    <method name="GetCapabilities"><arg type="as" direction="out"/></method>
    <method name="GetServerInformation">
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
    </method>
    <signal name="NotificationClosed"><arg type="u"/><arg type="u"/></signal>
    <signal name="ActionInvoked"><arg type="u"/><arg type="s"/></signal>
  </interface>
</node>
"""

log_path = sys.argv[1] if len(sys.argv) > 1 else None
next_id = 0


def on_call(connection, sender, path, interface, method, parameters, invocation):
    global next_id
    if method == "Notify":
        app, replaces, _icon, summary, body, actions, _hints, _timeout = parameters.unpack()
        next_id += 1
        if log_path:
            with open(log_path, "a", encoding="utf-8") as log:
                log.write(json.dumps({"app": app, "summary": summary, "body": body,
                                      "actions": actions}) + "\n")
        invocation.return_value(GLib.Variant("(u)", (replaces or next_id,)))
    elif method == "CloseNotification":
        invocation.return_value(None)
    elif method == "GetCapabilities":
        invocation.return_value(GLib.Variant("(as)", (["actions", "body", "body-markup"],)))
    elif method == "GetServerInformation":
        invocation.return_value(GLib.Variant("(ssss)", ("vt-tests", "Video Tasks", "1", "1.2")))


def on_bus(connection, _name):
    info = Gio.DBusNodeInfo.new_for_xml(XML).interfaces[0]
    connection.register_object("/org/freedesktop/Notifications", info, on_call, None, None)


def on_name_lost(_connection, _name):
    sys.exit(1)


Gio.bus_own_name(Gio.BusType.SESSION, "org.freedesktop.Notifications",
                 Gio.BusNameOwnerFlags.NONE, on_bus, None, on_name_lost)
GLib.MainLoop().run()
