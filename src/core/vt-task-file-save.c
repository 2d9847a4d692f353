/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-task-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "vt-error.h"
#include "vt-limits.h"
#include "vt-task-file-private.h"

/*
 * Saving the task list, one part of VtTaskFile (see vt-task-file.c): a snapshot of each
 * task's saved form on the main thread, then, in a thread, the lock, the merge with what is
 * on disk, and the write.
 *
 * Writes go beside the file and are renamed over it, so a crash leaves the old list or the
 * new one; when saves overlap, the newest content wins whichever thread runs last.
 *
 * Another instance of the app (another D-Bus session) may share the file. Each write holds
 * an advisory lock on "tasks.json.lock" and merges with what is on disk, by task ID: a task
 * on disk that this object never read nor wrote was added elsewhere and is kept (and handed
 * to the store); one it read or wrote that the store no longer has was removed here and is
 * dropped; one the store has that it read or wrote, and that is gone from disk, was removed
 * elsewhere and is dropped too (the store lets it go), unless it changed here since; for one
 * in both, the later change ("updated") wins, and the store takes the other's copy.
 */

static gboolean
identity_equal (const Identity *a,
                const Identity *b)
{
  return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
         a->mtime_ns == b->mtime_ns;
}

static void
identity_of_path (const char *path,
                  Identity   *identity)
{
  struct stat st;

  memset (identity, 0, sizeof *identity);
  if (g_stat (path, &st) != 0)
    return;
  identity->dev = st.st_dev;
  identity->ino = st.st_ino;
  identity->size = st.st_size;
  identity->mtime_ns = (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
}

static guint64
next_sequence (VtTaskFile *self)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  return ++self->sequence;
}

/* Returns: (transfer full): the list as it is now, a reference per task */
static GPtrArray *
snapshot (GPtrArray *tasks)
{
  GPtrArray *entries = g_ptr_array_new_full (tasks->len,
                                             (GDestroyNotify) vt_task_file_entry_unref);

  for (guint i = 0; i < tasks->len; i++)
    g_ptr_array_add (entries, vt_task_file_entry_of (g_ptr_array_index (tasks, i)));
  return entries;
}

/* The lock other instances' writes wait for, held from reading what is on disk until the
 * new list is in place. @deadline: the monotonic time to give up at, or -1 to wait as long
 * as it takes (a thread of a window that goes on may; the last save as the program ends may
 * not hang on an instance that is stuck). Returns: its descriptor, or -1 */
static int
lock_list (const char  *path,
           gint64       deadline,
           GError     **error)
{
  g_autofree char *lock_path = g_strconcat (path, ".lock", NULL);
  int fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  int saved_errno;

  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return -1;
    }
  while (flock (fd, LOCK_EX | (deadline >= 0 ? LOCK_NB : 0)) != 0)
    {
      if (errno == EINTR)
        continue;
      saved_errno = errno;
      if (saved_errno == EWOULDBLOCK && g_get_monotonic_time () < deadline)
        {
          g_usleep (VT_LIST_LOCK_RETRY_MS * 1000);
          continue;
        }
      close (fd);
      if (saved_errno == EWOULDBLOCK)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                             _("Another Video Tasks window held it for too long"));
      else
        g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                             g_strerror (saved_errno));
      return -1;
    }
  return fd;
}

/* What a merge found, for the store. */
typedef struct
{
  GPtrArray *added;      /* VtTask: on disk, added elsewhere */
  GPtrArray *removed;    /* char *: IDs this list has that were removed elsewhere */
  GPtrArray *replaced;   /* VtTask: on disk, changed elsewhere later than here */
} Changes;

static Changes *
changes_new (void)
{
  Changes *changes = g_new0 (Changes, 1);

  changes->added = g_ptr_array_new_with_free_func (g_object_unref);
  changes->removed = g_ptr_array_new_with_free_func (g_free);
  changes->replaced = g_ptr_array_new_with_free_func (g_object_unref);
  return changes;
}

static void
changes_free (Changes *changes)
{
  g_ptr_array_unref (changes->added);
  g_ptr_array_unref (changes->removed);
  g_ptr_array_unref (changes->replaced);
  g_free (changes);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Changes, changes_free)

/* Called with the mutex held. Returns: (transfer full): what to write: the tasks another
 * instance added (also put in @changes) first, then the list's, each as last changed,
 * without those removed elsewhere and not changed here since. @base gets what the file
 * will hold of the list, each as the base to judge the next save by. */
