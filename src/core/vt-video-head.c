/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-video-head"

/*
 * What a player needs of a video link for its first frame, and no more: the start of the
 * MP4 (its first frames), and its index (the moov box) when the muxer put that at the end.
 * Both are asked for by Range and written where they belong in a sparse local file of the
 * video's full size, which GStreamer then reads as if it were the whole video. A 60 MB video
 * costs a megabyte or two. No Authorization goes to the CDN, and a redirect is followed only
 * to a link that passes the same rule as the link itself.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vt-api.h"
#include "vt-download-private.h"
#include "vt-error.h"
#include "vt-limits.h"
#include "vt-video-head.h"

#include <string.h>

#define READ_SIZE (64 * 1024)

typedef struct
{
  SoupSession  *session;
  char         *url;
  GFile        *destination;
  SoupMessage  *message;
  GInputStream *input;
  guint         n_redirects;

  guint64       start;        /* of the part being read */
  gsize         wanted;
  GByteArray   *part;

  GBytes       *head;
  GBytes       *index;
  guint64       index_offset;
  guint64       total;
  guint64       bytes_read;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->session);
  g_free (fetch->url);
  g_clear_object (&fetch->destination);
  g_clear_object (&fetch->message);
  g_clear_object (&fetch->input);
  g_clear_pointer (&fetch->part, g_byte_array_unref);
  g_clear_pointer (&fetch->head, g_bytes_unref);
  g_clear_pointer (&fetch->index, g_bytes_unref);
  g_free (fetch);
}

static guint64
read_be (const guint8 *data,
         guint         n)
{
  guint64 value = 0;

  for (guint i = 0; i < n; i++)
    value = (value << 8) | data[i];
  return value;
}

/**
 * vt_video_head_find_index:
 * @data: the first @length bytes of an MP4 file of @total_size bytes
 * @index_offset: (out): where the rest must be read from to have the index
 *
 * Walks the file's top-level boxes as far as @data goes.
 *
 * Returns: %TRUE when the index (moov) is whole in @data; %FALSE with @index_offset set
 *   when it starts, or the boxes go on, past @data; %FALSE with @index_offset 0 when
 *   @data is no MP4 (or not one that can be read from its two ends)
 */
gboolean
vt_video_head_find_index (const guint8 *data,
                          gsize         length,
                          guint64       total_size,
                          guint64      *index_offset)
{
  guint64 offset = 0;
  guint n_boxes = 0;

  *index_offset = 0;
  while (offset + 8 <= length && n_boxes++ < 1024)
    {
      guint64 size = read_be (data + offset, 4);
      const guint8 *type = data + offset + 4;
      gboolean moov = memcmp (type, "moov", 4) == 0;

      if (size == 1)
        {
          if (offset + 16 > length)
            break;
          size = read_be (data + offset + 8, 8);
        }
      else if (size == 0)
        size = total_size > offset ? total_size - offset : 0;
      if (size < 8 || size > total_size - MIN (offset, total_size))
        return FALSE;
      if (moov && offset + size <= length)
        return TRUE;
      if (moov)
        {
          *index_offset = offset;
          return FALSE;
        }
      offset += size;
    }
  if (n_boxes == 1 && offset == 0)
    return FALSE;
  *index_offset = offset < total_size ? offset : 0;
  return FALSE;
}

static void request_part (GTask *task);

