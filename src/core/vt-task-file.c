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
#include "vt-task-file.h"

/*
 * The saved task list: its JSON format, and reading and writing it off the main thread.
 * Writes go beside the file and are renamed over it, so a crash leaves the old list or the
 * new one; when saves overlap, the newest content wins whichever thread runs last.
 *
 * Another instance of the app (another D-Bus session) may share the file. Each write holds
 * an advisory lock on "tasks.json.lock" and merges with what is on disk, by task ID: a task
 * on disk that this object never read nor wrote was added elsewhere and is kept (and handed
 * to the store); one it read or wrote that the store no longer has was removed here and is
 * dropped; for one in both, the later change ("updated") wins.
 *
 * A list this run could not read (an error other than "not found", not a regular file, or
 * damaged and not moved aside) is never written over: vt_task_file_can_save() says so.
 */

#define FORMAT_VERSION 1

/* The file as last read or written, to know whether someone else wrote it since. */
typedef struct
{
  dev_t  dev;
  ino_t  ino;
  off_t  size;
  gint64 mtime_ns;
} Identity;

struct _VtTaskFile
{
  GObject     parent_instance;

  GFile      *file;
  GMutex      mutex;          /* guards what follows, and the writing */
  guint64     sequence;       /* of the newest content handed in */
  guint64     saved_sequence; /* of the newest content written */
  GHashTable *base;           /* IDs last read or written here (and adopted since) */
  Identity    known;          /* the file those were read from or written to */
  gboolean    keep;           /* the list could not be read: never write over it */
};

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
  self->base = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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

/* The format: each task is kept as its JSON object, made again only after it changed, so
 * that a save's snapshot on the main thread is a reference per task and the writer thread
 * joins them. */

/* A task as saved: immutable, shared with the writer thread. */
typedef struct
{
  gint64      updated;    /* when the task last changed, µs since the epoch; 0 unknown */
  const char *id;         /* in the same block */
  gsize       length;
  char        json[];
} Entry;

static Entry *
entry_ref (Entry *entry)
{
  return g_atomic_rc_box_acquire (entry);
}

static void
entry_unref (Entry *entry)
{
  g_atomic_rc_box_release (entry);
}

/* What the list knows of a task, kept on it (main thread only, once the task is listed). */
typedef struct
{
  gint64  updated;
  Entry  *entry;          /* NULL once the task changed */
} Record;

static GQuark
record_quark (void)
{
  static gsize quark = 0;

  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark, g_quark_from_static_string ("vt-task-file-record"));
  return (GQuark) quark;
}

static void
record_free (Record *record)
{
  g_clear_pointer (&record->entry, entry_unref);
  g_free (record);
}

static Record *
record_of (VtTask *task)
{
  Record *record = g_object_get_qdata (G_OBJECT (task), record_quark ());

  if (record == NULL)
    {
      record = g_new0 (Record, 1);
      g_object_set_qdata_full (G_OBJECT (task), record_quark (), record,
                               (GDestroyNotify) record_free);
    }
  return record;
}

/**
 * vt_task_file_task_changed:
 * @when: when, in µs since the epoch (the reader passes the saved "updated")
 *
 * Told by the list of each change of a task: its saved form is made again at the next save,
 * and a change made elsewhere before @when loses to it.
 */
void
vt_task_file_task_changed (VtTask *task,
                           gint64  when)
{
  Record *record;

  g_return_if_fail (VT_IS_TASK (task));

  record = record_of (task);
  record->updated = when;
  g_clear_pointer (&record->entry, entry_unref);
}

/* Returns: when @task last changed, as far as the list knows; 0 when it does not */
gint64
vt_task_file_get_updated (VtTask *task)
{
  Record *record;

  g_return_val_if_fail (VT_IS_TASK (task), 0);

  record = g_object_get_qdata (G_OBJECT (task), record_quark ());
  return record != NULL ? record->updated : 0;
}

/* A JSON string; text that is not UTF-8 (a file name, say) is made so, or the whole list
 * would be unreadable next time. */
