/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-download"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vt-api.h"
#include "vt-clock.h"
#include "vt-download.h"
#include "vt-download-private.h"
#include "vt-download-file.h"
#include "vt-enums.h"
#include "vt-error.h"

/*
 * One video from the CDN to a file: streamed into "<name>.mp4.part" beside the target and
 * renamed into place only when exactly the bytes announced arrived (no more: a longer body
 * is refused, and so is one past VT_DOWNLOAD_MAX_SIZE). A dropped or stalled connection
 * resumes with Range a few times; a cancel or a final failure removes the part file. The request never carries the API key: the CDN is not the API host.
 *
 * Quitting stops a download with its part file kept (vt_download_keep_part()), when the part
 * carries a record of its task and video (vt-download-file.c says how long it is kept): the
 * next download of that task goes on from it with Range, and If-Range naming the video, and
 * starts over unless the answer is the rest of that very video.
 * A video already saved is copied the same way, from its file instead of the CDN.
 */

#define CHUNK_SIZE         (256 * 1024)
#define PROGRESS_INTERVAL  (100 * 1000)      /* µs between notifications */
#define SPEED_WINDOW       (500 * 1000)      /* µs over which the speed is measured */

G_DEFINE_FINAL_TYPE (VtDownload, vt_download, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_RECEIVED,
  PROP_TOTAL,
  PROP_SPEED,
  PROP_FILE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void start_request (VtDownload *self);

static void
set_state (VtDownload      *self,
           VtDownloadState  state)
{
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
    }
}

/* The end, either way: the part file goes unless the video is complete. */

static void
complete_task (VtDownload *self,
               GError     *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->stall_source, g_source_remove);
  if (self->cancelled_handler != 0)
    g_cancellable_disconnect (cancellable, self->cancelled_handler);
  self->cancelled_handler = 0;
  g_clear_object (&self->request_cancellable);
  g_clear_object (&self->input);
  g_clear_object (&self->message);
  g_clear_pointer (&self->buffer, g_free);

  if (error == NULL)
    {
      set_state (self, VT_DOWNLOAD_STATE_DONE);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FILE]);
      g_task_return_boolean (task, TRUE);
    }
  else
    {
      g_debug ("Download of %s failed: %s", self->url, error->message);
      set_state (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                         ? VT_DOWNLOAD_STATE_CANCELLED : VT_DOWNLOAD_STATE_FAILED);
      g_task_return_error (task, error);
    }
}

static void
part_removed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VtDownload) self = user_data;

  g_file_delete_finish (G_FILE (object), result, NULL);
  complete_task (self, g_steal_pointer (&self->failure));
}

static void
failed_closed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(VtDownload) self = user_data;

  g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, NULL);
  if (self->part != NULL && !self->part_kept)
    g_file_delete_async (self->part, G_PRIORITY_DEFAULT, NULL, part_removed_cb, g_object_ref (self));
  else
    complete_task (self, g_steal_pointer (&self->failure));
}

/* The part file is closed and removed off the main thread (this runs there), and only then
 * does the download end: nothing half written is left when it says it failed. Nothing else
 * is under way meanwhile: fail() ends the one request or file step that was. */
static void
fail (VtDownload *self,
      GError     *error)
{
  /* A part that says whose video it holds stays when the download was stopped by quitting
   * (for the next run), or when the link was refused: a resumed part meets its old link, and
   * the fresh link the manager then asks for goes on from it. */
  gboolean keep = self->recorded && self->output != NULL && self->received > 0 &&
                  ((self->keep_part && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) ||
                   g_error_matches (error, VT_ERROR, VT_ERROR_LINK_EXPIRED));
  g_autoptr(GFileOutputStream) output = g_steal_pointer (&self->output);

  if (keep)
    g_debug ("Kept %s at %" G_GUINT64_FORMAT " bytes", g_file_peek_path (self->part), self->received);
  self->part_kept = keep;

  g_assert (self->failure == NULL);
  self->failure = error;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->stall_source, g_source_remove);

  if (output != NULL)
    g_output_stream_close_async (G_OUTPUT_STREAM (output), G_PRIORITY_DEFAULT, NULL,
                                 failed_closed_cb, g_object_ref (self));
  else if (self->part != NULL && !keep)
    g_file_delete_async (self->part, G_PRIORITY_DEFAULT, NULL, part_removed_cb, g_object_ref (self));
  else
    complete_task (self, g_steal_pointer (&self->failure));
}

