/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-client.h"
#include "vt-task.h"
#include "vt-task-asked.h"

G_BEGIN_DECLS

#define VT_TYPE_NEW_VIDEO_WINDOW (vt_new_video_window_get_type ())

G_DECLARE_FINAL_TYPE (VtNewVideoWindow, vt_new_video_window, VT, NEW_VIDEO_WINDOW, AdwWindow)

VtNewVideoWindow *vt_new_video_window_new        (GtkWindow        *parent,
                                                  VtClient         *client,
                                                  const char       *region);
void              vt_new_video_window_new_async  (GtkWindow           *parent,
                                                  VtClient            *client,
                                                  const char          *region,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
VtNewVideoWindow *vt_new_video_window_new_finish (GAsyncResult     *result);
void              vt_new_video_window_set_family (VtNewVideoWindow *self,
                                                  VtTaskKind        kind);
void              vt_new_video_window_set_image  (VtNewVideoWindow *self,
                                                  const char       *slot,
                                                  GFile            *file);
void              vt_new_video_window_fill       (VtNewVideoWindow  *self,
                                                  VtTaskKind         kind,
                                                  const VtTaskAsked *asked);
gboolean          vt_new_video_window_get_busy   (VtNewVideoWindow *self);
const char       *vt_new_video_window_get_reason (VtNewVideoWindow *self);

G_END_DECLS
