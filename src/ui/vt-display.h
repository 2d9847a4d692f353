/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-task.h"

G_BEGIN_DECLS

gboolean    vt_display_not_checked_yet (VtTask  *task);
const char *vt_display_status_label (VtTask    *task,
                                     gboolean   checking);
const char *vt_display_status_icon  (VtTask    *task);
const char *vt_display_kind         (VtTaskKind kind);
char       *vt_display_folder       (const char *path);
char       *vt_display_time_ago     (GDateTime *then,
                                     GDateTime *now);

G_END_DECLS
