/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-application.h"

G_BEGIN_DECLS

/* Which tasks the list shows. "Finished", wherever it is said, means succeeded or failed. */
typedef enum
{
  VT_FILTER_MODE_ALL,
  VT_FILTER_MODE_IN_PROGRESS,
  VT_FILTER_MODE_SUCCEEDED,
  VT_FILTER_MODE_FAILED,
} VtFilterMode;

#define VT_TYPE_WINDOW (vt_window_get_type ())

G_DECLARE_FINAL_TYPE (VtWindow, vt_window, VT, WINDOW, AdwApplicationWindow)

VtWindow *vt_window_new        (VtApplication *application);
gboolean  vt_window_add_text   (VtWindow      *self,
                                const char    *text,
                                GError       **error);
guint     vt_window_add_ids    (VtWindow           *self,
                                const char * const *ids,
                                VtTaskKind          kind,
                                guint              *n_existing);
void      vt_window_show_task  (VtWindow      *self,
                                VtTask        *task);
void      vt_window_show_toast (VtWindow      *self,
                                const char    *message);
void      vt_window_add_toast  (VtWindow      *self,
                                AdwToast      *toast);

G_END_DECLS
