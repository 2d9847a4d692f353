/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The file-system side of VtDownload (vt_download_sanitize_name() and
 * vt_download_pick_target() are in vt-download.h). */

GError            *vt_download_file_error          (GFile                *folder,
                                                    GError               *error);
void               vt_download_file_prepare_async  (GFile                *folder,
                                                    const char           *name,
                                                    GFile                *exact_target,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GFileOutputStream *vt_download_file_prepare_finish (GAsyncResult         *result,
                                                    GFile               **target,
                                                    GFile               **part,
                                                    GError              **error);
void               vt_download_file_move_async     (GFile                *part,
                                                    GFile                *target,
                                                    GFile                *folder,
                                                    const char           *name,
                                                    gboolean              replace,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GFile             *vt_download_file_move_finish    (GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
