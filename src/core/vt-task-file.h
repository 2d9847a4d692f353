/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vt-task.h"

G_BEGIN_DECLS

#define VT_TYPE_TASK_FILE (vt_task_file_get_type ())

G_DECLARE_FINAL_TYPE (VtTaskFile, vt_task_file, VT, TASK_FILE, GObject)

VtTaskFile *vt_task_file_new         (GFile                *file);
void        vt_task_file_load_async  (VtTaskFile           *self,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
GPtrArray  *vt_task_file_load_finish (VtTaskFile           *self,
                                      GAsyncResult         *result,
                                      GError              **warning,
                                      GError              **error);
gboolean    vt_task_file_can_save    (VtTaskFile           *self);
void        vt_task_file_save_async  (VtTaskFile           *self,
                                      GPtrArray            *tasks,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean    vt_task_file_save_finish (VtTaskFile           *self,
                                      GAsyncResult         *result,
                                      GPtrArray           **added,
                                      GPtrArray           **removed,
                                      GPtrArray           **replaced,
                                      GError              **error);
gboolean    vt_task_file_removed_elsewhere (VtTaskFile     *self,
                                      VtTask               *task);
void        vt_task_file_adopt       (VtTaskFile           *self,
                                      VtTask               *task);
GPtrArray  *vt_task_file_parse       (const char           *data,
                                      gsize                 length,
                                      gboolean             *partial);
GPtrArray  *vt_task_file_parse_full  (const char           *data,
                                      gsize                 length,
                                      gboolean             *partial,
                                      gboolean             *newer);
gboolean    vt_task_file_save        (VtTaskFile           *self,
                                      GPtrArray            *tasks,
                                      GError              **error);

void        vt_task_file_task_changed (VtTask              *task,
                                       gint64               when);
void        vt_task_file_task_checked (VtTask              *task);
gint64      vt_task_file_get_updated  (VtTask              *task);
void        vt_task_file_take_saved   (VtTask              *task,
                                       VtTask              *saved);

G_END_DECLS
