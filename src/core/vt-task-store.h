/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vt-clock.h"
#include "vt-task.h"

G_BEGIN_DECLS

#define VT_TYPE_TASK_STORE (vt_task_store_get_type ())

G_DECLARE_FINAL_TYPE (VtTaskStore, vt_task_store, VT, TASK_STORE, GObject)

/* A task taken out of the list and where it was, for Undo. */
typedef struct
{
  VtTask *task;
  guint   position;
} VtTaskStoreRemoval;

GFile       *vt_task_store_default_file    (void);
VtTaskStore *vt_task_store_new             (GFile               *file);
VtTaskStore *vt_task_store_new_full        (GFile               *file,
                                            VtClock             *clock);
gboolean     vt_task_store_get_loaded      (VtTaskStore         *self);
guint        vt_task_store_get_n_pending   (VtTaskStore         *self);
guint        vt_task_store_get_n_in_progress (VtTaskStore       *self);
gboolean     vt_task_store_has_unsaved_changes (VtTaskStore     *self);
VtTask      *vt_task_store_lookup          (VtTaskStore         *self,
                                            const char          *id);
guint        vt_task_store_add_ids         (VtTaskStore         *self,
                                            const char * const  *ids,
                                            GPtrArray          **existing);
guint        vt_task_store_add_ids_of_kind (VtTaskStore         *self,
                                            const char * const  *ids,
                                            VtTaskKind           kind,
                                            GPtrArray          **existing);
void         vt_task_store_insert          (VtTaskStore         *self,
                                            guint                position,
                                            VtTask              *task);
gboolean     vt_task_store_remove          (VtTaskStore         *self,
                                            VtTask              *task,
                                            guint               *position);
guint        vt_task_store_count_finished  (VtTaskStore         *self,
                                            guint               *n_unsaved);
GArray      *vt_task_store_remove_finished (VtTaskStore         *self);
GArray      *vt_task_store_remove_finished_but_unsaved (VtTaskStore *self);
void         vt_task_store_restore         (VtTaskStore         *self,
                                            GArray              *removals);
GArray      *vt_task_store_removals_new    (void);
void         vt_task_store_removals_add    (GArray              *removals,
                                            VtTask              *task,
                                            guint                position);
void         vt_task_store_load_async      (VtTaskStore         *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean     vt_task_store_load_finish     (VtTaskStore         *self,
                                            GAsyncResult        *result,
                                            GError             **error);
gboolean     vt_task_store_flush           (VtTaskStore         *self,
                                            GError             **error);

G_END_DECLS
