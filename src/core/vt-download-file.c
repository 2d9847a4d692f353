/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-download"

#include "config.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
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

/* A part file that no running download holds (each holds a lock on its own, released when
 * its process ends, however it ends) and that has not changed for a while was left behind
 * by a crash: it is removed, so that its name is free again. Links and folders are left. */
static gboolean
remove_if_stale (GFile *part)
{
  const char *path = g_file_peek_path (part);
  struct stat st;
  gboolean removed = FALSE;
  int fd;

  if (path == NULL)
    return FALSE;
  fd = open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return FALSE;

  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) &&
      (gint64) st.st_mtime + VT_STALE_PART_AGE <= g_get_real_time () / G_USEC_PER_SEC &&
      flock (fd, LOCK_EX | LOCK_NB) == 0)
    {
      removed = unlink (path) == 0;
      if (removed)
        g_debug ("Removed %s, left by an earlier run", path);
    }
  close (fd);
  return removed;
}

/* Held for as long as the download writes: the part file is not stale. */
static void
lock_part (GFileOutputStream *output)
{
  if (G_IS_FILE_DESCRIPTOR_BASED (output))
    (void) flock (g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (output)),
                  LOCK_EX | LOCK_NB);
}

/**
 * vt_download_pick_target:
 *
 * Returns: (transfer full): `<folder>/<base_name>.mp4`, or `<base_name> (2).mp4` and so on:
 *   the first name taken neither by a file nor by another download's part file (a part
 *   file left by a crash is removed and does not count)
 */
GFile *
vt_download_pick_target (GFile         *folder,
                         const char    *base_name,
                         GCancellable  *cancellable,
                         GError       **error)
{
  for (guint i = 1; i < 10000; i++)
    {
      g_autofree char *name = i == 1 ? g_strdup_printf ("%s.mp4", base_name)
                                     : g_strdup_printf ("%s (%u).mp4", base_name, i);
      g_autofree char *part_name = g_strconcat (name, ".part", NULL);
      g_autoptr(GFile) target = g_file_get_child (folder, name);
      g_autoptr(GFile) part = g_file_get_child (folder, part_name);

      if (!g_file_query_exists (target, cancellable) &&
          (!g_file_query_exists (part, cancellable) || remove_if_stale (part)))
        return g_steal_pointer (&target);
    }

  g_set_error (error, VT_ERROR, VT_ERROR_SAVE, _("No free file name was found for “%s”."), base_name);
  return NULL;
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
} PrepareData;

static void
prepare_data_free (PrepareData *data)
{
  g_clear_object (&data->folder);
  g_clear_object (&data->exact_target);
  g_clear_object (&data->target);
  g_clear_object (&data->part);
  g_clear_object (&data->output);
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
    data->target = vt_download_pick_target (data->folder, data->name, cancellable, &error);
  if (data->target == NULL)
    {
      g_task_return_error (task, error);
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

/* In a thread: the folder (created if missing), the name, and the part file, opened. */
void
vt_download_file_prepare_async (GFile               *folder,
                                const char          *name,
                                GFile               *exact_target,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  PrepareData *data = g_new0 (PrepareData, 1);

  data->folder = g_object_ref (folder);
  data->name = g_strdup (name);
  data->exact_target = exact_target != NULL ? g_object_ref (exact_target) : NULL;
  g_task_set_source_tag (task, vt_download_file_prepare_async);
  g_task_set_task_data (task, data, (GDestroyNotify) prepare_data_free);
  g_task_run_in_thread (task, prepare_thread);
}

/**
 * vt_download_file_prepare_finish:
 * @target: (out) (transfer full): where the video will go
 * @part: (out) (transfer full): where it is written meanwhile
 *
 * Returns: (transfer full): the part file, open for writing
 */
GFileOutputStream *
vt_download_file_prepare_finish (GAsyncResult  *result,
                                 GFile        **target,
                                 GFile        **part,
                                 GError       **error)
{
  PrepareData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  data = g_task_get_task_data (G_TASK (result));
  *target = g_object_ref (data->target);
  *part = g_object_ref (data->part);
  return g_object_ref (data->output);
}
