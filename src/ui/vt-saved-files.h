/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VT_TYPE_SAVED_FILES (vt_saved_files_get_type ())

G_DECLARE_FINAL_TYPE (VtSavedFiles, vt_saved_files, VT, SAVED_FILES, GObject)

VtSavedFiles *vt_saved_files_new     (void);
gboolean      vt_saved_files_lookup  (VtSavedFiles *self,
                                      const char   *path,
                                      guint64      *size);
void          vt_saved_files_refresh (VtSavedFiles *self,
                                      const char   *path);

G_END_DECLS
