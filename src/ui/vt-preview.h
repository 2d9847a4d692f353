/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VT_TYPE_PREVIEW (vt_preview_get_type ())

G_DECLARE_FINAL_TYPE (VtPreview, vt_preview, VT, PREVIEW, GtkWidget)

GtkWidget      *vt_preview_new          (void);
void            vt_preview_set_source   (VtPreview  *self,
                                         GFile      *source,
                                         const char *player_action,
                                         GVariant   *player_target);
GFile          *vt_preview_get_source   (VtPreview  *self);
void            vt_preview_play         (VtPreview  *self);
void            vt_preview_pause        (VtPreview  *self);
GtkMediaStream *vt_preview_get_stream   (VtPreview  *self);
gboolean        vt_preview_get_failed   (VtPreview  *self);
gboolean        vt_preview_get_fullscreen (VtPreview *self);
void            vt_preview_set_fullscreen (VtPreview *self,
                                           gboolean   fullscreen);

G_END_DECLS
