/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vt-task.h"

G_BEGIN_DECLS

#define VT_TYPE_THUMBNAILER (vt_thumbnailer_get_type ())

G_DECLARE_FINAL_TYPE (VtThumbnailer, vt_thumbnailer, VT, THUMBNAILER, GObject)

VtThumbnailer *vt_thumbnailer_new        (void);
void           vt_thumbnailer_want       (VtThumbnailer     *self,
                                          VtTask            *task,
                                          const char        *saved_path,
                                          GtkWidget         *shown_in);
void           vt_thumbnailer_unwant     (VtThumbnailer     *self,
                                          VtTask            *task);
GdkTexture    *vt_thumbnailer_lookup     (VtThumbnailer     *self,
                                          VtTask            *task,
                                          gint64            *duration,
                                          gint64            *size);
guint          vt_thumbnailer_get_n_made (VtThumbnailer     *self);
void           vt_thumbnailer_stop       (VtThumbnailer     *self);
gboolean       vt_thumbnailer_wait_closed (void);
guint          vt_thumbnailer_get_n_pipelines (void);

G_END_DECLS
