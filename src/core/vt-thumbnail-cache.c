/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-thumbnail-cache"

/*
 * Where thumbnails are kept, so that a restart shows them at once:
 *
 * - of a saved video, in the freedesktop thumbnail cache ($XDG_CACHE_HOME/thumbnails/large,
 *   named by the MD5 of the file's URI, with Thumb::URI and Thumb::MTime), where Files finds
 *   them too; a video no decoder could read gets a failure marker under
 *   thumbnails/fail/video-tasks, as the specification asks;
 * - of a video known only by its link, in the app's own cache, by task ID (links change
 *   and expire; the task does not).
 *
 * A cached file is trusted only when it names the file (or task) it was made for, and the
 * file's modification time is still the one it was made from. Everything here runs in a
 * worker thread: the disk is never read or written on the main loop.
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "vt-limits.h"
#include "vt-png.h"
#include "vt-thumbnail-cache.h"

#define APP_NAME "video-tasks"
#define LINK_URI_PREFIX "video-tasks:task/"
#define FAILED_KEY "X-Video-Tasks::Failed"

void
vt_thumbnail_free (VtThumbnail *thumbnail)
{
  if (thumbnail == NULL)
    return;
  g_clear_pointer (&thumbnail->png, g_bytes_unref);
  g_free (thumbnail);
}

static char *
md5_name (const char *text)
{
  g_autofree char *md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, text, -1);

  return g_strconcat (md5, ".png", NULL);
}

/* The shared cache's file for @uri (a g_file_get_uri(), escaped as Files escapes it). */
char *
vt_thumbnail_cache_file_path (const char *uri)
{
  g_autofree char *name = md5_name (uri);

  return g_build_filename (g_get_user_cache_dir (), "thumbnails", "large", name, NULL);
}

char *
vt_thumbnail_cache_fail_path (const char *uri)
{
  g_autofree char *name = md5_name (uri);

  return g_build_filename (g_get_user_cache_dir (), "thumbnails", "fail", APP_NAME, name, NULL);
}

char *
vt_thumbnail_cache_link_path (const char *task_id)
{
  g_autofree char *name = md5_name (task_id);

  return g_build_filename (g_get_user_cache_dir (), APP_NAME, "thumbnails", name, NULL);
}

static char *
link_uri (const char *task_id)
{
  return g_strconcat (LINK_URI_PREFIX, task_id, NULL);
}

static gint64
number_value (GHashTable *text,
              const char *key)
{
  const char *value = g_hash_table_lookup (text, key);
  gint64 number;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, 0, G_MAXINT64, &number, NULL))
    return -1;
  return number;
}

/**
 * vt_thumbnail_cache_read:
 * @mtime: the file's modification time, or -1 for a task's link (not checked)
 *
 * Reads the cached thumbnail at @path if it stands for @uri (and @mtime). Blocking.
 *
 * Returns: (nullable): the thumbnail, or %NULL when there is none that can be trusted
 */
