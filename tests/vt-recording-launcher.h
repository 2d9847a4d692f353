/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-launcher.h"

G_BEGIN_DECLS

/* A launcher that writes down what it was asked to open ("open URI", "show URI") instead of
 * handing it to the desktop, and fails when told to, as a desktop without a player does. */

#define VT_TYPE_RECORDING_LAUNCHER (vt_recording_launcher_get_type ())

G_DECLARE_FINAL_TYPE (VtRecordingLauncher, vt_recording_launcher, VT, RECORDING_LAUNCHER, VtLauncher)

VtRecordingLauncher *vt_recording_launcher_new          (void);
GPtrArray           *vt_recording_launcher_get_launched (VtRecordingLauncher *self);
void                 vt_recording_launcher_set_failing  (VtRecordingLauncher *self,
                                                         gboolean             failing);

G_END_DECLS
