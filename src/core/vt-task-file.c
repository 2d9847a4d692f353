/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-task-file"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vt-error.h"
#include "vt-limits.h"
#include "vt-task-file.h"

/*
 * The saved task list: its JSON format, and reading and writing it off the main thread.
 * Writes go beside the file and are renamed over it, so a crash leaves the old list or the
 * new one; when saves overlap, the newest content wins whichever thread runs last.
 */

#define FORMAT_VERSION 1

struct _VtTaskFile
{
  GObject  parent_instance;

  GFile   *file;
  GMutex   mutex;             /* guards the sequences and the writing */
  guint64  sequence;          /* of the newest content handed in */
  guint64  saved_sequence;    /* of the newest content written */
};

G_DEFINE_FINAL_TYPE (VtTaskFile, vt_task_file, G_TYPE_OBJECT)

static void
vt_task_file_finalize (GObject *object)
{
  VtTaskFile *self = (VtTaskFile *)object;

  g_clear_object (&self->file);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (vt_task_file_parent_class)->finalize (object);
}

static void
vt_task_file_class_init (VtTaskFileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vt_task_file_finalize;
}

static void
vt_task_file_init (VtTaskFile *self)
{
  g_mutex_init (&self->mutex);
}

VtTaskFile *
vt_task_file_new (GFile *file)
{
  VtTaskFile *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (VT_TYPE_TASK_FILE, NULL);
  self->file = g_object_ref (file);
  return self;
}

/* The format */

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

static char *
serialize (GListModel *tasks,
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
      add_string (builder, "kind", vt_task_kind_to_string (vt_task_get_kind (task)));
      add_string (builder, "status", vt_task_status_to_string (vt_task_get_status (task)));
      add_string (builder, "video_url", vt_task_get_video_url (task));
      add_string (builder, "backup_url", vt_task_get_backup_url (task));
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

/* Loading */

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

/* kill -9 during a save leaves g_file_replace_contents()'s temporary beside the list;
 * at the next start, ones old enough to belong to no save still running are removed. */
static void
remove_stale_temporaries (GFile        *file,
                          GCancellable *cancellable)
{
  g_autoptr(GFile) folder = g_file_get_parent (file);
  g_autoptr(GFileEnumerator) children = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GFileInfo *info;
  GFile *child;

  children = g_file_enumerate_children (folder,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                        G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, NULL);
  while (children != NULL &&
         g_file_enumerator_iterate (children, &info, &child, cancellable, NULL) && info != NULL)
    {
      if (g_str_has_prefix (g_file_info_get_name (info), ".goutputstream-") &&
          g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
          (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) +
            VT_STALE_TEMPORARY_AGE <= now &&
          g_file_delete (child, cancellable, NULL))
        g_debug ("Removed %s, left by an earlier run", g_file_info_get_name (info));
    }
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = VT_TASK_FILE (source_object)->file;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GFile) aside = NULL;
  g_autofree char *aside_path = NULL;
  LoadResult *result = g_new0 (LoadResult, 1);
  gboolean partial = FALSE;
  gsize length = 0;

  remove_stale_temporaries (file, cancellable);

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

  result->tasks = vt_task_file_parse (data, length, &partial);
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

/**
 * vt_task_file_load_async:
 *
 * Reads the list in a thread. A missing file is an empty list; a damaged one is moved
 * aside (or copied, when part of it could be read) so that nothing is lost.
 */
void
vt_task_file_load_async (VtTaskFile          *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VT_IS_TASK_FILE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_task_file_load_async);
  g_task_run_in_thread (task, load_thread);
}

/**
 * vt_task_file_load_finish:
 * @warning: (out) (optional): set when the list was read, but not all of it
 *
 * Returns: (transfer container) (nullable): the tasks, or %NULL when the file could not be
 *   read at all
 */
GPtrArray *
vt_task_file_load_finish (VtTaskFile    *self,
                          GAsyncResult  *result,
                          GError       **warning,
                          GError       **error)
{
  LoadResult *loaded;
  GPtrArray *tasks;

  g_return_val_if_fail (VT_IS_TASK_FILE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return NULL;

  tasks = g_steal_pointer (&loaded->tasks);
  if (loaded->warning != NULL)
    g_propagate_error (warning, g_steal_pointer (&loaded->warning));
  load_result_free (loaded);
  return tasks;
}

/* Saving */

static guint64
next_sequence (VtTaskFile *self)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  return ++self->sequence;
}

/* Writes @contents unless newer contents were written already. */
static gboolean
write_contents (VtTaskFile    *self,
                GBytes        *contents,
                guint64        sequence,
                GCancellable  *cancellable,
                GError       **error)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr(GFile) parent = g_file_get_parent (self->file);
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (contents, &size);

  if (sequence < self->saved_sequence)
    return TRUE;

  if (!g_file_make_directory_with_parents (parent, cancellable, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_set_error (error, VT_ERROR, VT_ERROR_TASK_LIST,
                   _("The task list could not be saved: %s"), local_error->message);
      return FALSE;
    }
  g_clear_error (&local_error);

  if (!g_file_replace_contents (self->file, data, size, NULL, FALSE,
                                G_FILE_CREATE_PRIVATE, NULL, cancellable, &local_error))
    {
      g_set_error (error, VT_ERROR, VT_ERROR_TASK_LIST,
                   _("The task list could not be saved: %s"), local_error->message);
      return FALSE;
    }

  self->saved_sequence = sequence;
  return TRUE;
}

typedef struct
{
  GBytes  *contents;
  guint64  sequence;
} SaveData;

static void
save_data_free (SaveData *data)
{
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
  GError *error = NULL;

  if (write_contents (source_object, data->contents, data->sequence, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static GBytes *
serialize_bytes (GListModel *tasks)
{
  gsize length;
  char *text = serialize (tasks, &length);

  return g_bytes_new_take (text, length);
}

/* Takes the list as it is now and writes it in a thread. */
void
vt_task_file_save_async (VtTaskFile          *self,
                         GListModel          *tasks,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (VT_IS_TASK_FILE (self));
  g_return_if_fail (G_IS_LIST_MODEL (tasks));

  data = g_new0 (SaveData, 1);
  data->contents = serialize_bytes (tasks);
  data->sequence = next_sequence (self);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_task_file_save_async);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
vt_task_file_save_finish (VtTaskFile    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (VT_IS_TASK_FILE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Writes the list now, on this thread: for the last save as the program ends. */
gboolean
vt_task_file_save (VtTaskFile    *self,
                   GListModel    *tasks,
                   GError       **error)
{
  g_autoptr(GBytes) contents = NULL;

  g_return_val_if_fail (VT_IS_TASK_FILE (self), FALSE);
  g_return_val_if_fail (G_IS_LIST_MODEL (tasks), FALSE);

  contents = serialize_bytes (tasks);
  return write_contents (self, contents, next_sequence (self), NULL, error);
}