static void
notify_progress (VtDownload *self,
                 gboolean    force)
{
  gint64 now = vt_clock_get_monotonic (self->clock);

  if (now - self->speed_since >= SPEED_WINDOW)
    {
      self->speed = self->speed_bytes * (double) G_USEC_PER_SEC / (now - self->speed_since);
      self->speed_since = now;
      self->speed_bytes = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SPEED]);
    }

  if (force || now - self->last_notify >= PROGRESS_INTERVAL)
    {
      self->last_notify = now;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RECEIVED]);
    }
}

static void
moved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VtDownload) self = user_data;
  GError *error = NULL;
  GFile *target = vt_download_file_move_finish (result, &error);

  if (target == NULL)
    {
      fail (self, vt_download_file_error (self->folder, error));
      return;
    }

  g_set_object (&self->target, target);
  g_object_unref (target);
  complete_task (self, NULL);
}

static void
closed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VtDownload) self = user_data;
  GError *error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error))
    {
      fail (self, vt_download_file_error (self->folder, error));
      return;
    }
  g_clear_object (&self->output);

  vt_download_file_move_async (self->part, self->target, self->folder, self->name,
                               self->exact_target != NULL, moved_cb, g_object_ref (self));
}

static gboolean
retry_cb (gpointer user_data)
{
  VtDownload *self = user_data;

  self->retry_source = 0;
  start_request (self);
  return G_SOURCE_REMOVE;
}

/* A dropped connection: ask for the rest, a few times, waiting longer each time. */
static void
resume_or_fail (VtDownload *self,
                GError     *error)
{
  GCancellable *cancellable = g_task_get_cancellable (self->task);

  /* A file on this computer that cannot be read will not be readable a moment later. */
  if (self->source != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      GError *unreadable = g_error_new (VT_ERROR, VT_ERROR_SAVE,
                                        _("The saved video could not be read: %s"), error->message);
      g_error_free (error);
      fail (self, unreadable);
      return;
    }

  if (g_cancellable_is_cancelled (cancellable) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      self->n_resumes >= VT_DOWNLOAD_MAX_RESUMES)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && error->domain != VT_ERROR)
        {
          GError *network = g_error_new (VT_ERROR, VT_ERROR_NETWORK,
                                         _("The download broke off and could not be resumed: %s"),
                                         error->message);
          g_error_free (error);
          error = network;
        }
      fail (self, error);
      return;
    }

  g_debug ("Resuming %s at %" G_GUINT64_FORMAT " after: %s", self->url, self->received, error->message);
  g_error_free (error);
  g_clear_object (&self->input);
  g_clear_object (&self->message);
  g_clear_handle_id (&self->stall_source, g_source_remove);
  self->n_resumes++;
  self->retry_source = vt_clock_timeout_add (self->clock,
                                             VT_DOWNLOAD_RESUME_DELAY_MS << (self->n_resumes - 1),
                                             retry_cb, self);
}

static void read_next (VtDownload *self);

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VtDownload) self = user_data;
  GError *error = NULL;
  gsize written = 0;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, &error))
    {
      /* A full disk or a vanished folder: resuming would not help. */
      fail (self, vt_download_file_error (self->folder, error));
      return;
    }

  self->received += written;
  self->speed_bytes += written;
  notify_progress (self, FALSE);
  read_next (self);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VtDownload) self = user_data;
  GError *error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n < 0)
    {
      resume_or_fail (self, vt_download_request_error (self, error));
      return;
    }

  if (n == 0)
    {
      if (self->total > 0 && self->received < self->total)
        {
          resume_or_fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                                             _("the connection closed after %llu of %llu bytes"),
                                             (unsigned long long) self->received,
                                             (unsigned long long) self->total));
          return;
        }

      g_clear_handle_id (&self->stall_source, g_source_remove);
      notify_progress (self, TRUE);
      vt_download_file_clear_record (self->output);
      self->recorded = FALSE;
      g_output_stream_close_async (G_OUTPUT_STREAM (self->output), G_PRIORITY_DEFAULT, NULL,
                                   closed_cb, g_object_ref (self));
      return;
    }

  if ((error = vt_download_check_length (self, n)) != NULL)
    {
      fail (self, error);
      return;
    }

  g_output_stream_write_all_async (G_OUTPUT_STREAM (self->output), self->buffer, n,
                                   G_PRIORITY_DEFAULT, g_task_get_cancellable (self->task),
                                   written_cb, g_object_ref (self));
}

