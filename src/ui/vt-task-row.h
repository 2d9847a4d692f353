/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-download-manager.h"
#include "vt-poller.h"
#include "vt-saved-files.h"
#include "vt-task.h"
#include "vt-thumbnailer.h"
#include "vt-ticker.h"

G_BEGIN_DECLS

#define VT_TYPE_TASK_ROW (vt_task_row_get_type ())

G_DECLARE_FINAL_TYPE (VtTaskRow, vt_task_row, VT, TASK_ROW, AdwBin)

VtTaskRow *vt_task_row_new      (VtDownloadManager *downloads,
                                 VtPoller          *poller,
                                 VtTicker          *ticker,
                                 VtSavedFiles      *saved_files,
                                 VtThumbnailer     *thumbnailer);
void       vt_task_row_set_task (VtTaskRow         *self,
                                 VtTask            *task);
void       vt_task_row_popup_menu (VtTaskRow       *self);
GdkTexture *vt_task_row_get_thumbnail (VtTaskRow    *self);
VtTask    *vt_task_row_get_task (VtTaskRow         *self);

G_END_DECLS
