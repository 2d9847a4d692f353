/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vt-download-manager.h"

G_BEGIN_DECLS

#define VT_TYPE_DOWNLOADS_BUTTON (vt_downloads_button_get_type ())

G_DECLARE_FINAL_TYPE (VtDownloadsButton, vt_downloads_button, VT, DOWNLOADS_BUTTON, GtkWidget)

GtkWidget     *vt_downloads_button_new             (VtDownloadManager *downloads);
GtkMenuButton *vt_downloads_button_get_menu_button (VtDownloadsButton *self);

G_END_DECLS
