/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-task-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "vt-error.h"
#include "vt-limits.h"
#include "vt-task-file-private.h"

/*
 * The saved task list, read and written off the main thread. VtTaskFile is in four files:
 * this one holds the object and loading; vt-task-file-read.c reads the JSON format into
 * tasks; vt-task-file-entry.c makes each task's saved form; vt-task-file-save.c saves
 * (snapshot, lock, merge with another instance's writes, write). vt-task-file-private.h
 * holds what they share.
 *
 * A list this run could not read (an error other than "not found", not a regular file, or
 * damaged and not moved aside) is never written over: vt_task_file_can_save() says so.
 */

G_DEFINE_FINAL_TYPE (VtTaskFile, vt_task_file, G_TYPE_OBJECT)

static void
vt_task_file_finalize (GObject *object)
{
  VtTaskFile *self = (VtTaskFile *)object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->base, g_hash_table_unref);
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
  self->base = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify) vt_task_file_entry_unref);
}

VtTaskFile *
vt_task_file_new (GFile *file)
{
  VtTaskFile *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (g_file_peek_path (file) != NULL, NULL);

  self = g_object_new (VT_TYPE_TASK_FILE, NULL);
  self->file = g_object_ref (file);
  return self;
}

/* Reading */

/* Reads the list at @path without blocking on what is not a regular file (a FIFO would
 * block open() and read() for ever). */
gboolean
vt_task_file_read_list (const char  *path,
                        char       **contents,
                        gsize       *length,
                        Identity    *identity,
                        GError     **error)
{
  g_autoptr(GByteArray) data = NULL;
  struct stat st;
  int fd;
  int saved_errno;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                           _("It is not a regular file"));
      return FALSE;
    }

  data = g_byte_array_sized_new (st.st_size + 1);
  for (;;)
    {
      guint8 buffer[64 * 1024];
      gssize n = read (fd, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved_errno = errno;
          close (fd);
          g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0)
        break;
      g_byte_array_append (data, buffer, n);
    }
  close (fd);

  identity->dev = st.st_dev;
  identity->ino = st.st_ino;
  identity->size = st.st_size;
  identity->mtime_ns = (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
  *length = data->len;
  g_byte_array_append (data, (const guint8 *) "", 1);
  *contents = (char *) g_byte_array_free (g_steal_pointer (&data), FALSE);
  return TRUE;
}

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

/* Called with the mutex held: @tasks (nullable) are what the file now holds. */
static void
set_base (VtTaskFile     *self,
          GPtrArray      *tasks,
          const Identity *identity)
{
  g_hash_table_remove_all (self->base);
  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    vt_task_file_base_add (self->base, vt_task_file_entry_of (g_ptr_array_index (tasks, i)));
  if (identity != NULL)
    self->known = *identity;
  else
    memset (&self->known, 0, sizeof self->known);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  VtTaskFile *self = source_object;
  GFile *file = self->file;
  const char *path = g_file_peek_path (file);
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GFile) aside = NULL;
  g_autofree char *aside_path = NULL;
  LoadResult *result = g_new0 (LoadResult, 1);
  Identity identity = { 0 };
  gboolean partial = FALSE;
  gboolean newer = FALSE;
  gsize length = 0;

  remove_stale_temporaries (file, cancellable);

  if (!vt_task_file_read_list (path, &data, &length, &identity, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          set_base (self, NULL, NULL);
          result->tasks = g_ptr_array_new_with_free_func (g_object_unref);
          g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
          return;
        }

      /* Permission denied, a folder or a FIFO there…: what it holds is unknown, so it is
       * not written over. */
      self->keep = TRUE;
      load_result_free (result);
      g_task_return_new_error (task, VT_ERROR, VT_ERROR_TASK_LIST,
                               _("The saved task list “%s” could not be read: %s. It was left "
                                 "as it is, and changes made now will not be saved."),
                               path, error->message);
      return;
    }

  result->tasks = vt_task_file_parse_full (data, length, &partial, &newer);
  if (result->tasks != NULL && !partial)
    {
      set_base (self, result->tasks, &identity);
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
          /* GIO's message names the copy that was not made: the user is not told of it. */
          g_debug ("%s", error->message);
          self->keep = TRUE;
          load_result_free (result);
          if (newer)
            g_task_return_new_error (task, VT_ERROR, VT_ERROR_TASK_LIST,
                                     _("The saved task list “%s” was made by a newer version of "
                                       "Video Tasks and could not be moved aside. It was left "
                                       "as it is, and changes made now will not be saved."),
                                     path);
          else
            g_task_return_new_error (task, VT_ERROR, VT_ERROR_TASK_LIST,
                                     _("The saved task list “%s” is damaged and could not be "
                                       "moved aside. It was left as it is, and changes made now "
                                       "will not be saved."), path);
          return;
        }
      set_base (self, NULL, NULL);
      result->tasks = g_ptr_array_new_with_free_func (g_object_unref);
      if (newer)
        result->warning = g_error_new (VT_ERROR, VT_ERROR_TASK_LIST,
                                       _("The saved task list was made by a newer version of "
                                         "Video Tasks. It was kept, unchanged, as “%s”, and a "
                                         "new list was started."), aside_path);
      else
        result->warning = g_error_new (VT_ERROR, VT_ERROR_TASK_LIST,
                                       _("The saved task list was damaged. It was kept as “%s” "
                                         "and a new list was started."), aside_path);
    }
  else
    {
      if (!g_file_copy (file, aside, G_FILE_COPY_NONE, cancellable, NULL, NULL, &error))
        {
          /* A copy cut short is no copy; a file that was there already is not ours. */
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
            g_file_delete (aside, NULL, NULL);
          g_debug ("%s", error->message);
          self->keep = TRUE;
          result->warning = g_error_new (VT_ERROR, VT_ERROR_TASK_LIST,
                                         _("Some saved tasks in “%s” could not be read and were "
                                           "left out, and no copy of the list could be made. It "
                                           "was left as it is, and changes made now will not be "
                                           "saved."), path);
        }
      else
        {
          set_base (self, result->tasks, &identity);
          result->warning = g_error_new (VT_ERROR, VT_ERROR_TASK_LIST,
                                         _("Some saved tasks could not be read and were left "
                                           "out. The original list was kept as “%s”."),
                                         aside_path);
        }
    }

  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

/**
 * vt_task_file_load_async:
 *
 * Reads the list in a thread. A missing file is an empty list; a damaged one is moved
 * aside (or copied, when part of it could be read) so that nothing is lost. One that cannot
 * be read, or kept aside, is left as it is and never written (vt_task_file_can_save()).
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

/**
 * vt_task_file_can_save:
 *
 * Returns: %FALSE when the list could not be read (or kept aside) at loading, so that it must
 *   not be written over in this run
 */
gboolean
vt_task_file_can_save (VtTaskFile *self)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (VT_IS_TASK_FILE (self), FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  return !self->keep;
}
