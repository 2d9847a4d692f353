/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GBytes   *png;        /* the cached image; NULL when @failed */
  gboolean  failed;     /* no decoder could read the video: show the kind's icon */
  gboolean  for_file;   /* it stands for the saved file, in the shared cache */
  gint64    duration;   /* seconds, or -1 */
  gint64    size;       /* bytes, or -1 */
} VtThumbnail;

void         vt_thumbnail_free                (VtThumbnail         *thumbnail);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtThumbnail, vt_thumbnail_free)

char        *vt_thumbnail_cache_file_path     (const char          *uri);
char        *vt_thumbnail_cache_fail_path     (const char          *uri);
char        *vt_thumbnail_cache_link_path     (const char          *task_id);
VtThumbnail *vt_thumbnail_cache_read          (const char          *path,
                                               const char          *uri,
                                               gint64               mtime);

void         vt_thumbnail_cache_lookup_async  (const char          *file_path,
                                               const char          *task_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
VtThumbnail *vt_thumbnail_cache_lookup_finish (GAsyncResult        *result,
                                               GError             **error);
void         vt_thumbnail_cache_save_async    (const char          *file_path,
                                               const char          *task_id,
                                               GBytes              *rgba,
                                               guint                width,
                                               guint                height,
                                               gsize                stride,
                                               gint64               duration,
                                               gint64               size,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
void         vt_thumbnail_cache_copy_for_file_async (const char    *file_path,
                                               const char          *task_id,
                                               gint64               duration,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean     vt_thumbnail_cache_save_finish   (GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
