/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-task-store"

#include "config.h"

#include "vt-task-file.h"
#include "vt-task-store.h"

#define SAVE_DELAY_MS 500

/* The tracked tasks, newest first, saved to a JSON file after every change. */
struct _VtTaskStore
{
  GObject     parent_instance;

  GPtrArray  *tasks;
  GHashTable *by_id;          /* id → VtTask, borrowed from tasks */
  VtTaskFile *file;           /* NULL: kept in memory only */
  VtClock    *clock;          /* times the save after a change; dates added tasks */
  guint       n_pending;
  guint       n_in_progress;
  guint       save_source;
  gboolean    loaded;
  gboolean    can_save;       /* FALSE: the saved list could not be read, and is kept */
  gboolean    saving;
  gboolean    dirty;
  gboolean    taking;         /* taking another instance's copy: not a change here */
};

static void vt_task_store_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VtTaskStore, vt_task_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      vt_task_store_list_model_iface_init))

enum {
  PROP_0,
  PROP_LOADED,
  PROP_N_PENDING,
  PROP_N_IN_PROGRESS,
  N_PROPS
};

enum {
  SAVE_FAILED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static GType
vt_task_store_get_item_type (GListModel *model)
{
  return VT_TYPE_TASK;
}

static guint
vt_task_store_get_n_items (GListModel *model)
{
  return VT_TASK_STORE (model)->tasks->len;
}

static gpointer
vt_task_store_get_item (GListModel *model,
                        guint       position)
{
  VtTaskStore *self = VT_TASK_STORE (model);

  if (position >= self->tasks->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->tasks, position));
}

static void
vt_task_store_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = vt_task_store_get_item_type;
  iface->get_n_items = vt_task_store_get_n_items;
  iface->get_item = vt_task_store_get_item;
}