static GPtrArray *
merge (VtTaskFile *self,
       GPtrArray  *entries,
       GPtrArray  *disk,
       GHashTable *base,
       Changes    *changes)
{
  g_autoptr(GHashTable) theirs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) mine = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_full (entries->len,
                                                    (GDestroyNotify) vt_task_file_entry_unref);
  GPtrArray *merged;

  for (guint i = 0; i < disk->len; i++)
    {
      VtTask *task = g_ptr_array_index (disk, i);
      g_hash_table_insert (theirs, (gpointer) vt_task_get_id (task), task);
    }

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      VtTask *task = g_hash_table_lookup (theirs, entry->id);
      Entry *known = g_hash_table_lookup (self->base, entry->id);
      Entry *written;

      g_hash_table_add (mine, (gpointer) entry->id);
      if (task != NULL)
        {
          /* Changed later elsewhere; a list without "updated" loses to this one. */
          if (vt_task_file_get_updated (task) > entry->updated)
            {
              written = vt_task_file_entry_of (task);
              g_ptr_array_add (changes->replaced, g_object_ref (task));
            }
          else
            written = vt_task_file_entry_ref (entry);
        }
      else if (known != NULL && entry->updated <= known->updated)
        {
          /* Read or written here, gone from disk, not changed here since: removed elsewhere.
           * It stays in the base, as it was, until the list lets it go. */
          g_ptr_array_add (changes->removed, g_strdup (entry->id));
          vt_task_file_base_add (base, vt_task_file_entry_ref (known));
          continue;
        }
      else
        written = vt_task_file_entry_ref (entry);   /* new here, or changed here since */

      g_ptr_array_add (kept, written);
      vt_task_file_base_add (base, vt_task_file_entry_ref (written));
    }

  /* Added elsewhere: on disk, never in this list (one it had and no longer has was removed
   * here). They go first, as new tasks do. */
  merged = g_ptr_array_new_full (entries->len + 1, (GDestroyNotify) vt_task_file_entry_unref);
  for (guint i = 0; i < disk->len; i++)
    {
      VtTask *task = g_ptr_array_index (disk, i);
      const char *id = vt_task_get_id (task);

      if (g_hash_table_contains (mine, id) || g_hash_table_contains (self->base, id))
        continue;
      g_ptr_array_add (merged, vt_task_file_entry_of (task));
      g_ptr_array_add (changes->added, g_object_ref (task));
    }
  g_ptr_array_extend_and_steal (merged, g_steal_pointer (&kept));
  return merged;
}

/* Writes @entries, merged with what is on disk, unless newer contents were written already;
 * @changes gets what the merge found. */
