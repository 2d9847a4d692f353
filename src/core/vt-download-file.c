/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-download"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <gio/gfiledescriptorbased.h>

#include "vt-download.h"
#include "vt-download-file.h"
#include "vt-error.h"

/*
 * A download's files: a name that stays in its folder, a part file created where no other
 * file is (and locked while written, so that one left by a crash can be told apart and
 * removed), the finished video moved into place without overwriting anything, and disk
 * errors in words that say what to do.
 */

#define MAX_NAME_BYTES 180

/**
 * vt_download_sanitize_name:
 * @name: (nullable): a task's label or ID
 *
 * Returns: (transfer full): a file name without the extension that cannot leave its folder:
 *   no separators, no control characters, no leading dots, not empty, not too long
 */
char *
vt_download_sanitize_name (const char *name)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (name != NULL ? name : "", -1);
  const char *p;

  for (p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' ||
          c == '<' || c == '>' || c == '|' || g_unichar_iscntrl (c))
        c = '_';
      if (clean->len + 6 > MAX_NAME_BYTES)
        break;
      g_string_append_unichar (clean, c);
    }

  /* No hidden files, no "." or "..", no names that are only spaces. */
  while (clean->len > 0 && (clean->str[0] == '.' || clean->str[0] == ' '))
    g_string_erase (clean, 0, 1);
  while (clean->len > 0 && (clean->str[clean->len - 1] == ' ' || clean->str[clean->len - 1] == '.'))
    g_string_truncate (clean, clean->len - 1);

  if (clean->len == 0)
    g_string_assign (clean, "video");

  return g_string_free (g_steal_pointer (&clean), FALSE);
}

#define RECORD_ATTRIBUTE   "user.video-tasks.part"
#define RECORD_TYPE        "(ustss)"
#define RECORD_VERSION     1
#define RECORD_MAX_BYTES   4096

void
vt_part_record_free (VtPartRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->task_id);
  g_free (record->etag);
  g_free (record->modified);
  g_free (record);
}

/* Written on the open part file once the server said what the video is. FALSE where the
 * disk keeps no extended attributes (FAT, some network shares): that part is not kept. */
gboolean
vt_download_file_write_record (GFileOutputStream  *output,
                               const VtPartRecord *record)
{
  g_autoptr(GVariant) value = NULL;

  if (!G_IS_FILE_DESCRIPTOR_BASED (output))
    return FALSE;
  value = g_variant_ref_sink (g_variant_new (RECORD_TYPE, RECORD_VERSION, record->task_id,
                                             record->size,
                                             record->etag != NULL ? record->etag : "",
                                             record->modified != NULL ? record->modified : ""));
  if (g_variant_get_size (value) > RECORD_MAX_BYTES)
    return FALSE;
  return fsetxattr (g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (output)),
                    RECORD_ATTRIBUTE, g_variant_get_data (value), g_variant_get_size (value),
                    0) == 0;
}

/* The finished video (or a part that is not worth keeping) carries no record. */
void
vt_download_file_clear_record (GFileOutputStream *output)
{
  if (G_IS_FILE_DESCRIPTOR_BASED (output))
    (void) fremovexattr (g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (output)),
                         RECORD_ATTRIBUTE);
}

static VtPartRecord *
read_record (int fd)
{
  g_autofree guint8 *data = g_malloc (RECORD_MAX_BYTES);
  g_autoptr(GVariant) value = NULL;
  g_autoptr(VtPartRecord) record = NULL;
  const char *task_id, *etag, *modified;
  guint32 version;
  ssize_t n;

  n = fgetxattr (fd, RECORD_ATTRIBUTE, data, RECORD_MAX_BYTES);
  if (n <= 0)
    return NULL;
  /* Whatever the attribute holds (another program may have written it) is only read as a
   * record of this very form. */
  value = g_variant_ref_sink (g_variant_new_from_data (G_VARIANT_TYPE (RECORD_TYPE), data, n,
                                                       FALSE, g_free, data));
  data = NULL;   /* the variant's now */
  if (!g_variant_is_normal_form (value))
    return NULL;
  record = g_new0 (VtPartRecord, 1);
  g_variant_get (value, "(u&st&s&s)", &version, &task_id, &record->size, &etag, &modified);
  if (version != RECORD_VERSION || *task_id == '\0')
    return NULL;
  record->task_id = g_strdup (task_id);
  record->etag = *etag != '\0' ? g_strdup (etag) : NULL;
  record->modified = *modified != '\0' ? g_strdup (modified) : NULL;
  return g_steal_pointer (&record);
}