static void
write_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Fetch *fetch = task_data;
  g_autoptr(GFileOutputStream) output = NULL;
  g_autoptr(GFile) folder = g_file_get_parent (fetch->destination);
  g_autoptr(GError) error = NULL;

  if (folder != NULL && !g_file_make_directory_with_parents (folder, cancellable, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_error (&error);
  output = g_file_replace (fetch->destination, NULL, FALSE,
                           G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, &error);
  if (output == NULL ||
      !g_output_stream_write_all (G_OUTPUT_STREAM (output), g_bytes_get_data (fetch->head, NULL),
                                  g_bytes_get_size (fetch->head), NULL, cancellable, &error) ||
      (fetch->index != NULL &&
       (!g_seekable_seek (G_SEEKABLE (output), (goffset) fetch->index_offset, G_SEEK_SET, cancellable, &error) ||
        !g_output_stream_write_all (G_OUTPUT_STREAM (output), g_bytes_get_data (fetch->index, NULL),
                                    g_bytes_get_size (fetch->index), NULL, cancellable, &error))) ||
      /* The rest is a hole: it takes no room and reads as zeros, never read by a player. */
      !g_seekable_truncate (G_SEEKABLE (output), (goffset) fetch->total, cancellable, &error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (output), cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
fail (GTask  *task,
      GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
part_done (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);
  GBytes *bytes = g_byte_array_free_to_bytes (g_steal_pointer (&fetch->part));
  guint64 index_offset;

  fetch->bytes_read += g_bytes_get_size (bytes);
  g_clear_object (&fetch->input);
  g_clear_object (&fetch->message);

  if (fetch->head == NULL)
    {
      fetch->head = bytes;
      if (vt_video_head_find_index (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), fetch->total,
                                    &index_offset))
        {
          g_task_run_in_thread (task, write_in_thread);
          g_object_unref (task);
          return;
        }
      if (index_offset == 0)
        {
          fail (task, g_error_new (VT_ERROR, VT_ERROR_PROTOCOL, _("The video is not an MP4 file this app can read.")));
          return;
        }
      fetch->index_offset = fetch->start = index_offset;
      fetch->wanted = (gsize) MIN (fetch->total - index_offset, VT_THUMBNAIL_INDEX_MAX_SIZE);
      request_part (task);
      return;
    }

  fetch->index = bytes;
  g_task_run_in_thread (task, write_in_thread);
  g_object_unref (task);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GBytes *bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  gsize size;

  if (bytes == NULL)
    {
      fail (task, g_steal_pointer (&error));
      return;
    }
  size = g_bytes_get_size (bytes);
  g_byte_array_append (fetch->part, g_bytes_get_data (bytes, NULL), (guint) size);
  g_bytes_unref (bytes);

  if (size == 0 || fetch->part->len >= fetch->wanted)
    {
      g_byte_array_set_size (fetch->part, (guint) MIN (fetch->part->len, fetch->wanted));
      part_done (task);
      return;
    }
  g_input_stream_read_bytes_async (fetch->input, MIN (READ_SIZE, fetch->wanted - fetch->part->len),
                                   G_PRIORITY_LOW, g_task_get_cancellable (task), read_cb, task);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  guint status;
  goffset start = 0, end = 0, total = -1;

  fetch->input = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (fetch->input == NULL)
    {
      fail (task, g_steal_pointer (&error));
      return;
    }
  status = soup_message_get_status (fetch->message);
  headers = soup_message_get_response_headers (fetch->message);

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      char *url = vt_download_follow_redirect (fetch->message,
                                               soup_message_headers_get_one (headers, "Location"),
                                               &fetch->n_redirects, &error);

      if (url == NULL)
        {
          fail (task, g_steal_pointer (&error));
          return;
        }
      g_free (fetch->url);
      fetch->url = url;
      g_clear_object (&fetch->input);
      g_clear_object (&fetch->message);
      request_part (task);
      return;
    }

  if (status == SOUP_STATUS_PARTIAL_CONTENT &&
      soup_message_headers_get_content_range (headers, &start, &end, &total) &&
      (guint64) start == fetch->start && total > 0)
    fetch->total = (guint64) total;
  else if (status == SOUP_STATUS_OK && fetch->start == 0 &&
           soup_message_headers_get_content_length (headers) > 0)
    /* A server that ignores Range sends it all: the start is read, the rest left unread. */
    fetch->total = (guint64) soup_message_headers_get_content_length (headers);
  else
    {
      fail (task, g_error_new (VT_ERROR, VT_ERROR_NETWORK, _("The video server answered with HTTP %u."), status));
      return;
    }
  /* The sparse copy is the video's size: no bigger than a download may be. */
  if (fetch->total > VT_DOWNLOAD_MAX_SIZE)
    {
      fail (task, g_error_new (VT_ERROR, VT_ERROR_PROTOCOL, _("The video is not an MP4 file this app can read.")));
      return;
    }

  fetch->part = g_byte_array_new ();
  g_input_stream_read_bytes_async (fetch->input, MIN (READ_SIZE, fetch->wanted), G_PRIORITY_LOW,
                                   g_task_get_cancellable (task), read_cb, task);
}

static void
request_part (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);

  fetch->message = soup_message_new (SOUP_METHOD_GET, fetch->url);
  if (fetch->message == NULL)
    {
      fail (task, vt_download_unsafe_link_error ());
      return;
    }
  soup_message_add_flags (fetch->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_set_range (soup_message_get_request_headers (fetch->message),
                                  (goffset) fetch->start, (goffset) (fetch->start + fetch->wanted - 1));
  soup_session_send_async (fetch->session, fetch->message, G_PRIORITY_LOW, g_task_get_cancellable (task),
                           sent_cb, task);
}

/**
 * vt_video_head_fetch_async:
 * @session: a session with no authentication of its own (the CDN's)
 * @url: the video's link; refused unless it passes vt_api_link_is_safe()
 * @destination: the sparse local copy to write
 */
void
vt_video_head_fetch_async (SoupSession         *session,
                           const char          *url,
                           GFile               *destination,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Fetch *fetch = g_new0 (Fetch, 1);

  g_task_set_source_tag (task, vt_video_head_fetch_async);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);
  fetch->session = g_object_ref (session);
  fetch->url = g_strdup (url);
  fetch->destination = g_object_ref (destination);
  fetch->wanted = VT_THUMBNAIL_HEAD_SIZE;

  if (!vt_api_link_is_safe (url))
    {
      fail (task, vt_download_unsafe_link_error ());
      return;
    }
  request_part (task);
}

/**
 * vt_video_head_fetch_finish:
 * @total_size: (out) (optional): the video's size, as the server gave it
 * @bytes_read: (out) (optional): how much of it was read
 */
gboolean
vt_video_head_fetch_finish (GAsyncResult  *result,
                            guint64       *total_size,
                            guint64       *bytes_read,
                            GError       **error)
{
  Fetch *fetch;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  fetch = g_task_get_task_data (G_TASK (result));
  if (total_size != NULL)
    *total_size = fetch->total;
  if (bytes_read != NULL)
    *bytes_read = fetch->bytes_read;
  return g_task_propagate_boolean (G_TASK (result), error);
}