static void
read_next (VtDownload *self)
{
  g_input_stream_read_async (self->input, self->buffer, CHUNK_SIZE, G_PRIORITY_DEFAULT,
                             self->request_cancellable, read_cb, g_object_ref (self));
}

static void
follow_redirect (VtDownload *self,
                 const char *location)
{
  GError *error = NULL;
  g_autofree char *url = vt_download_follow_redirect (self->message, location, &self->n_redirects, &error);

  if (url == NULL)
    {
      fail (self, error);
      return;
    }

  g_clear_object (&self->input);
  g_free (self->location);
  self->location = g_steal_pointer (&url);
  start_request (self);
}

/* Back to an empty part, knowing nothing of the video. */
static gboolean
start_over (VtDownload  *self,
            GError     **error)
{
  if (self->received > 0 && !g_seekable_truncate (G_SEEKABLE (self->output), 0, NULL, error))
    return FALSE;
  if (self->received > 0)
    g_seekable_seek (G_SEEKABLE (self->output), 0, G_SEEK_SET, NULL, NULL);
  self->received = 0;
  self->stall_mark = 0;
  self->total = 0;
  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->modified, g_free);
  return TRUE;
}

/* The part says whose video it holds and how to know that video again, so that quitting
 * may keep it: only for a task's download, and only when the server named the video at
 * least by its size. */
static void
record_part (VtDownload *self)
{
  VtPartRecord record = {
    .task_id = self->resume_id,
    .size = self->total,
    .etag = self->etag,
    .modified = self->modified,
  };

  self->recorded = self->resume_id != NULL &&
                   (self->total > 0 || self->etag != NULL || self->modified != NULL) &&
                   vt_download_file_write_record (self->output, &record);
  if (!self->recorded)
    vt_download_file_clear_record (self->output);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VtDownload) self = user_data;
  SoupMessageHeaders *headers;
  GError *error = NULL;
  guint status;
  guint64 total;

  self->input = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (self->input == NULL)
    {
      resume_or_fail (self, vt_download_request_error (self, error));
      return;
    }

  status = soup_message_get_status (self->message);
  headers = soup_message_get_response_headers (self->message);

  if (SOUP_STATUS_IS_REDIRECTION (status) && status != SOUP_STATUS_NOT_MODIFIED &&
      soup_message_headers_get_one (headers, "Location") != NULL)
    {
      follow_redirect (self, soup_message_headers_get_one (headers, "Location"));
      return;
    }
  self->n_redirects = 0;

  if (status == SOUP_STATUS_FORBIDDEN || status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE)
    {
      fail (self, g_error_new (VT_ERROR, VT_ERROR_LINK_EXPIRED,
                               _("The video link has expired (HTTP %u)."), status));
      return;
    }

  if (status == SOUP_STATUS_PARTIAL_CONTENT && self->received > 0 &&
      vt_download_range_resumes (headers, self->received, &total) &&
      !vt_download_same_video (self, headers, total))
    {
      /* The rest of another video (it changed behind the same link): all of it again. */
      if (!start_over (self, &error))
        {
          fail (self, vt_download_file_error (self->folder, error));
          return;
        }
      resume_or_fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                         _("the video changed on the server")));
      return;
    }
  else if (status == SOUP_STATUS_PARTIAL_CONTENT && self->received > 0 &&
           vt_download_range_resumes (headers, self->received, &total))
    {
      if (total > 0)
        self->total = total;
    }
  else if (status == SOUP_STATUS_OK)
    {
      /* From the start, also when a resume was not honoured. */
      if (!start_over (self, &error))
        {
          fail (self, vt_download_file_error (self->folder, error));
          return;
        }
      self->total = MAX (0, soup_message_headers_get_content_length (headers));
      self->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
      self->modified = g_strdup (soup_message_headers_get_one (headers, "Last-Modified"));
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TOTAL]);
      record_part (self);
    }
  else if (status >= 500 || status == SOUP_STATUS_PARTIAL_CONTENT)
    {
      resume_or_fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "HTTP %u", status));
      return;
    }
  else
    {
      fail (self, g_error_new (VT_ERROR, VT_ERROR_NETWORK,
                               _("The video server answered with HTTP error %u (%s)."),
                               status, soup_status_get_phrase (status)));
      return;
    }

  if (self->total > self->max_size)
    {
      fail (self, vt_download_too_large_error (self));
      return;
    }

  read_next (self);
}