typedef enum
{
  PART_IN_USE,     /* the name is taken */
  PART_RESUME,     /* kept for the very task that is downloaded now: it goes on from it */
  PART_DEBRIS,     /* of use to no one: removed, and its name is free */
} PartFate;

/*
 * The one rule for a part file found where a download would write (checked when its name
 * comes up; @fd is open on it, and is left locked unless the part is in use):
 * - A running download holds a lock on its part (released when its process ends, however
 *   it ends): in use.
 * - A part stopped by quitting (or by a crash after the server answered) carries a record
 *   of its task and of the video: it is resumed by the next download of that task, and kept
 *   from every other download (in use) for VT_DOWNLOAD_PART_KEEP_DAYS since its last write.
 * - Any other part (no record: a crash before the server answered, a disk without extended
 *   attributes; or a record older than that) unchanged for VT_STALE_PART_AGE is debris.
 * Links, folders and other files that are not regular are left alone (in use).
 */
static PartFate
judge_part (int            fd,
            const char    *resume_id,
            VtPartRecord **record)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(VtPartRecord) found = NULL;
  struct stat st;

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || flock (fd, LOCK_EX | LOCK_NB) != 0)
    return PART_IN_USE;

  found = read_record (fd);
  if (found != NULL && (gint64) st.st_mtime + VT_DOWNLOAD_PART_KEEP_DAYS * 24 * 3600 > now)
    {
      if (resume_id == NULL || g_strcmp0 (found->task_id, resume_id) != 0)
        return PART_IN_USE;
      *record = g_steal_pointer (&found);
      return PART_RESUME;
    }

  if ((gint64) st.st_mtime + VT_STALE_PART_AGE <= now)
    return PART_DEBRIS;
  return PART_IN_USE;
}

/* Reopened for appending, the same file as @fd (never a link put in its place), and
 * locked as its download's own. */
static GFileOutputStream *
reopen_part (GFile *part,
             int    fd)
{
  g_autoptr(GFileOutputStream) output = g_file_append_to (part, G_FILE_CREATE_NONE, NULL, NULL);
  struct stat old_st, st;
  int output_fd;

  if (output == NULL || !G_IS_FILE_DESCRIPTOR_BASED (output))
    return NULL;
  output_fd = g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (output));
  if (fstat (fd, &old_st) != 0 || fstat (output_fd, &st) != 0 ||
      old_st.st_dev != st.st_dev || old_st.st_ino != st.st_ino)
    return NULL;
  /* @fd's lock is let go for the new one: whoever takes it meanwhile has the part. */
  (void) flock (fd, LOCK_UN);
  if (flock (output_fd, LOCK_EX | LOCK_NB) != 0)
    return NULL;
  return g_steal_pointer (&output);
}

/* Held for as long as the download writes: the part file is not stale. */
static void
lock_part (GFileOutputStream *output)
{
  if (G_IS_FILE_DESCRIPTOR_BASED (output))
    (void) flock (g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (output)),
                  LOCK_EX | LOCK_NB);
}

/* Whether the name's part file leaves the name free: none there, or debris (removed). With
 * @resume_id, a part kept for that task is taken up: *@output and *@record are set. */
static gboolean
part_leaves_name (GFile              *part,
                  const char         *resume_id,
                  GFileOutputStream **output,
                  VtPartRecord      **record)
{
  const char *path = g_file_peek_path (part);
  g_autoptr(VtPartRecord) found = NULL;
  gboolean free_name = FALSE;
  int fd;

  if (path == NULL)
    return FALSE;
  fd = open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return !g_file_query_exists (part, NULL);

  switch (judge_part (fd, resume_id, &found))
    {
    case PART_DEBRIS:
      free_name = unlink (path) == 0;
      if (free_name)
        g_debug ("Removed %s, left by an earlier run", path);
      break;
    case PART_RESUME:
      if (output != NULL && (*output = reopen_part (part, fd)) != NULL)
        {
          *record = g_steal_pointer (&found);
          free_name = TRUE;
        }
      break;
    case PART_IN_USE:
    default:
      break;
    }
  close (fd);
  return free_name;
}

