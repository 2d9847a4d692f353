/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-task-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vt-error.h"
#include "vt-task-store.h"

#define FORMAT_VERSION 1
#define SAVE_DELAY_MS 500

/* The tracked tasks, newest first, saved to a JSON file after every change. */
struct _VtTaskStore
{
  GObject     parent_instance;

  GPtrArray  *tasks;
  GHashTable *by_id;          /* id → VtTask, borrowed from tasks */
  GFile      *file;
  guint       n_pending;
  guint       save_source;
  gboolean    loaded;
  gboolean    saving;
  gboolean    dirty;
};

static void vt_task_store_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VtTaskStore, vt_task_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      vt_task_store_list_model_iface_init))

enum {
  PROP_0,
  PROP_LOADED,
  PROP_N_PENDING,
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

static void
update_n_pending (VtTaskStore *self)
{
  guint n = 0;

  for (guint i = 0; i < self->tasks->len; i++)
    if (!vt_task_is_finished (g_ptr_array_index (self->tasks, i)))
      n++;

  if (n != self->n_pending)
    {
      self->n_pending = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_PENDING]);
    }
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  VtTaskStore *self = user_data;

  self->save_source = 0;
  vt_task_store_save_async (self, NULL, NULL, NULL);
  return G_SOURCE_REMOVE;
}

/* Nothing is written before the saved list was read: it would overwrite it. */
static void
schedule_save (VtTaskStore *self)
{
  self->dirty = TRUE;

  if (self->file == NULL || !self->loaded || self->save_source != 0 || self->saving)
    return;

  self->save_source = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

static void
task_notify_cb (VtTask      *task,
                GParamSpec  *pspec,
                VtTaskStore *self)
{
  if (pspec->name == g_intern_static_string ("status"))
    update_n_pending (self);
  schedule_save (self);
}

static void
watch (VtTaskStore *self,
       VtTask      *task)
{
  g_signal_connect_object (task, "notify", G_CALLBACK (task_notify_cb), self, 0);
  g_hash_table_insert (self->by_id, (gpointer) vt_task_get_id (task), task);
}

static void
unwatch (VtTaskStore *self,
         VtTask      *task)
{
  g_signal_handlers_disconnect_by_func (task, task_notify_cb, self);
  g_hash_table_remove (self->by_id, vt_task_get_id (task));
}

static void
vt_task_store_dispose (GObject *object)
{
  VtTaskStore *self = (VtTaskStore *)object;

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (self->tasks != NULL)
    for (guint i = 0; i < self->tasks->len; i++)
      g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->tasks, i), task_notify_cb, self);

  G_OBJECT_CLASS (vt_task_store_parent_class)->dispose (object);
}

static void
vt_task_store_finalize (GObject *object)
{
  VtTaskStore *self = (VtTaskStore *)object;

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->tasks, g_ptr_array_unref);
  g_clear_object (&self->file);

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
  properties [PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0,
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
  VtTaskStore *self = g_object_new (VT_TYPE_TASK_STORE, NULL);

  g_return_val_if_fail (!file || G_IS_FILE (file), NULL);

  self->file = file != NULL ? g_object_ref (file) : NULL;
  if (file == NULL)
    self->loaded = TRUE;
  return self;
}

GFile *
vt_task_store_get_file (VtTaskStore *self)
{
  g_return_val_if_fail (VT_IS_TASK_STORE (self), NULL);
  return self->file;
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

gboolean
vt_task_store_find (VtTaskStore *self,
                    VtTask      *task,
                    guint       *position)
{
  g_return_val_if_fail (VT_IS_TASK_STORE (self), FALSE);
  g_return_val_if_fail (VT_IS_TASK (task), FALSE);

  return g_ptr_array_find (self->tasks, task, position);
}

/**
 * vt_task_store_add_ids:
 * @ids: task IDs, valid ones (see vt_task_ids_extract())
 * @existing: (out) (optional) (transfer container): the tasks that were already listed
 *
 * Adds new tasks at the top, in the order given.
 *
 * Returns: how many were added
 */
guint
vt_task_store_add_ids (VtTaskStore         *self,
                       const char * const  *ids,
                       GPtrArray          **existing)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint n;

  g_return_val_if_fail (VT_IS_TASK_STORE (self), 0);
  g_return_val_if_fail (ids != NULL, 0);

  if (existing != NULL)
    *existing = g_ptr_array_new_with_free_func (g_object_unref);

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
  update_n_pending (self);
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

  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  update_n_pending (self);
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
  update_n_pending (self);
  schedule_save (self);
  return TRUE;
}