static void
start_request (VtDownload *self)
{
  g_clear_object (&self->message);
  self->message = soup_message_new (SOUP_METHOD_GET, self->location ? self->location : self->url);
  /* Redirects are followed here, each hop checked as the first link was. */
  soup_message_add_flags (self->message, SOUP_MESSAGE_NO_REDIRECT);
  if (self->received > 0)
    {
      SoupMessageHeaders *headers = soup_message_get_request_headers (self->message);

      soup_message_headers_set_range (headers, self->received, -1);
      /* The rest only if the video is still the one begun (a weak ETag may not be used). */
      if (self->etag != NULL && !g_str_has_prefix (self->etag, "W/"))
        soup_message_headers_replace (headers, "If-Range", self->etag);
      else if (self->modified != NULL)
        soup_message_headers_replace (headers, "If-Range", self->modified);
    }

  vt_download_watch_request (self);

  soup_session_send_async (self->session, self->message, G_PRIORITY_DEFAULT,
                           self->request_cancellable, sent_cb, g_object_ref (self));
}

/* A copy: the saved file's size is the whole, as a Content-Length is for a download. */
static void
source_sized_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VtDownload) self = user_data;
  g_autoptr(GFileInfo) info = NULL;
  GError *error = NULL;

  info = g_file_input_stream_query_info_finish (G_FILE_INPUT_STREAM (object), result, &error);
  if (info == NULL)
    {
      resume_or_fail (self, error);
      return;
    }

  self->total = MAX (0, g_file_info_get_size (info));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TOTAL]);
  if (self->total > self->max_size)
    {
      fail (self, vt_download_too_large_error (self));
      return;
    }
  read_next (self);
}

static void
source_opened_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(VtDownload) self = user_data;
  GFileInputStream *input;
  GError *error = NULL;

  input = g_file_read_finish (G_FILE (object), result, &error);
  if (input == NULL)
    {
      resume_or_fail (self, error);
      return;
    }

  self->input = G_INPUT_STREAM (input);
  g_file_input_stream_query_info_async (input, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_PRIORITY_DEFAULT,
                                        self->request_cancellable, source_sized_cb,
                                        g_object_ref (self));
}

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VtDownload) self = user_data;
  g_autoptr(VtPartRecord) resumed = NULL;
  GError *error = NULL;

  self->output = vt_download_file_prepare_finish (result, &self->target, &self->part, &resumed,
                                                  &error);
  if (self->output == NULL)
    {
      complete_task (self, vt_download_file_error (self->folder, error));
      return;
    }

  if (resumed != NULL)
    {
      /* Kept by an earlier run for this task: its bytes are the video's start. */
      self->recorded = TRUE;
      self->received = resumed->have;
      self->total = resumed->have > 0 ? resumed->size : 0;
      if (resumed->have > 0)
        {
          self->etag = g_steal_pointer (&resumed->etag);
          self->modified = g_steal_pointer (&resumed->modified);
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TOTAL]);
      notify_progress (self, TRUE);
    }

  self->buffer = g_malloc (CHUNK_SIZE);
  self->speed_since = vt_clock_get_monotonic (self->clock);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FILE]);

  if (self->source != NULL)
    {
      /* Its own, as a request's is: the task's cancellable cancels it (task_cancelled_cb). */
      self->request_cancellable = g_cancellable_new ();
      if (g_cancellable_is_cancelled (g_task_get_cancellable (self->task)))
        g_cancellable_cancel (self->request_cancellable);
      g_file_read_async (self->source, G_PRIORITY_DEFAULT, self->request_cancellable,
                         source_opened_cb, g_object_ref (self));
      return;
    }

  start_request (self);
}

