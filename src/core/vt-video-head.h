/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

void     vt_video_head_fetch_async  (SoupSession         *session,
                                     const char          *url,
                                     GFile               *destination,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean vt_video_head_fetch_finish (GAsyncResult        *result,
                                     guint64             *total_size,
                                     guint64             *bytes_read,
                                     GError             **error);
gboolean vt_video_head_find_index   (const guint8        *data,
                                     gsize                length,
                                     guint64              total_size,
                                     guint64             *index_offset);

G_END_DECLS
