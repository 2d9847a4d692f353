/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void vt_launcher_open_uri       (GtkWindow  *parent,
                                 const char *uri);
void vt_launcher_show_in_folder (GtkWindow  *parent,
                                 GFile      *file);

G_END_DECLS