VtThumbnail *
vt_thumbnail_cache_read (const char *path,
                         const char *uri,
                         gint64      mtime)
{
  g_autoptr(GHashTable) text = NULL;
  g_autofree char *contents = NULL;
  GStatBuf buf;
  gsize length;
  VtThumbnail *thumbnail;

  if (g_stat (path, &buf) != 0 || !S_ISREG (buf.st_mode) || buf.st_size > VT_THUMBNAIL_MAX_FILE_SIZE ||
      !g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  text = vt_png_read_text ((const guint8 *) contents, length);
  if (text == NULL || g_strcmp0 (g_hash_table_lookup (text, "Thumb::URI"), uri) != 0 ||
      (mtime >= 0 && number_value (text, "Thumb::MTime") != mtime))
    return NULL;

  thumbnail = g_new0 (VtThumbnail, 1);
  thumbnail->failed = g_hash_table_contains (text, FAILED_KEY);
  thumbnail->duration = number_value (text, "Thumb::Movie::Length");
  thumbnail->size = number_value (text, "Thumb::Size");
  if (!thumbnail->failed)
    thumbnail->png = g_bytes_new_take (g_steal_pointer (&contents), length);
  return thumbnail;
}

/* The saved file's URI and modification time, if it is there. */
static gboolean
file_identity (const char  *file_path,
               char       **uri,
               gint64      *mtime,
               gint64      *size)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;

  if (file_path == NULL)
    return FALSE;
  file = g_file_new_for_path (file_path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    return FALSE;
  *uri = g_file_get_uri (file);
  *mtime = (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED);
  if (size != NULL)
    *size = g_file_info_get_size (info);
  return TRUE;
}

typedef struct
{
  char   *file_path;
  char   *task_id;
  GBytes *rgba;
  guint   width;
  guint   height;
  gsize   stride;
  gint64  duration;
  gint64  size;
  gboolean copy;     /* the link's thumbnail, for the saved file */
} Job;

static void
job_free (Job *job)
{
  g_free (job->file_path);
  g_free (job->task_id);
  g_clear_pointer (&job->rgba, g_bytes_unref);
  g_free (job);
}

static void
run_job (Job                 *job,
         gpointer             source_tag,
         GTaskThreadFunc      func,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_set_priority (task, G_PRIORITY_LOW);
  g_task_run_in_thread (task, func);
}

static void
lookup_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Job *job = task_data;
  g_autofree char *uri = NULL;
  g_autofree char *path = NULL;
  g_autofree char *task_uri = link_uri (job->task_id);
  gint64 mtime;
  VtThumbnail *thumbnail;

  if (file_identity (job->file_path, &uri, &mtime, NULL))
    {
      path = vt_thumbnail_cache_file_path (uri);
      if ((thumbnail = vt_thumbnail_cache_read (path, uri, mtime)) != NULL)
        {
          thumbnail->for_file = !thumbnail->failed;
          g_task_return_pointer (task, thumbnail, (GDestroyNotify) vt_thumbnail_free);
          return;
        }
      g_free (path);
      path = vt_thumbnail_cache_fail_path (uri);
      if ((thumbnail = vt_thumbnail_cache_read (path, uri, mtime)) != NULL)
        {
          thumbnail->failed = TRUE;
          g_clear_pointer (&thumbnail->png, g_bytes_unref);
          g_task_return_pointer (task, thumbnail, (GDestroyNotify) vt_thumbnail_free);
          return;
        }
    }

  g_free (path);
  path = vt_thumbnail_cache_link_path (job->task_id);
  thumbnail = vt_thumbnail_cache_read (path, task_uri, -1);
  /* What the link could not give, the saved file may: it is tried. */
  if (thumbnail != NULL && thumbnail->failed && uri != NULL)
    g_clear_pointer (&thumbnail, vt_thumbnail_free);
  g_task_return_pointer (task, thumbnail, (GDestroyNotify) vt_thumbnail_free);
}

/**
 * vt_thumbnail_cache_lookup_async:
 * @file_path: (nullable): the task's saved video, if any
 *
 * Finds the task's thumbnail: the saved file's (or its failure marker), else the link's.
 */
void
vt_thumbnail_cache_lookup_async (const char          *file_path,
                                 const char          *task_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Job *job;

  g_return_if_fail (task_id != NULL);

  job = g_new0 (Job, 1);
  job->file_path = g_strdup (file_path);
  job->task_id = g_strdup (task_id);
  run_job (job, vt_thumbnail_cache_lookup_async, lookup_in_thread, cancellable, callback, user_data);
}

/* Returns: (transfer full) (nullable): the thumbnail, or %NULL when none is cached */
VtThumbnail *
vt_thumbnail_cache_lookup_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Written whole under another name, then renamed over the old one (readers never see half
 * a file); private to the user, as the specification asks. */