/**
 * vt_task_store_remove_finished:
 *
 * Returns: (transfer container): the removed tasks, each with the position it had stored
 *   as "vt-position" data, for Undo
 */
GPtrArray *
vt_task_store_remove_finished (VtTaskStore *self)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *removed = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_before;

  g_return_val_if_fail (VT_IS_TASK_STORE (self), NULL);

  n_before = self->tasks->len;
  for (guint i = 0; i < self->tasks->len; i++)
    {
      VtTask *task = g_ptr_array_index (self->tasks, i);

      if (vt_task_is_finished (task))
        {
          g_object_set_data (G_OBJECT (task), "vt-position", GUINT_TO_POINTER (i));
          unwatch (self, task);
          g_ptr_array_add (removed, g_object_ref (task));
        }
      else
        g_ptr_array_add (kept, g_object_ref (task));
    }

  if (removed->len == 0)
    return removed;

  g_ptr_array_unref (self->tasks);
  self->tasks = g_steal_pointer (&kept);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n_before, self->tasks->len);
  update_n_pending (self);
  schedule_save (self);
  return removed;
}

/* Serialization */

static void
add_date (JsonBuilder *builder,
          const char  *name,
          GDateTime   *value)
{
  g_autofree char *text = NULL;

  if (value == NULL)
    return;

  text = g_date_time_format_iso8601 (value);
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

char *
vt_task_store_serialize (GListModel *tasks,
                         gsize      *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n = g_list_model_get_n_items (tasks);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  json_builder_set_member_name (builder, "tasks");
  json_builder_begin_array (builder);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VtTask) task = g_list_model_get_item (tasks, i);

      json_builder_begin_object (builder);
      add_string (builder, "id", vt_task_get_id (task));
      add_string (builder, "label", vt_task_get_label (task));
      add_string (builder, "status", vt_task_status_to_string (vt_task_get_status (task)));
      add_string (builder, "video_url", vt_task_get_video_url (task));
      add_date (builder, "link_issued", vt_task_get_link_issued (task));
      add_date (builder, "added", vt_task_get_added (task));
      add_date (builder, "last_checked", vt_task_get_last_checked (task));
      add_string (builder, "last_error", vt_task_get_last_error (task));
      add_string (builder, "file", vt_task_get_file_path (task));
      if (vt_task_get_api_code (task) != 0)
        {
          json_builder_set_member_name (builder, "api_code");
          json_builder_add_int_value (builder, vt_task_get_api_code (task));
        }
      if (vt_task_get_check_failed (task))
        {
          json_builder_set_member_name (builder, "check_failed");
          json_builder_add_boolean_value (builder, TRUE);
        }
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, length);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static GDateTime *
member_date (JsonObject *object,
             const char *name)
{
  const char *text = member_string (object, name);

  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

static VtTask *
task_from_json (JsonNode *node)
{
  g_autoptr(VtTask) task = NULL;
  g_autoptr(GDateTime) link_issued = NULL;
  g_autoptr(GDateTime) added = NULL;
  g_autoptr(GDateTime) last_checked = NULL;
  JsonObject *object;
  JsonNode *member;
  const char *id;
  const char *video_url;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);

  id = member_string (object, "id");
  if (id == NULL || *id == '\0')
    return NULL;

  task = vt_task_new (id);
  vt_task_set_label (task, member_string (object, "label"));
  vt_task_set_status (task, vt_task_status_from_string (member_string (object, "status")));

  added = member_date (object, "added");
  vt_task_set_added (task, added);
  last_checked = member_date (object, "last_checked");
  vt_task_set_last_checked (task, last_checked);
  link_issued = member_date (object, "link_issued");
  video_url = member_string (object, "video_url");
  vt_task_set_video_url (task, video_url, link_issued != NULL ? link_issued : last_checked);
  vt_task_set_last_error (task, member_string (object, "last_error"));
  vt_task_set_file_path (task, member_string (object, "file"));

  member = json_object_get_member (object, "api_code");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
      json_node_get_value_type (member) == G_TYPE_INT64)
    vt_task_set_api_code (task, (int) CLAMP (json_node_get_int (member), G_MININT, G_MAXINT));

  member = json_object_get_member (object, "check_failed");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
      json_node_get_value_type (member) == G_TYPE_BOOLEAN)
    vt_task_set_check_failed (task, json_node_get_boolean (member));

  return g_steal_pointer (&task);
}

