/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void  vt_media_prepare          (void);
void  vt_media_release          (GtkMediaStream *stream);
guint vt_media_get_n_releasing  (void);

G_END_DECLS