static gboolean
write_atomically (const char  *path,
                  GBytes      *bytes,
                  GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s", g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents_full (path, (const char *) data, (gssize) length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static void
save_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  g_autofree char *uri = NULL;
  g_autofree char *path = NULL;
  g_autofree char *mtime_text = NULL;
  g_autofree char *duration_text = job->duration >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, job->duration) : NULL;
  g_autofree char *size_text = NULL;
  const char *keys[8] = { NULL };
  const char *values[8] = { NULL };
  const guint8 transparent[4] = { 0, 0, 0, 0 };
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  gint64 mtime;
  guint n = 0;

  gint64 size = job->size;

  if (file_identity (job->file_path, &uri, &mtime, &size))
    {
      path = job->rgba != NULL || job->copy ? vt_thumbnail_cache_file_path (uri) : vt_thumbnail_cache_fail_path (uri);
      mtime_text = g_strdup_printf ("%" G_GINT64_FORMAT, mtime);
    }
  else if (job->file_path != NULL && job->rgba == NULL)
    {
      /* The file went while it was read: that says nothing of the video. */
      g_task_return_boolean (task, TRUE);
      return;
    }
  else
    {
      uri = link_uri (job->task_id);
      path = vt_thumbnail_cache_link_path (job->task_id);
    }

  if (size >= 0)
    size_text = g_strdup_printf ("%" G_GINT64_FORMAT, size);
  keys[n] = "Thumb::URI"; values[n++] = uri;
  if (mtime_text != NULL)
    {
      keys[n] = "Thumb::MTime"; values[n++] = mtime_text;
    }
  keys[n] = "Thumb::Mimetype"; values[n++] = "video/mp4";
  keys[n] = "Software"; values[n++] = "Video Tasks";
  if (duration_text != NULL)
    {
      keys[n] = "Thumb::Movie::Length"; values[n++] = duration_text;
    }
  if (size_text != NULL)
    {
      keys[n] = "Thumb::Size"; values[n++] = size_text;
    }
  if (job->rgba == NULL && !job->copy)
    {
      keys[n] = FAILED_KEY; values[n++] = "1";
    }

  if (job->copy)
    {
      g_autofree char *link_path = vt_thumbnail_cache_link_path (job->task_id);
      g_autofree char *contents = NULL;
      GStatBuf buf;
      gsize length;

      if (mtime_text == NULL || g_stat (link_path, &buf) != 0 || buf.st_size > VT_THUMBNAIL_MAX_FILE_SIZE ||
          !g_file_get_contents (link_path, &contents, &length, &error) ||
          (png = vt_png_retag ((const guint8 *) contents, length, keys, values)) == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No thumbnail to copy for %s",
                                   job->task_id);
          return;
        }
    }
  else if (job->rgba != NULL)
    png = vt_png_encode_rgba (g_bytes_get_data (job->rgba, NULL), job->width, job->height, job->stride, keys, values);
  else
    png = vt_png_encode_rgba (transparent, 1, 1, 4, keys, values);
  if (!write_atomically (path, png, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * vt_thumbnail_cache_save_async:
 * @file_path: (nullable): the saved video the thumbnail was made from, if it was
 * @rgba: (nullable): the image (8-bit RGBA, not premultiplied), or %NULL to remember that
 *   the video could not be decoded
 * @duration: seconds, or -1
 * @size: the video's bytes, or -1
 */
void
vt_thumbnail_cache_save_async (const char          *file_path,
                               const char          *task_id,
                               GBytes              *rgba,
                               guint                width,
                               guint                height,
                               gsize                stride,
                               gint64               duration,
                               gint64               size,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job;

  g_return_if_fail (task_id != NULL);
  g_return_if_fail (rgba == NULL || (width > 0 && height > 0 && stride >= width * 4 &&
                                     g_bytes_get_size (rgba) >= stride * (height - 1) + width * 4));

  job = g_new0 (Job, 1);
  job->file_path = g_strdup (file_path);
  job->task_id = g_strdup (task_id);
  job->rgba = rgba != NULL ? g_bytes_ref (rgba) : NULL;
  job->width = width;
  job->height = height;
  job->stride = stride;
  job->duration = duration;
  job->size = size;
  run_job (job, vt_thumbnail_cache_save_async, save_in_thread, cancellable, callback, user_data);
}

/**
 * vt_thumbnail_cache_copy_for_file_async:
 *
 * Gives the saved file of @task_id the thumbnail its link got (in the shared cache, for
 * Files): the same image, tagged with the file's URI, modification time, size and
 * @duration (seconds, or -1). Finish with
 * vt_thumbnail_cache_save_finish().
 */
void
vt_thumbnail_cache_copy_for_file_async (const char          *file_path,
                                        const char          *task_id,
                                        gint64               duration,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  Job *job;

  g_return_if_fail (file_path != NULL && task_id != NULL);

  job = g_new0 (Job, 1);
  job->file_path = g_strdup (file_path);
  job->task_id = g_strdup (task_id);
  job->copy = TRUE;
  job->duration = duration;
  job->size = -1;
  run_job (job, vt_thumbnail_cache_save_async, save_in_thread, cancellable, callback, user_data);
}

gboolean
vt_thumbnail_cache_save_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
