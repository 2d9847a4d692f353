/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VT_TASK_ID_MAX_LENGTH 128
#define VT_TASK_IDS_MAX_COUNT 10000
#define VT_TASK_IDS_MAX_TEXT  (4 * 1024 * 1024)

gboolean  vt_task_id_is_valid   (const char  *id);
char    **vt_task_ids_extract   (const char  *text,
                                 GError     **error);
void      vt_task_ids_extract_async  (const char          *text,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
char    **vt_task_ids_extract_finish (GAsyncResult        *result,
                                      GError             **error);

G_END_DECLS
