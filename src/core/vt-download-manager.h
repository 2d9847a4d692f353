/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vt-client.h"
#include "vt-download.h"
#include "vt-task.h"

G_BEGIN_DECLS

#define VT_TYPE_DOWNLOAD_MANAGER (vt_download_manager_get_type ())

G_DECLARE_FINAL_TYPE (VtDownloadManager, vt_download_manager, VT, DOWNLOAD_MANAGER, GObject)

VtDownloadManager *vt_download_manager_new           (VtClient           *client);
guint              vt_download_manager_get_n_running (VtDownloadManager  *self);
GPtrArray         *vt_download_manager_dup_tasks     (VtDownloadManager  *self);
void               vt_download_manager_start         (VtDownloadManager  *self,
                                                      VtTask             *task,
                                                      GFile              *folder);
void               vt_download_manager_save_as       (VtDownloadManager  *self,
                                                      VtTask             *task,
                                                      GFile              *file);
void               vt_download_manager_cancel        (VtDownloadManager  *self,
                                                      VtTask             *task);
void               vt_download_manager_cancel_all    (VtDownloadManager  *self);
VtDownload        *vt_download_manager_lookup        (VtDownloadManager  *self,
                                                      VtTask             *task);
void               vt_download_manager_fresh_link_async  (VtDownloadManager  *self,
                                                          VtTask             *task,
                                                          gboolean            force,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
gboolean           vt_download_manager_fresh_link_finish (VtDownloadManager  *self,
                                                          GAsyncResult       *result,
                                                          GError            **error);

G_END_DECLS
