/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vt-download-manager.h"
#include "vt-poller.h"

G_BEGIN_DECLS

#define VT_TYPE_AUTO_DOWNLOAD (vt_auto_download_get_type ())

G_DECLARE_FINAL_TYPE (VtAutoDownload, vt_auto_download, VT, AUTO_DOWNLOAD, GObject)

VtAutoDownload *vt_auto_download_new         (VtPoller          *poller,
                                              VtDownloadManager *downloads);
void            vt_auto_download_set_enabled (VtAutoDownload    *self,
                                              gboolean           enabled);
void            vt_auto_download_set_folder  (VtAutoDownload    *self,
                                              GFile             *folder);
guint           vt_auto_download_get_n_waiting (VtAutoDownload  *self);

G_END_DECLS