static GFile *
pick_target (GFile              *folder,
             const char         *base_name,
             const char         *resume_id,
             GFileOutputStream **output,
             VtPartRecord      **record,
             GCancellable       *cancellable,
             GError            **error)
{
  for (guint i = 1; i < 10000; i++)
    {
      g_autofree char *name = i == 1 ? g_strdup_printf ("%s.mp4", base_name)
                                     : g_strdup_printf ("%s (%u).mp4", base_name, i);
      g_autofree char *part_name = g_strconcat (name, ".part", NULL);
      g_autoptr(GFile) target = g_file_get_child (folder, name);
      g_autoptr(GFile) part = g_file_get_child (folder, part_name);

      if (!g_file_query_exists (target, cancellable) &&
          part_leaves_name (part, resume_id, output, record))
        return g_steal_pointer (&target);
    }

  g_set_error (error, VT_ERROR, VT_ERROR_SAVE, _("No free file name was found for “%s”."), base_name);
  return NULL;
}

/**
 * vt_download_pick_target:
 *
 * Returns: (transfer full): `<folder>/<base_name>.mp4`, or `<base_name> (2).mp4` and so on:
 *   the first name taken neither by a file nor by another download's part file, running or
 *   kept to be resumed (a part file left by a crash is removed and does not count)
 */
GFile *
vt_download_pick_target (GFile         *folder,
                         const char    *base_name,
                         GCancellable  *cancellable,
                         GError       **error)
{
  return pick_target (folder, base_name, NULL, NULL, NULL, cancellable, error);
}

/**
 * vt_download_file_error:
 * @error: (transfer full): what went wrong writing into @folder
 *
 * Returns: (transfer full): the error in words that say what to do (a full disk, a folder
 *   that cannot be written); VT_ERROR errors and cancellation pass through
 */
GError *
vt_download_file_error (GFile  *folder,
                        GError *error)
{
  g_autofree char *where = g_file_get_parse_name (folder);
  GError *ours;

  if (error->domain == VT_ERROR || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    ours = g_error_new (VT_ERROR, VT_ERROR_DISK_FULL,
                        _("The disk is full. Free some space in “%s”, then download again."), where);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
    ours = g_error_new (VT_ERROR, VT_ERROR_SAVE,
                        _("Videos cannot be saved in “%s”: permission denied. Choose another "
                          "download folder in Preferences."), where);
  else
    ours = g_error_new (VT_ERROR, VT_ERROR_SAVE, _("The video could not be saved in “%s”: %s"),
                        where, error->message);

  g_error_free (error);
  return ours;
}

typedef struct
{
  GFile   *part;
  GFile   *target;
  GFile   *folder;
  char    *name;
  gboolean replace;
} MoveData;

static void
move_data_free (MoveData *data)
{
  g_clear_object (&data->part);
  g_clear_object (&data->target);
  g_clear_object (&data->folder);
  g_free (data->name);
  g_free (data);
}

/* Into place without overwriting: if the name was taken meanwhile, the next free one. */
static void
move_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  MoveData *data = task_data;
  g_autoptr(GFile) target = g_object_ref (data->target);

  for (guint attempt = 0; attempt < 5; attempt++)
    {
      g_autoptr(GError) error = NULL;

      if (g_file_move (data->part, target, data->replace ? G_FILE_COPY_OVERWRITE : G_FILE_COPY_NONE,
                       NULL, NULL, NULL, &error))
        {
          g_task_return_pointer (task, g_steal_pointer (&target), g_object_unref);
          return;
        }
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      g_clear_object (&target);
      target = vt_download_pick_target (data->folder, data->name, NULL, &error);
      if (target == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  g_task_return_new_error (task, VT_ERROR, VT_ERROR_SAVE, _("No free file name was found."));
}

/* In a thread: @part renamed to @target, or to the next free name beside it (replacing
 * @target instead when @replace). */
void
vt_download_file_move_async (GFile               *part,
                             GFile               *target,
                             GFile               *folder,
                             const char          *name,
                             gboolean             replace,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);
  MoveData *data = g_new0 (MoveData, 1);

  data->part = g_object_ref (part);
  data->target = g_object_ref (target);
  data->folder = g_object_ref (folder);
  data->name = g_strdup (name);
  data->replace = replace;
  g_task_set_source_tag (task, vt_download_file_move_async);
  g_task_set_task_data (task, data, (GDestroyNotify) move_data_free);
  g_task_run_in_thread (task, move_thread);
}

/**
 * vt_download_file_move_finish:
 *
 * Returns: (transfer full): where the video is now
 */
GFile *
vt_download_file_move_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  GFile             *folder;
  char              *name;
  GFile             *exact_target;
  GFile             *target;
  GFile             *part;
  GFileOutputStream *output;
  char              *resume_id;
  VtPartRecord      *resumed;
} PrepareData;