/**
 * vt_task_store_parse:
 * @partial: (out): set when some entries could not be read and were left out
 *
 * Returns: (transfer container): the tasks, or %NULL when the file is not a task list
 */
GPtrArray *
vt_task_store_parse (const char  *data,
                     gsize        length,
                     gboolean    *partial,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *root;
  JsonObject *object;
  JsonNode *version;
  JsonNode *list;
  JsonArray *array;

  *partial = FALSE;

  if (length == 0 || length > G_MAXSSIZE ||
      !json_parser_load_from_data (parser, data, (gssize) length, NULL))
    goto not_a_list;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto not_a_list;
  object = json_node_get_object (root);

  version = json_object_get_member (object, "version");
  list = json_object_get_member (object, "tasks");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 ||
      json_node_get_int (version) != FORMAT_VERSION ||
      list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    goto not_a_list;

  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      VtTask *task = task_from_json (json_array_get_element (array, i));

      if (task == NULL || g_hash_table_contains (seen, vt_task_get_id (task)))
        {
          g_clear_object (&task);
          *partial = TRUE;
          continue;
        }

      g_ptr_array_add (tasks, task);
      g_hash_table_add (seen, (gpointer) vt_task_get_id (task));
    }

  return g_steal_pointer (&tasks);

not_a_list:
  g_set_error (error, VT_ERROR, VT_ERROR_TASK_LIST, "not a task list");
  return NULL;
}

/* Loading and saving, with the file work in a thread */

static GFile *
move_aside_name (GFile *file)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *base = g_file_get_basename (file);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *name = g_strdup_printf ("%s.unreadable-%s", base, stamp);

  return g_file_get_child (parent, name);
}

typedef struct
{
  GPtrArray *tasks;
  GError    *warning;   /* the list was read, but not all of it */
} LoadResult;

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->tasks, g_ptr_array_unref);
  g_clear_error (&result->warning);
  g_free (result);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GFile) aside = NULL;
  g_autofree char *aside_path = NULL;
  LoadResult *result = g_new0 (LoadResult, 1);
  gboolean partial = FALSE;
  gsize length = 0;

  if (!g_file_load_contents (file, cancellable, &data, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          result->tasks = g_ptr_array_new_with_free_func (g_object_unref);
          g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
          return;
        }

      load_result_free (result);
      g_task_return_new_error (task, VT_ERROR, VT_ERROR_TASK_LIST,
                               _("The saved task list could not be read: %s"), error->message);
      return;
    }

  result->tasks = vt_task_store_parse (data, length, &partial, NULL);
  if (result->tasks != NULL && !partial)
    {
      g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
      return;
    }

  /* Keep the original beside it, so nothing is lost, before the next save replaces it. */
  aside = move_aside_name (file);
  aside_path = g_file_get_path (aside);
  if (result->tasks == NULL)
    {
      if (!g_file_move (file, aside, G_FILE_COPY_NONE, cancellable, NULL, NULL, &error))
        {
          load_result_free (result);
          g_task_return_new_error (task, VT_ERROR, VT_ERROR_TASK_LIST,
                                   _("The saved task list is damaged and could not be moved "
                                     "aside: %s"), error->message);
          return;
        }
      result->tasks = g_ptr_array_new_with_free_func (g_object_unref);
      result->warning = g_error_new (VT_ERROR, VT_ERROR_TASK_LIST,
                                     _("The saved task list was damaged. It was kept as “%s” "
                                       "and a new list was started."), aside_path);
    }
  else
    {
      g_file_copy (file, aside, G_FILE_COPY_NONE, cancellable, NULL, NULL, NULL);
      result->warning = g_error_new (VT_ERROR, VT_ERROR_TASK_LIST,
                                     _("Some saved tasks could not be read and were left out. "
                                       "The original list was kept as “%s”."), aside_path);
    }

  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
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
      g_task_return_pointer (task, g_new0 (LoadResult, 1), (GDestroyNotify) load_result_free);
      return;
    }

  g_task_set_task_data (task, g_object_ref (self->file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

/**
 * vt_task_store_load_finish:
 *
 * Adds the saved tasks after any already in the store. The store counts as loaded (and
 * saves from now on) even when this fails: the error says what was kept where.
 *
 * Returns: %TRUE when the whole list was read
 */
gboolean
vt_task_store_load_finish (VtTaskStore   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  LoadResult *loaded;
  GError *local_error = NULL;
  gboolean ok = TRUE;
  guint before;
  guint added = 0;

  g_return_val_if_fail (VT_IS_TASK_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  loaded = g_task_propagate_pointer (G_TASK (result), &local_error);

  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADED]);
    }

  if (loaded == NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  before = self->tasks->len;
  for (guint i = 0; loaded->tasks != NULL && i < loaded->tasks->len; i++)
    {
      VtTask *task = g_ptr_array_index (loaded->tasks, i);

      if (g_hash_table_contains (self->by_id, vt_task_get_id (task)))
        continue;
      g_ptr_array_add (self->tasks, g_object_ref (task));
      watch (self, task);
      added++;
    }

  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), before, 0, added);
  update_n_pending (self);

  if (loaded->warning != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&loaded->warning));
      ok = FALSE;
    }

  /* Tasks added while the list was being read, or a list that was repaired. */
  if (self->dirty || !ok)
    schedule_save (self);

  load_result_free (loaded);
  return ok;
}