static gboolean
write_list (VtTaskFile    *self,
            GPtrArray     *entries,
            guint64        sequence,
            Changes       *changes,
            gint64         lock_deadline,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  const char *path = g_file_peek_path (self->file);
  g_autoptr(GFile) parent = g_file_get_parent (self->file);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) disk = NULL;
  g_autoptr(GPtrArray) merged = NULL;
  g_autoptr(GHashTable) base = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *data = NULL;
  Identity identity = { 0 };
  gboolean partial = FALSE;
  gboolean newer = FALSE;
  gsize length = 0;
  gsize size;
  int lock_fd;
  gboolean written;

  if (self->keep)
    {
      g_set_error_literal (error, VT_ERROR, VT_ERROR_TASK_LIST,
                           _("The task list was not saved: the saved list could not be read, "
                             "and was left as it is."));
      return FALSE;
    }

  if (sequence < self->saved_sequence)
    return TRUE;

  /* Another thread's write (or the last save, on the main thread) may go on meanwhile: the
   * lock file orders them, and the mutex is not held while waiting for it. */
  g_clear_pointer (&locker, g_mutex_locker_free);

  if (!g_file_make_directory_with_parents (parent, cancellable, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_set_error (error, VT_ERROR, VT_ERROR_TASK_LIST,
                   _("The task list could not be saved: %s"), local_error->message);
      return FALSE;
    }
  g_clear_error (&local_error);

  lock_fd = lock_list (path, lock_deadline, &local_error);
  if (lock_fd < 0)
    {
      g_set_error (error, VT_ERROR, VT_ERROR_TASK_LIST,
                   _("The task list could not be saved: %s"), local_error->message);
      return FALSE;
    }

  locker = g_mutex_locker_new (&self->mutex);
  if (sequence < self->saved_sequence)
    {
      close (lock_fd);
      return TRUE;
    }

  if (vt_task_file_read_list (path, &data, &length, &identity, &local_error))
    {
      disk = vt_task_file_parse_full (data, length, &partial, &newer);
      /* A partly readable list is written over only when it is the one read at the start
       * (and copied aside then); anything else someone put there is left alone. */
      if (disk == NULL || (partial && !identity_equal (&identity, &self->known)))
        {
          close (lock_fd);
          g_set_error_literal (error, VT_ERROR, VT_ERROR_TASK_LIST,
                               newer ? _("The task list was not saved: a newer version of "
                                         "Video Tasks has written it since.")
                                     : _("The task list was not saved: another program has "
                                         "changed it since, and it cannot be read."));
          return FALSE;
        }
    }
  else if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      close (lock_fd);
      g_set_error (error, VT_ERROR, VT_ERROR_TASK_LIST,
                   _("The task list was not saved: the saved list could not be read: %s"),
                   local_error->message);
      return FALSE;
    }
  g_clear_error (&local_error);

  base = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                (GDestroyNotify) vt_task_file_entry_unref);
  if (disk != NULL)
    merged = merge (self, entries, disk, base, changes);
  else
    {
      merged = g_ptr_array_ref (entries);
      for (guint i = 0; i < entries->len; i++)
        vt_task_file_base_add (base, vt_task_file_entry_ref (g_ptr_array_index (entries, i)));
    }
  contents = vt_task_file_join_entries (merged);
  g_clear_pointer (&data, g_free);
  data = g_bytes_unref_to_data (g_steal_pointer (&contents), &size);
  written = g_file_replace_contents (self->file, data, size, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                     NULL, cancellable, &local_error);
  if (written)
    {
      /* What another instance added is in the base once the store has it (adopt). */
      g_hash_table_unref (self->base);
      self->base = g_steal_pointer (&base);
      identity_of_path (path, &self->known);
      self->saved_sequence = sequence;
    }
  close (lock_fd);

  if (!written)
    {
      g_set_error (error, VT_ERROR, VT_ERROR_TASK_LIST,
                   _("The task list could not be saved: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  GPtrArray *entries;     /* the list when the save was asked for */
  guint64    sequence;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_pointer (&data->entries, g_ptr_array_unref);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autoptr(Changes) changes = changes_new ();
  GError *error = NULL;

  if (write_list (source_object, data->entries, data->sequence, changes, -1, cancellable,
                  &error))
    g_task_return_pointer (task, g_steal_pointer (&changes), (GDestroyNotify) changes_free);
  else
    g_task_return_error (task, error);
}

/**
 * vt_task_file_save_async:
 * @tasks: (element-type VtTask): the list, first to last
 *
 * Takes the list as it is now (a reference to each task's saved form, made again only for
 * tasks that changed) and merges and writes it in a thread.
 */
void
vt_task_file_save_async (VtTaskFile          *self,
                         GPtrArray           *tasks,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (VT_IS_TASK_FILE (self));
  g_return_if_fail (tasks != NULL);

  data = g_new0 (SaveData, 1);
  data->entries = snapshot (tasks);
  data->sequence = next_sequence (self);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_task_file_save_async);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

/**
 * vt_task_file_save_finish:
 * @added: (out) (optional) (transfer container): tasks another instance added to the file,
 *   written with the list; give each one taken to vt_task_file_adopt()
 * @removed: (out) (optional) (transfer container) (element-type utf8): IDs of tasks of the
 *   list that another instance removed, and that were not written; the list lets each go
 *   when vt_task_file_removed_elsewhere() says it has not changed since
 * @replaced: (out) (optional) (transfer container): tasks of the list that another instance
 *   changed later than this one, as written; see vt_task_file_take_saved()
 */
gboolean
vt_task_file_save_finish (VtTaskFile    *self,
                          GAsyncResult  *result,
                          GPtrArray    **added,
                          GPtrArray    **removed,
                          GPtrArray    **replaced,
                          GError       **error)
{
  g_autoptr(Changes) changes = NULL;

  g_return_val_if_fail (VT_IS_TASK_FILE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  changes = g_task_propagate_pointer (G_TASK (result), error);
  if (changes == NULL)
    return FALSE;
  if (added != NULL)
    *added = g_ptr_array_ref (changes->added);
  if (removed != NULL)
    *removed = g_ptr_array_ref (changes->removed);
  if (replaced != NULL)
    *replaced = g_ptr_array_ref (changes->replaced);
  return TRUE;
}

/* Whether @task, which another instance removed from the file, is still as it was when this
 * one last read or wrote it (so that it goes), rather than changed here since (so that it
 * stays, and is written back). */
gboolean
vt_task_file_removed_elsewhere (VtTaskFile *self,
                                VtTask     *task)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = NULL;
  Entry *known;

  g_return_val_if_fail (VT_IS_TASK_FILE (self), FALSE);
  g_return_val_if_fail (VT_IS_TASK (task), FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  known = g_hash_table_lookup (self->base, vt_task_get_id (task));
  return known != NULL && vt_task_file_get_updated (task) <= known->updated;
}

/* The list has taken @task, which another instance added: removing it now removes it from
 * the file too. */
void
vt_task_file_adopt (VtTaskFile *self,
                    VtTask     *task)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (VT_IS_TASK_FILE (self));
  g_return_if_fail (VT_IS_TASK (task));

  locker = g_mutex_locker_new (&self->mutex);
  vt_task_file_base_add (self->base, vt_task_file_entry_of (task));
}

/* Writes the list now, on this thread: for the last save as the program ends. It gives up
 * when another instance holds the list's lock for too long (VT_LIST_LOCK_WAIT_MS). */
gboolean
vt_task_file_save (VtTaskFile    *self,
                   GPtrArray     *tasks,
                   GError       **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(Changes) changes = NULL;

  g_return_val_if_fail (VT_IS_TASK_FILE (self), FALSE);
  g_return_val_if_fail (tasks != NULL, FALSE);

  entries = snapshot (tasks);
  changes = changes_new ();
  return write_list (self, entries, next_sequence (self), changes,
                     g_get_monotonic_time () + VT_LIST_LOCK_WAIT_MS * 1000, NULL, error);
}
