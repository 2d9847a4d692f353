/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-preview.h"
#include "vt-saved-files.h"
#include "vt-task.h"

G_BEGIN_DECLS

#define VT_TYPE_DETAILS (vt_details_get_type ())

G_DECLARE_FINAL_TYPE (VtDetails, vt_details, VT, DETAILS, AdwBin)

GtkWidget    *vt_details_new            (VtSavedFiles *saved_files);
void          vt_details_set_task       (VtDetails    *self,
                                         VtTask       *task);
VtTask       *vt_details_get_task       (VtDetails    *self);
void          vt_details_set_shown      (VtDetails    *self,
                                         gboolean      shown);
void          vt_details_play           (VtDetails    *self);
AdwHeaderBar *vt_details_get_header_bar (VtDetails    *self);
VtPreview    *vt_details_get_preview    (VtDetails    *self);

G_END_DECLS