typedef struct
{
  GFile   *file;
  GBytes  *contents;
  guint64  sequence;
} SaveData;

/* Saves run in worker threads; the newest content must win whichever thread runs last. */
static GMutex save_mutex;
static guint64 save_sequence;
static guint64 saved_sequence;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->contents, g_bytes_unref);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autoptr(GFile) parent = g_file_get_parent (data->file);
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *contents = g_bytes_get_data (data->contents, &size);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&save_mutex);

  if (data->sequence < saved_sequence)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!g_file_make_directory_with_parents (parent, cancellable, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_task_return_new_error (task, VT_ERROR, VT_ERROR_TASK_LIST,
                               _("The task list could not be saved: %s"), error->message);
      return;
    }
  g_clear_error (&error);

  /* Written beside it and renamed over it: a crash leaves the old list or the new one. */
  if (!g_file_replace_contents (data->file, contents, size, NULL, FALSE,
                                G_FILE_CREATE_PRIVATE, NULL, cancellable, &error))
    {
      g_task_return_new_error (task, VT_ERROR, VT_ERROR_TASK_LIST,
                               _("The task list could not be saved: %s"), error->message);
      return;
    }

  saved_sequence = data->sequence;
  g_task_return_boolean (task, TRUE);
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  VtTaskStore *self = VT_TASK_STORE (object);
  g_autoptr(GTask) caller = user_data;
  GError *error = NULL;

  self->saving = FALSE;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_debug ("%s", error->message);
      g_signal_emit (self, signals [SAVE_FAILED], 0, error);
      if (caller != NULL)
        g_task_return_error (caller, error);
      else
        g_error_free (error);
      return;
    }

  if (self->dirty)
    schedule_save (self);

  if (caller != NULL)
    g_task_return_boolean (caller, TRUE);
}

/**
 * vt_task_store_save_async:
 *
 * Saves now. The store also saves by itself shortly after each change; this is for
 * shutdown and tests.
 */
void
vt_task_store_save_async (VtTaskStore         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) caller = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *text = NULL;
  SaveData *data;
  gsize length;

  g_return_if_fail (VT_IS_TASK_STORE (self));

  if (callback != NULL)
    {
      caller = g_task_new (self, cancellable, callback, user_data);
      g_task_set_source_tag (caller, vt_task_store_save_async);
    }

  if (self->file == NULL || !self->loaded)
    {
      if (caller != NULL)
        g_task_return_boolean (caller, TRUE);
      return;
    }

  g_clear_handle_id (&self->save_source, g_source_remove);
  self->dirty = FALSE;
  self->saving = TRUE;

  text = vt_task_store_serialize (G_LIST_MODEL (self), &length);
  data = g_new0 (SaveData, 1);
  data->file = g_object_ref (self->file);
  data->contents = g_bytes_new_take (g_steal_pointer (&text), length);
  g_mutex_lock (&save_mutex);
  data->sequence = ++save_sequence;
  g_mutex_unlock (&save_mutex);

  task = g_task_new (self, cancellable, save_done_cb, g_steal_pointer (&caller));
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
vt_task_store_save_finish (VtTaskStore   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (VT_IS_TASK_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
