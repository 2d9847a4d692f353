/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The file-system side of VtDownload (vt_download_sanitize_name() and
 * vt_download_pick_target() are in vt-download.h). */

/* What a part file stopped by quitting says about itself (an extended attribute on it):
 * whose video it holds the start of, and how to tell that the server still has that video. */
typedef struct
{
  char    *task_id;
  guint64  size;       /* the whole video, 0 when the server did not say */
  char    *etag;       /* NULL when the server gave none */
  char    *modified;   /* Last-Modified, NULL when the server gave none */
  guint64  have;       /* the bytes in the part when it was taken up again */
} VtPartRecord;

void               vt_part_record_free             (VtPartRecord         *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtPartRecord, vt_part_record_free)

gboolean           vt_download_file_write_record   (GFileOutputStream    *output,
                                                    const VtPartRecord   *record);
void               vt_download_file_clear_record   (GFileOutputStream    *output);

GError            *vt_download_file_error          (GFile                *folder,
                                                    GError               *error);
void               vt_download_file_prepare_async  (GFile                *folder,
                                                    const char           *name,
                                                    GFile                *exact_target,
                                                    const char           *resume_id,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GFileOutputStream *vt_download_file_prepare_finish (GAsyncResult         *result,
                                                    GFile               **target,
                                                    GFile               **part,
                                                    VtPartRecord        **resumed,
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