static void
vt_download_dispose (GObject *object)
{
  VtDownload *self = (VtDownload *)object;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->stall_source, g_source_remove);

  G_OBJECT_CLASS (vt_download_parent_class)->dispose (object);
}

static void
vt_download_finalize (GObject *object)
{
  VtDownload *self = (VtDownload *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->clock);
  g_clear_object (&self->request_cancellable);
  g_clear_object (&self->folder);
  g_clear_object (&self->target);
  g_clear_object (&self->exact_target);
  g_clear_object (&self->source);
  g_clear_object (&self->part);
  g_clear_object (&self->output);
  g_clear_error (&self->failure);
  g_clear_object (&self->input);
  g_clear_object (&self->message);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->buffer, g_free);
  g_clear_pointer (&self->resume_id, g_free);
  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->modified, g_free);

  G_OBJECT_CLASS (vt_download_parent_class)->finalize (object);
}

static void
vt_download_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VtDownload *self = VT_DOWNLOAD (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_RECEIVED:
      g_value_set_uint64 (value, self->received);
      break;
    case PROP_TOTAL:
      g_value_set_uint64 (value, self->total);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->target);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_download_class_init (VtDownloadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_download_dispose;
  object_class->finalize = vt_download_finalize;
  object_class->get_property = vt_download_get_property;

  properties [PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, VT_TYPE_DOWNLOAD_STATE, VT_DOWNLOAD_STATE_RUNNING,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_RECEIVED] =
    g_param_spec_uint64 ("received", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_TOTAL] =
    g_param_spec_uint64 ("total", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vt_download_init (VtDownload *self)
{
  self->clock = g_object_ref (vt_clock_get_system ());
  self->max_size = VT_DOWNLOAD_MAX_SIZE;
}

static VtDownload *
vt_download_new_internal (char       *url,
                          const char *name)
{
  VtDownload *self = g_object_new (VT_TYPE_DOWNLOAD, NULL);

  self->url = url;
  self->name = vt_download_sanitize_name (name);
  return self;
}

/**
 * vt_download_new:
 * @session: a session that adds no credentials (not the API client's requests)
 * @name: the label or ID the file is named after; it is sanitized here
 */
VtDownload *
vt_download_new (SoupSession *session,
                 const char  *url,
                 GFile       *folder,
                 const char  *name)
{
  VtDownload *self;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  self = vt_download_new_internal (g_strdup (url), name);
  self->session = g_object_ref (session);
  self->folder = g_object_ref (folder);
  return self;
}

/**
 * vt_download_new_copy:
 * @source: a video saved earlier
 * @target: the file the user chose (Save As); it is replaced, as the file chooser confirmed
 *
 * A copy of a video already on this computer, made and reported as a download is: into a
 * part file beside @target, moved into place only when complete, with progress.
 */
VtDownload *
vt_download_new_copy (GFile *source,
                      GFile *target)
{
  VtDownload *self;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (source), NULL);
  g_return_val_if_fail (G_IS_FILE (target), NULL);

  name = g_file_get_basename (target);
  self = vt_download_new_internal (g_file_get_uri (source), name);
  self->source = g_object_ref (source);
  vt_download_set_exact_target (self, target);
  return self;
}

/**
 * vt_download_set_exact_target:
 * @file: the file the user chose (Save As); it is replaced, as the file chooser confirmed
 *
 * Saves to @file instead of a free name in the folder. Call before running.
 */
void
vt_download_set_exact_target (VtDownload *self,
                              GFile      *file)
{
  g_autoptr(GFile) parent = NULL;

  g_return_if_fail (VT_IS_DOWNLOAD (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->task == NULL);

  parent = g_file_get_parent (file);
  g_return_if_fail (parent != NULL);

  g_set_object (&self->exact_target, file);
  g_set_object (&self->folder, parent);
}

/* Stalls are timed and resumes wait on @clock (tests use a manual one). Call before running. */
void
vt_download_set_clock (VtDownload *self,
                       VtClock    *clock)
{
  g_return_if_fail (VT_IS_DOWNLOAD (self));
  g_return_if_fail (VT_IS_CLOCK (clock));
  g_return_if_fail (self->task == NULL);

  g_set_object (&self->clock, clock);
}

/* The most bytes a video may have; VT_DOWNLOAD_MAX_SIZE unless set (tests set less). */
void
vt_download_set_max_size (VtDownload *self,
                          guint64     max_size)
{
  g_return_if_fail (VT_IS_DOWNLOAD (self));
  g_return_if_fail (self->task == NULL);

  self->max_size = max_size;
}

/**
 * vt_download_set_resume_id:
 * @id: the ID of the task whose video this is
 *
 * Lets the download keep its part file when it is stopped by quitting, and go on from a part
 * kept for @id under its name. Not for Save As. Call before running.
 */
void
vt_download_set_resume_id (VtDownload *self,
                           const char *id)
{
  g_return_if_fail (VT_IS_DOWNLOAD (self));
  g_return_if_fail (self->task == NULL);

  g_free (self->resume_id);
  self->resume_id = g_strdup (id);
}

/**
 * vt_download_keep_part:
 *
 * The application quits: when the download is cancelled, its part file is kept (if it can be
 * resumed) instead of removed. Without a main loop to run the cancel, the part stays anyway.
 */
void
vt_download_keep_part (VtDownload *self)
{
  g_return_if_fail (VT_IS_DOWNLOAD (self));

  self->keep_part = TRUE;
}

static void
task_cancelled_cb (GCancellable *cancellable,
                   VtDownload   *self)
{
  if (self->request_cancellable != NULL)
    g_cancellable_cancel (self->request_cancellable);
}

VtDownloadState
vt_download_get_state (VtDownload *self)
{
  g_return_val_if_fail (VT_IS_DOWNLOAD (self), VT_DOWNLOAD_STATE_FAILED);
  return self->state;
}

guint64
vt_download_get_received (VtDownload *self)
{
  g_return_val_if_fail (VT_IS_DOWNLOAD (self), 0);
  return self->received;
}

guint64
vt_download_get_total (VtDownload *self)
{
  g_return_val_if_fail (VT_IS_DOWNLOAD (self), 0);
  return self->total;
}

double
vt_download_get_speed (VtDownload *self)
{
  g_return_val_if_fail (VT_IS_DOWNLOAD (self), 0);
  return self->speed;
}

/**
 * vt_download_get_file:
 *
 * Returns: (transfer none) (nullable): where the video goes (before it is done) or is
 */
GFile *
vt_download_get_file (VtDownload *self)
{
  g_return_val_if_fail (VT_IS_DOWNLOAD (self), NULL);
  return self->target;
}

guint
vt_download_get_n_resumes (VtDownload *self)
{
  g_return_val_if_fail (VT_IS_DOWNLOAD (self), 0);
  return self->n_resumes;
}

void
vt_download_run_async (VtDownload          *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (VT_IS_DOWNLOAD (self));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, vt_download_run_async);
  set_state (self, VT_DOWNLOAD_STATE_RUNNING);
  if (cancellable != NULL)
    self->cancelled_handler = g_cancellable_connect (cancellable, G_CALLBACK (task_cancelled_cb),
                                                     self, NULL);

  if (self->source == NULL && !vt_api_link_is_safe (self->url))
    {
      complete_task (self, vt_download_unsafe_link_error ());
      return;
    }

  vt_download_file_prepare_async (self->folder, self->name, self->exact_target,
                                  self->exact_target == NULL ? self->resume_id : NULL,
                                  cancellable, prepared_cb, g_object_ref (self));
}

gboolean
vt_download_run_finish (VtDownload    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (VT_IS_DOWNLOAD (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