static void
prepare_data_free (PrepareData *data)
{
  g_clear_object (&data->folder);
  g_clear_object (&data->exact_target);
  g_clear_object (&data->target);
  g_clear_object (&data->part);
  g_clear_object (&data->output);
  g_clear_pointer (&data->resumed, vt_part_record_free);
  g_free (data->resume_id);
  g_free (data->name);
  g_free (data);
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PrepareData *data = task_data;
  g_autofree char *part_name = NULL;
  g_autofree char *target_name = NULL;
  GError *error = NULL;

  if (!g_file_make_directory_with_parents (data->folder, cancellable, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_task_return_error (task, error);
          return;
        }
      g_clear_error (&error);
    }

  if (data->exact_target != NULL)
    data->target = g_object_ref (data->exact_target);
  else
    data->target = pick_target (data->folder, data->name, data->resume_id, &data->output,
                                &data->resumed, cancellable, &error);
  if (data->target == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* A part kept for this task: the download goes on from its end, unless it is empty or
   * already as long as the whole video (then it starts over). */
  if (data->output != NULL)
    {
      int fd = g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (data->output));
      struct stat st;

      target_name = g_file_get_basename (data->target);
      part_name = g_strconcat (target_name, ".part", NULL);
      data->part = g_file_get_child (data->folder, part_name);
      data->resumed->have = fstat (fd, &st) == 0 ? (guint64) st.st_size : 0;
      if (data->resumed->have == 0 ||
          (data->resumed->size > 0 && data->resumed->have >= data->resumed->size))
        {
          data->resumed->have = 0;
          if (ftruncate (fd, 0) != 0)
            {
              g_task_return_error (task, g_error_new (G_IO_ERROR, g_io_error_from_errno (errno),
                                                      "%s", g_strerror (errno)));
              return;
            }
        }
      g_debug ("Resuming %s at %" G_GUINT64_FORMAT " bytes", part_name, data->resumed->have);
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Created, never opened: a file or a link already there under the name (a symlink to
   * ~/.bashrc, say) is not written through. Save As may find an old part file of its own: it
   * then takes the next free part name. */
  target_name = g_file_get_basename (data->target);
  for (guint attempt = 1; data->output == NULL; attempt++)
    {
      g_clear_pointer (&part_name, g_free);
      g_clear_object (&data->part);
      part_name = attempt == 1 ? g_strconcat (target_name, ".part", NULL)
                               : g_strdup_printf ("%s.%u.part", target_name, attempt);
      data->part = g_file_get_child (data->folder, part_name);
      data->output = g_file_create (data->part, G_FILE_CREATE_NONE, cancellable, &error);
      if (data->output != NULL)
        {
          lock_part (data->output);
          break;
        }
      if (data->exact_target == NULL || attempt == 20 ||
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_task_return_error (task, error);
          return;
        }
      g_clear_error (&error);
    }

  g_task_return_boolean (task, TRUE);
}

/* In a thread: the folder (created if missing), the name, and the part file, opened. With
 * @resume_id (a task's ID), a part kept for that task under the name is taken up again. */
void
vt_download_file_prepare_async (GFile               *folder,
                                const char          *name,
                                GFile               *exact_target,
                                const char          *resume_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  PrepareData *data = g_new0 (PrepareData, 1);

  data->folder = g_object_ref (folder);
  data->name = g_strdup (name);
  data->exact_target = exact_target != NULL ? g_object_ref (exact_target) : NULL;
  data->resume_id = g_strdup (resume_id);
  g_task_set_source_tag (task, vt_download_file_prepare_async);
  g_task_set_task_data (task, data, (GDestroyNotify) prepare_data_free);
  g_task_run_in_thread (task, prepare_thread);
}

/**
 * vt_download_file_prepare_finish:
 * @target: (out) (transfer full): where the video will go
 * @part: (out) (transfer full): where it is written meanwhile
 * @resumed: (out) (transfer full) (nullable): the record of a part taken up again (its
 *   `have` bytes are the start of the video), or NULL for a new, empty part
 *
 * Returns: (transfer full): the part file, open for writing
 */
GFileOutputStream *
vt_download_file_prepare_finish (GAsyncResult  *result,
                                 GFile        **target,
                                 GFile        **part,
                                 VtPartRecord **resumed,
                                 GError       **error)
{
  PrepareData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  data = g_task_get_task_data (G_TASK (result));
  *target = g_object_ref (data->target);
  *part = g_object_ref (data->part);
  *resumed = g_steal_pointer (&data->resumed);
  return g_object_ref (data->output);
}