/* The unfinished tasks and those known to be in progress, counted again. */
static void
update_counts (VtTaskStore *self)
{
  guint pending = 0;
  guint in_progress = 0;

  for (guint i = 0; i < self->tasks->len; i++)
    {
      VtTask *task = g_ptr_array_index (self->tasks, i);

      pending += !vt_task_is_finished (task);
      in_progress += vt_task_is_in_progress (task);
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (pending != self->n_pending)
    {
      self->n_pending = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_PENDING]);
    }
  if (in_progress != self->n_in_progress)
    {
      self->n_in_progress = in_progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_IN_PROGRESS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void start_save (VtTaskStore *self);

static gboolean
save_timeout_cb (gpointer user_data)
{
  VtTaskStore *self = user_data;

  self->save_source = 0;
  start_save (self);
  return G_SOURCE_REMOVE;
}

/* Nothing is written before the saved list was read, nor over one that could not be read:
 * it would overwrite it. */
static void
schedule_save (VtTaskStore *self)
{
  self->dirty = TRUE;

  if (self->file == NULL || !self->loaded || !self->can_save || self->save_source != 0 ||
      self->saving)
    return;

  self->save_source = vt_clock_timeout_add (self->clock, SAVE_DELAY_MS, save_timeout_cb, self);
}

/* What a check finds (when it ran, whether it failed and why, a fresher link, MiniMax's own
 * dates) is saved, but does not make this instance's copy of a task newer than another's:
 * each instance polls the same tasks, and a poll here would undo a rename there. What the
 * user does, and a change of status, counts. */
static gboolean
is_check_only (GParamSpec *pspec)
{
  static const char *names[] = {
    "last-checked", "check-failed", "api-code", "last-error", "error-details",
    "video-url", "link-issued", "backup-url", "created",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (pspec->name == g_intern_static_string (names[i]))
      return TRUE;
  return FALSE;
}

static void
task_changed_cb (VtTask     *task,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  VtTaskStore *self = user_data;

  if (pspec->name == g_intern_static_string ("status"))
    update_counts (self);
  /* Already on disk as it is now. */
  if (self->taking)
    return;
  if (self->file != NULL && is_check_only (pspec))
    vt_task_file_task_checked (task);
  else if (self->file != NULL)
    vt_task_file_task_changed (task, vt_clock_get_real (self->clock));
  schedule_save (self);
}

static void
watch (VtTaskStore *self,
       VtTask      *task)
{
  vt_task_set_watch (task, task_changed_cb, self);
  g_hash_table_insert (self->by_id, (gpointer) vt_task_get_id (task), task);
}

static void
unwatch (VtTaskStore *self,
         VtTask      *task)
{
  vt_task_set_watch (task, NULL, NULL);
  g_hash_table_remove (self->by_id, vt_task_get_id (task));
}

static void
vt_task_store_dispose (GObject *object)
{
  VtTaskStore *self = (VtTaskStore *)object;

  g_clear_handle_id (&self->save_source, vt_clock_source_remove);
  if (self->tasks != NULL)
    for (guint i = 0; i < self->tasks->len; i++)
      vt_task_set_watch (g_ptr_array_index (self->tasks, i), NULL, NULL);

  G_OBJECT_CLASS (vt_task_store_parent_class)->dispose (object);
}

static void
vt_task_store_finalize (GObject *object)
{
  VtTaskStore *self = (VtTaskStore *)object;

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->tasks, g_ptr_array_unref);
  g_clear_object (&self->file);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (vt_task_store_parent_class)->finalize (object);
}

static void
vt_task_store_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VtTaskStore *self = VT_TASK_STORE (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_N_PENDING:
      g_value_set_uint (value, self->n_pending);
      break;
    case PROP_N_IN_PROGRESS:
      g_value_set_uint (value, self->n_in_progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_task_store_class_init (VtTaskStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_task_store_dispose;
  object_class->finalize = vt_task_store_finalize;
  object_class->get_property = vt_task_store_get_property;

  properties [PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* Unfinished tasks */
  properties [PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* Tasks MiniMax is known to be making (vt_task_is_in_progress()) */
  properties [PROP_N_IN_PROGRESS] =
    g_param_spec_uint ("n-in-progress", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VtTaskStore::save-failed:
   * @error: why; the list stays in memory and is saved again on the next change
   */
  signals [SAVE_FAILED] =
    g_signal_new ("save-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
vt_task_store_init (VtTaskStore *self)
{
  self->tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * vt_task_store_default_file:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/video-tasks/tasks.json` (inside a Flatpak, the
 *   app's own data folder)
 */
GFile *
vt_task_store_default_file (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "video-tasks", "tasks.json",
                                            NULL);
  return g_file_new_for_path (path);
}

/**
 * vt_task_store_new:
 * @file: (nullable): where the list is kept; %NULL keeps it in memory only
 */
VtTaskStore *
vt_task_store_new (GFile *file)
{
  return vt_task_store_new_full (file, NULL);
}

/**
 * vt_task_store_new_full:
 * @file: (nullable): where the list is kept; %NULL keeps it in memory only
 * @clock: (nullable): the clock that times saves; %NULL for the system's
 */
VtTaskStore *
vt_task_store_new_full (GFile   *file,
                        VtClock *clock)
{
  VtTaskStore *self;

  g_return_val_if_fail (!file || G_IS_FILE (file), NULL);
  g_return_val_if_fail (!clock || VT_IS_CLOCK (clock), NULL);

  self = g_object_new (VT_TYPE_TASK_STORE, NULL);
  self->clock = g_object_ref (clock != NULL ? clock : vt_clock_get_system ());
  self->file = file != NULL ? vt_task_file_new (file) : NULL;
  if (file == NULL)
    self->loaded = self->can_save = TRUE;
  return self;
}

gboolean
vt_task_store_get_loaded (VtTaskStore *self)
{
  g_return_val_if_fail (VT_IS_TASK_STORE (self), FALSE);
  return self->loaded;
}

guint
vt_task_store_get_n_pending (VtTaskStore *self)
{
  g_return_val_if_fail (VT_IS_TASK_STORE (self), 0);
  return self->n_pending;
}

guint
vt_task_store_get_n_in_progress (VtTaskStore *self)
{
  g_return_val_if_fail (VT_IS_TASK_STORE (self), 0);
  return self->n_in_progress;
}

/* Changes not yet on disk, or a save still being written. */
gboolean
vt_task_store_has_unsaved_changes (VtTaskStore *self)
{
  g_return_val_if_fail (VT_IS_TASK_STORE (self), FALSE);
  return self->dirty || self->saving;
}

/**
 * vt_task_store_lookup:
 *
 * Returns: (transfer none) (nullable): the task with @id
 */
VtTask *
vt_task_store_lookup (VtTaskStore *self,
                      const char  *id)
{
  g_return_val_if_fail (VT_IS_TASK_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, id);
}

/**
 * vt_task_store_add_ids:
 * @ids: task IDs, valid ones (see vt_task_ids_extract())
 * @existing: (out) (optional) (transfer container): the tasks that were already listed
 *
 * Adds new tasks at the top, in the order given; their kind is found out when they are
 * first checked.
 *
 * Returns: how many were added
 */
guint
vt_task_store_add_ids (VtTaskStore         *self,
                       const char * const  *ids,
                       GPtrArray          **existing)
{
  return vt_task_store_add_ids_of_kind (self, ids, VT_TASK_KIND_UNKNOWN, existing);
}

/**
 * vt_task_store_add_ids_of_kind:
 * @kind: what the new tasks are, when the user said so (`--kind`) or MiniMax listed them
 *
 * As vt_task_store_add_ids(). Tasks already listed keep their kind.
 */
guint
vt_task_store_add_ids_of_kind (VtTaskStore         *self,
                               const char * const  *ids,
                               VtTaskKind           kind,
                               GPtrArray          **existing)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  g_autoptr(GDateTime) now = NULL;
  guint n;

  g_return_val_if_fail (VT_IS_TASK_STORE (self), 0);
  g_return_val_if_fail (ids != NULL, 0);

  if (existing != NULL)
    *existing = g_ptr_array_new_with_free_func (g_object_unref);
  now = vt_clock_dup_now_utc (self->clock);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      VtTask *task = g_hash_table_lookup (self->by_id, ids[i]);

      if (task != NULL)
        {
          if (existing != NULL)
            g_ptr_array_add (*existing, g_object_ref (task));
          continue;
        }

      task = vt_task_new (ids[i]);
      vt_task_set_added (task, now);
      vt_task_set_kind (task, kind);
      if (self->file != NULL)
        vt_task_file_task_changed (task, vt_clock_get_real (self->clock));
      g_ptr_array_add (added, task);
      watch (self, task);
    }

  n = added->len;
  if (n == 0)
    return 0;

  g_ptr_array_extend_and_steal (added, g_steal_pointer (&self->tasks));
  self->tasks = g_steal_pointer (&added);
  g_ptr_array_set_free_func (self->tasks, g_object_unref);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, n);
  update_counts (self);
  schedule_save (self);

  return n;
}

/* Puts a removed task back, as Undo does. */
void
vt_task_store_insert (VtTaskStore *self,
                      guint        position,
                      VtTask      *task)
{
  g_return_if_fail (VT_IS_TASK_STORE (self));
  g_return_if_fail (VT_IS_TASK (task));

  if (g_hash_table_contains (self->by_id, vt_task_get_id (task)))
    return;

  position = MIN (position, self->tasks->len);
  g_ptr_array_insert (self->tasks, position, g_object_ref (task));
  watch (self, task);
  /* Put back later than it was removed: another instance's older copy does not win. */
  if (self->file != NULL)
    vt_task_file_task_changed (task, vt_clock_get_real (self->clock));

  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  update_counts (self);
  schedule_save (self);
}

gboolean
vt_task_store_remove (VtTaskStore *self,
                      VtTask      *task,
                      guint       *position)
{
  guint pos;

  g_return_val_if_fail (VT_IS_TASK_STORE (self), FALSE);
  g_return_val_if_fail (VT_IS_TASK (task), FALSE);

  if (!g_ptr_array_find (self->tasks, task, &pos))
    return FALSE;

  unwatch (self, task);
  g_ptr_array_remove_index (self->tasks, pos);
  if (position != NULL)
    *position = pos;

  g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);
  update_counts (self);
  schedule_save (self);
  return TRUE;
}

static void
removal_clear (VtTaskStoreRemoval *removal)
{
  g_clear_object (&removal->task);
}

/**
 * vt_task_store_removals_new:
 *
 * Returns: (transfer full): an empty array of #VtTaskStoreRemoval, which frees its tasks
 */
GArray *
vt_task_store_removals_new (void)
{
  GArray *removals = g_array_new (FALSE, FALSE, sizeof (VtTaskStoreRemoval));

  g_array_set_clear_func (removals, (GDestroyNotify) removal_clear);
  return removals;
}

/* Records a removal for vt_task_store_restore(). */
void
vt_task_store_removals_add (GArray *removals,
                            VtTask *task,
                            guint   position)
{
  VtTaskStoreRemoval removal = { g_object_ref (task), position };

  g_return_if_fail (removals != NULL);

  g_array_append_val (removals, removal);
}

/* A video that succeeded and was never saved: clearing it would throw the video away (its
 * link expires; MiniMax keeps some tasks only a few days). */
static gboolean
is_unsaved_video (VtTask *task)
{
  return vt_task_get_status (task) == VT_TASK_STATUS_SUCCESS && vt_task_get_file_path (task) == NULL;
}

/**
 * vt_task_store_count_finished:
 * @n_unsaved: (out) (optional): how many of them are videos never saved
 *
 * Returns: how many tasks are finished
 */
guint
vt_task_store_count_finished (VtTaskStore *self,
                              guint       *n_unsaved)
{
  guint n = 0, unsaved = 0;

  g_return_val_if_fail (VT_IS_TASK_STORE (self), 0);

  for (guint i = 0; i < self->tasks->len; i++)
    {
      VtTask *task = g_ptr_array_index (self->tasks, i);

      n += vt_task_is_finished (task);
      unsaved += is_unsaved_video (task);
    }
  if (n_unsaved != NULL)
    *n_unsaved = unsaved;
  return n;
}

static GArray *
remove_finished (VtTaskStore *self,
                 gboolean     keep_unsaved)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
  GArray *removed = vt_task_store_removals_new ();
  guint n_before;

  n_before = self->tasks->len;
  for (guint i = 0; i < self->tasks->len; i++)
    {
      VtTask *task = g_ptr_array_index (self->tasks, i);

      if (vt_task_is_finished (task) && !(keep_unsaved && is_unsaved_video (task)))
        {
          unwatch (self, task);
          vt_task_store_removals_add (removed, task, i);
        }
      else
        g_ptr_array_add (kept, g_object_ref (task));
    }

  if (removed->len == 0)
    return removed;

  g_ptr_array_unref (self->tasks);
  self->tasks = g_steal_pointer (&kept);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n_before, self->tasks->len);
  update_counts (self);
  schedule_save (self);
  return removed;
}

/**
 * vt_task_store_remove_finished:
 *
 * Returns: (transfer full): the removed tasks with the positions they had, first to last,
 *   for vt_task_store_restore()
 */
GArray *
vt_task_store_remove_finished (VtTaskStore *self)
{
  g_return_val_if_fail (VT_IS_TASK_STORE (self), NULL);
  return remove_finished (self, FALSE);
}

/**
 * vt_task_store_remove_finished_but_unsaved:
 *
 * Removes the finished tasks except the videos that succeeded and were never saved.
 *
 * Returns: (transfer full): the removed tasks with the positions they had, first to last,
 *   for vt_task_store_restore()
 */
GArray *
vt_task_store_remove_finished_but_unsaved (VtTaskStore *self)
{
  g_return_val_if_fail (VT_IS_TASK_STORE (self), NULL);
  return remove_finished (self, TRUE);
}

/* Undo: puts removed tasks back where they were, first to last so positions stay right. */
void
vt_task_store_restore (VtTaskStore *self,
                       GArray      *removals)
{
  g_return_if_fail (VT_IS_TASK_STORE (self));
  g_return_if_fail (removals != NULL);

  for (guint i = 0; i < removals->len; i++)
    {
      VtTaskStoreRemoval *removal = &g_array_index (removals, VtTaskStoreRemoval, i);
      vt_task_store_insert (self, removal->position, removal->task);
    }
}

/* Loading and saving */

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VtTaskStore *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) tasks = NULL;
  GError *warning = NULL;
  GError *error = NULL;
  guint before = self->tasks->len;
  guint added = 0;

  tasks = vt_task_file_load_finish (VT_TASK_FILE (object), result, &warning, &error);

  /* Loaded even when this failed: the error says what was kept where. A list that could not
   * be read is not saved over; the tasks stay in memory. */
  self->can_save = vt_task_file_can_save (VT_TASK_FILE (object));
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADED]);
    }

  if (tasks == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* After any added while the list was being read. */
  for (guint i = 0; i < tasks->len; i++)
    {
      VtTask *item = g_ptr_array_index (tasks, i);

      if (g_hash_table_contains (self->by_id, vt_task_get_id (item)))
        continue;
      g_ptr_array_add (self->tasks, g_object_ref (item));
      watch (self, item);
      added++;
    }

  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), before, 0, added);
  update_counts (self);

  /* Tasks added while the list was being read, or a list that was repaired. */
  if (self->dirty || warning != NULL)
    schedule_save (self);

  if (warning != NULL)
    g_task_return_error (task, warning);
  else
    g_task_return_boolean (task, TRUE);
}

void
vt_task_store_load_async (VtTaskStore         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VT_IS_TASK_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_task_store_load_async);

  if (self->file == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  vt_task_file_load_async (self->file, cancellable, load_cb, g_steal_pointer (&task));
}

/**
 * vt_task_store_load_finish:
 *
 * Adds the saved tasks after any already in the store. The store counts as loaded even when
 * this fails: the error says what was kept where. It saves from now on, unless the list could
 * not be read (or kept aside): then it is never written over, and changes stay in memory.
 *
 * Returns: %TRUE when the whole list was read
 */
gboolean
vt_task_store_load_finish (VtTaskStore   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (VT_IS_TASK_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Tasks another instance added to the file (and which it now holds): shown at the top, as
 * new tasks are. They are on disk already, so this is no change to save. */
static void
take_added (VtTaskStore *self,
            GPtrArray   *added)
{
  g_autoptr(GPtrArray) taken = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  for (guint i = 0; i < added->len; i++)
    {
      VtTask *task = g_ptr_array_index (added, i);

      if (g_hash_table_contains (self->by_id, vt_task_get_id (task)))
        continue;
      g_ptr_array_add (taken, g_object_ref (task));
      watch (self, task);
      vt_task_file_adopt (self->file, task);
    }
  n = taken->len;
  if (n == 0)
    return;

  g_debug ("%u tasks added by another instance", n);
  g_ptr_array_extend_and_steal (taken, g_steal_pointer (&self->tasks));
  self->tasks = g_steal_pointer (&taken);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, n);
  update_counts (self);
}

/* Tasks another instance removed from the file: gone here too, unless changed here since
 * the save (then the next one writes them back). */
static void
let_go_removed (VtTaskStore *self,
                GPtrArray   *removed)
{
  for (guint i = 0; i < removed->len; i++)
    {
      VtTask *task = g_hash_table_lookup (self->by_id, g_ptr_array_index (removed, i));
      guint pos;

      if (task == NULL || !vt_task_file_removed_elsewhere (self->file, task) ||
          !g_ptr_array_find (self->tasks, task, &pos))
        continue;
      g_debug ("Task %s was removed by another instance", vt_task_get_id (task));
      unwatch (self, task);
      g_ptr_array_remove_index (self->tasks, pos);
      g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);
    }
  if (removed->len > 0)
    update_counts (self);
}

/* Tasks another instance changed later than this one: its copy won on disk, and is shown
 * here, unless this one changed the task again since the save. */
static void
take_replaced (VtTaskStore *self,
               GPtrArray   *replaced)
{
  for (guint i = 0; i < replaced->len; i++)
    {
      VtTask *saved = g_ptr_array_index (replaced, i);
      VtTask *task = g_hash_table_lookup (self->by_id, vt_task_get_id (saved));

      if (task == NULL || vt_task_file_get_updated (task) >= vt_task_file_get_updated (saved))
        continue;
      self->taking = TRUE;
      vt_task_file_take_saved (task, saved);
      self->taking = FALSE;
    }
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VtTaskStore) self = user_data;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GPtrArray) removed = NULL;
  g_autoptr(GPtrArray) replaced = NULL;
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;

  if (!vt_task_file_save_finish (VT_TASK_FILE (object), result, &added, &removed, &replaced,
                                 &error))
    {
      g_debug ("%s", error->message);
      g_signal_emit (self, signals [SAVE_FAILED], 0, error);
      return;
    }

  take_added (self, added);
  let_go_removed (self, removed);
  take_replaced (self, replaced);

  if (self->dirty)
    schedule_save (self);
}

/* Writes the list as it is now, in a thread; a failure is told by ::save-failed. */
static void
start_save (VtTaskStore *self)
{
  g_clear_handle_id (&self->save_source, vt_clock_source_remove);
  self->dirty = FALSE;
  self->saving = TRUE;
  vt_task_file_save_async (self->file, self->tasks, NULL, save_done_cb, g_object_ref (self));
}

/**
 * vt_task_store_flush:
 *
 * Writes unsaved changes now, blocking: for the end of the program, when no window is left
 * to freeze and the process must not end before the list is on disk. A save already under
 * way in a thread cannot overwrite what this writes.
 *
 * Returns: %FALSE, with @error set, when the list could not be written
 */
gboolean
vt_task_store_flush (VtTaskStore  *self,
                     GError      **error)
{
  g_return_val_if_fail (VT_IS_TASK_STORE (self), FALSE);

  if (self->file == NULL || !self->loaded || !self->can_save ||
      !vt_task_store_has_unsaved_changes (self))
    return TRUE;

  g_clear_handle_id (&self->save_source, vt_clock_source_remove);
  self->dirty = FALSE;
  if (!vt_task_file_save (self->file, self->tasks, error))
    {
      self->dirty = TRUE;
      return FALSE;
    }
  /* A save still under way in a thread cannot overwrite this one: nothing is left unsaved,
   * and a second flush (a signal's, then shutdown's) writes nothing again. */
  self->saving = FALSE;
  return TRUE;
}
