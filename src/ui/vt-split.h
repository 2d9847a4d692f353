/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VT_TYPE_SPLIT (vt_split_get_type ())

G_DECLARE_FINAL_TYPE (VtSplit, vt_split, VT, SPLIT, GtkWidget)

GtkWidget *vt_split_new              (GtkWidget    *sidebar,
                                      AdwHeaderBar *sidebar_header,
                                      GtkWidget    *content,
                                      AdwHeaderBar *content_header);
gboolean   vt_split_get_collapsed    (VtSplit      *self);
gboolean   vt_split_get_show_content (VtSplit      *self);
void       vt_split_set_show_content (VtSplit      *self,
                                      gboolean      show_content);

G_END_DECLS