static void
append_json_string (GString    *out,
                    const char *value)
{
  g_autofree char *valid = NULL;
  const char *run;
  const char *p;

  if (!g_utf8_validate (value, -1, NULL))
    value = valid = g_utf8_make_valid (value, -1);

  g_string_append_c (out, '"');
  for (run = p = value; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
        }
      else
        g_string_append_printf (out, "\\u%04x", c);
      run = p + 1;
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static void
add_name (GString    *out,
          const char *name)
{
  if (out->len > 1)
    g_string_append_c (out, ',');
  g_string_append_c (out, '"');
  g_string_append (out, name);
  g_string_append (out, "\":");
}

static void
add_string (GString    *out,
            const char *name,
            const char *value)
{
  if (value == NULL)
    return;

  add_name (out, name);
  append_json_string (out, value);
}

static void
add_date (GString    *out,
          const char *name,
          GDateTime  *value)
{
  g_autofree char *text = NULL;

  if (value == NULL)
    return;

  text = g_date_time_format_iso8601 (value);
  add_string (out, name, text);
}

static void
add_time (GString    *out,
          const char *name,
          gint64      usec)
{
  g_autoptr(GDateTime) seconds = NULL;
  g_autoptr(GDateTime) value = NULL;

  if (usec <= 0)
    return;

  seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  value = seconds != NULL ? g_date_time_add (seconds, usec % G_USEC_PER_SEC) : NULL;
  add_date (out, name, value);
}

static void
add_int (GString    *out,
         const char *name,
         gint64      value)
{
  add_name (out, name);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

static void
add_true (GString    *out,
          const char *name)
{
  add_name (out, name);
  g_string_append (out, "true");
}

/* The task's JSON object, one line per member. */
static Entry *
serialize_task (VtTask *task,
                gint64  updated)
{
  g_autoptr(GString) out = g_string_sized_new (512);
  const char *id = vt_task_get_id (task);
  gsize id_size = strlen (id) + 1;
  Entry *entry;

  g_string_append_c (out, '{');
  add_string (out, "id", id);
  add_string (out, "label", vt_task_get_label (task));
  add_string (out, "kind", vt_task_kind_to_string (vt_task_get_kind (task)));
  add_string (out, "status", vt_task_status_to_string (vt_task_get_status (task)));
  add_string (out, "video_url", vt_task_get_video_url (task));
  add_string (out, "backup_url", vt_task_get_backup_url (task));
  add_date (out, "link_issued", vt_task_get_link_issued (task));
  add_date (out, "added", vt_task_get_added (task));
  add_date (out, "created", vt_task_get_created (task));
  add_date (out, "last_checked", vt_task_get_last_checked (task));
  add_string (out, "last_error", vt_task_get_last_error (task));
  add_string (out, "file", vt_task_get_file_path (task));
  if (vt_task_get_api_code (task) != 0)
    add_int (out, "api_code", vt_task_get_api_code (task));
  if (vt_task_get_check_failed (task))
    add_true (out, "check_failed");
  add_time (out, "updated", updated);
  g_string_append_c (out, '}');

  entry = g_atomic_rc_box_alloc (sizeof (Entry) + out->len + 1 + id_size);
  entry->updated = updated;
  entry->length = out->len;
  memcpy (entry->json, out->str, out->len + 1);
  entry->id = memcpy (entry->json + out->len + 1, id, id_size);
  return entry;
}

/* Returns: (transfer full): the task's saved form, made now if it changed */
static Entry *
entry_of (VtTask *task)
{
  Record *record = record_of (task);

  if (record->entry == NULL)
    record->entry = serialize_task (task, record->updated);
  return entry_ref (record->entry);
}

/* Returns: (transfer full): the whole file */
static GBytes *
join_entries (GPtrArray *entries)
{
  static const char head[] = "{\"version\":" G_STRINGIFY (FORMAT_VERSION) ",\"tasks\":[";
  static const char tail[] = "\n]}\n";
  gsize size = sizeof head + sizeof tail;
  char *data, *p;

  for (guint i = 0; i < entries->len; i++)
    size += ((Entry *) entries->pdata[i])->length + 2;

  p = data = g_malloc (size);
  memcpy (p, head, sizeof head - 1);
  p += sizeof head - 1;
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = entries->pdata[i];

      if (i > 0)
        *p++ = ',';
      *p++ = '\n';
      memcpy (p, entry->json, entry->length);
      p += entry->length;
    }
  memcpy (p, tail, sizeof tail - 1);
  p += sizeof tail - 1;
  return g_bytes_new_take (data, p - data);
}

/* Reading */

/* Reads the list at @path without blocking on what is not a regular file (a FIFO would
 * block open() and read() for ever). */
static gboolean
read_list (const char  *path,
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

/* Gives each task read its saved form here, off the main thread, so that the first save
 * after start-up does not make them all there. */
static void
make_entries (GPtrArray *tasks)
{
  for (guint i = 0; i < tasks->len; i++)
    entry_unref (entry_of (g_ptr_array_index (tasks, i)));
}

/* Called with the mutex held: @tasks (nullable) are what the file now holds. */
static void
set_base (VtTaskFile     *self,
          GPtrArray      *tasks,
          const Identity *identity)
{
  g_hash_table_remove_all (self->base);
  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    g_hash_table_add (self->base, g_strdup (vt_task_get_id (g_ptr_array_index (tasks, i))));
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

  if (!read_list (path, &data, &length, &identity, &error))
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
      make_entries (result->tasks);
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
      make_entries (result->tasks);
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

/* Saving */

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
  GPtrArray *entries = g_ptr_array_new_full (tasks->len, (GDestroyNotify) entry_unref);

  for (guint i = 0; i < tasks->len; i++)
    g_ptr_array_add (entries, entry_of (g_ptr_array_index (tasks, i)));
  return entries;
}

/* The lock other instances' writes wait for, held from reading what is on disk until the
 * new list is in place. Returns: its descriptor, or -1 */
static int
lock_list (const char  *path,
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
  while (flock (fd, LOCK_EX) != 0)
    {
      if (errno == EINTR)
        continue;
      saved_errno = errno;
      close (fd);
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return -1;
    }
  return fd;
}

/* Called with the mutex held. Returns: (transfer full): what to write: the tasks another
 * instance added (also put in @added) first, then the list's, each as last changed. */
static GPtrArray *
merge (VtTaskFile *self,
       GPtrArray  *entries,
       GPtrArray  *disk,
       GPtrArray  *added)
{
  g_autoptr(GHashTable) mine = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) theirs = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *merged = g_ptr_array_new_full (entries->len + 1, (GDestroyNotify) entry_unref);

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      g_hash_table_insert (mine, (gpointer) entry->id, entry);
    }

  for (guint i = 0; i < disk->len; i++)
    {
      VtTask *task = g_ptr_array_index (disk, i);
      const char *id = vt_task_get_id (task);

      if (g_hash_table_contains (mine, id))
        g_hash_table_insert (theirs, (gpointer) id, task);
      else if (!g_hash_table_contains (self->base, id))
        {
          /* Added elsewhere (not removed here: this list never had it). */
          g_ptr_array_add (merged, entry_of (task));
          g_ptr_array_add (added, g_object_ref (task));
        }
    }

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      VtTask *task = g_hash_table_lookup (theirs, entry->id);

      /* Changed later elsewhere; a list without "updated" loses to this one. */
      if (task != NULL && vt_task_file_get_updated (task) > entry->updated)
        g_ptr_array_add (merged, entry_of (task));
      else
        g_ptr_array_add (merged, entry_ref (entry));
    }
  return merged;
}

/* Writes @entries, merged with what is on disk, unless newer contents were written already;
 * @added gets the tasks another instance added. */
static gboolean
write_list (VtTaskFile    *self,
            GPtrArray     *entries,
            guint64        sequence,
            GPtrArray     *added,
            GCancellable  *cancellable,
            GError       **error)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  const char *path = g_file_peek_path (self->file);
  g_autoptr(GFile) parent = g_file_get_parent (self->file);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) disk = NULL;
  g_autoptr(GPtrArray) merged = NULL;
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

  if (!g_file_make_directory_with_parents (parent, cancellable, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_set_error (error, VT_ERROR, VT_ERROR_TASK_LIST,
                   _("The task list could not be saved: %s"), local_error->message);
      return FALSE;
    }
  g_clear_error (&local_error);

  lock_fd = lock_list (path, &local_error);
  if (lock_fd < 0)
    {
      g_set_error (error, VT_ERROR, VT_ERROR_TASK_LIST,
                   _("The task list could not be saved: %s"), local_error->message);
      return FALSE;
    }

  if (read_list (path, &data, &length, &identity, &local_error))
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

  merged = disk != NULL ? merge (self, entries, disk, added) : g_ptr_array_ref (entries);
  contents = join_entries (merged);
  g_clear_pointer (&data, g_free);
  data = g_bytes_unref_to_data (g_steal_pointer (&contents), &size);
  written = g_file_replace_contents (self->file, data, size, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                     NULL, cancellable, &local_error);
  if (written)
    {
      /* What another instance added is in the base once the store has it (adopt). */
      g_hash_table_remove_all (self->base);
      for (guint i = 0; i < entries->len; i++)
        g_hash_table_add (self->base, g_strdup (((Entry *) g_ptr_array_index (entries, i))->id));
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
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  GError *error = NULL;

  if (write_list (source_object, data->entries, data->sequence, added, cancellable, &error))
    g_task_return_pointer (task, g_steal_pointer (&added), (GDestroyNotify) g_ptr_array_unref);
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
 */
gboolean
vt_task_file_save_finish (VtTaskFile    *self,
                          GAsyncResult  *result,
                          GPtrArray    **added,
                          GError       **error)
{
  g_autoptr(GPtrArray) tasks = NULL;

  g_return_val_if_fail (VT_IS_TASK_FILE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  tasks = g_task_propagate_pointer (G_TASK (result), error);
  if (tasks == NULL)
    return FALSE;
  if (added != NULL)
    *added = g_steal_pointer (&tasks);
  return TRUE;
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
  g_hash_table_add (self->base, g_strdup (vt_task_get_id (task)));
}

/* Writes the list now, on this thread: for the last save as the program ends. */
gboolean
vt_task_file_save (VtTaskFile    *self,
                   GPtrArray     *tasks,
                   GError       **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) added = NULL;

  g_return_val_if_fail (VT_IS_TASK_FILE (self), FALSE);
  g_return_val_if_fail (tasks != NULL, FALSE);

  entries = snapshot (tasks);
  added = g_ptr_array_new_with_free_func (g_object_unref);
  return write_list (self, entries, next_sequence (self), added, NULL, error);
}
