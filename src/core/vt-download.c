/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-download"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vt-api.h"
#include "vt-download.h"
#include "vt-enums.h"
#include "vt-error.h"

/*
 * One video from the CDN to a file: streamed into "<name>.mp4.part" beside the target and
 * renamed into place only when every byte announced by Content-Length arrived. A dropped
 * connection resumes with Range a few times; a cancel or a final failure removes the part
 * file. The request never carries the API key: the CDN is not the API host.
 */

#define CHUNK_SIZE         (256 * 1024)
#define MAX_NAME_BYTES     180
#define PROGRESS_INTERVAL  (100 * 1000)      /* µs between notifications */
#define SPEED_WINDOW       (500 * 1000)      /* µs over which the speed is measured */

struct _VtDownload
{
  GObject            parent_instance;

  SoupSession       *session;
  char              *url;
  GFile             *folder;
  char              *name;

  GTask             *task;
  GFile             *target;
  GFile             *part;
  GFileOutputStream *output;
  GInputStream      *input;
  SoupMessage       *message;
  guint8            *buffer;
  guint              retry_source;

  GFile             *exact_target;    /* Save As: this file, replaced if it exists */
  VtDownloadState    state;
  guint64            received;
  guint64            total;
  double             speed;
  gint64             last_notify;
  gint64             speed_since;
  guint64            speed_bytes;
  guint              n_resumes;
};

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

/**
 * vt_download_pick_target:
 *
 * Returns: (transfer full): `<folder>/<base_name>.mp4`, or `<base_name> (2).mp4` and so on:
 *   the first name taken neither by a file nor by another download's part file
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

      if (!g_file_query_exists (target, cancellable) && !g_file_query_exists (part, cancellable))
        return g_steal_pointer (&target);
    }

  g_set_error (error, VT_ERROR, VT_ERROR_SAVE, _("No free file name was found for “%s”."), base_name);
  return NULL;
}

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

static GError *
save_error (VtDownload *self,
            GError     *error)
{
  g_autofree char *where = g_file_get_parse_name (self->folder);
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

/* The end, either way: the part file goes unless the video is complete. */

static void
complete_task (VtDownload *self,
               GError     *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_clear_handle_id (&self->retry_source, g_source_remove);
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
fail (VtDownload *self,
      GError     *error)
{
  /* Close and remove synchronously: small calls, and nothing may be left half written. */
  if (self->output != NULL)
    g_output_stream_close (G_OUTPUT_STREAM (self->output), NULL, NULL);
  g_clear_object (&self->output);
  if (self->part != NULL)
    g_file_delete (self->part, NULL, NULL);

  complete_task (self, error);
}

static void
notify_progress (VtDownload *self,
                 gboolean    force)
{
  gint64 now = g_get_monotonic_time ();

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

static void
moved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VtDownload) self = user_data;
  GError *error = NULL;
  GFile *target = g_task_propagate_pointer (G_TASK (result), &error);

  if (target == NULL)
    {
      fail (self, save_error (self, error));
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
  g_autoptr(GTask) move = NULL;
  GError *error = NULL;
  MoveData *data;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error))
    {
      fail (self, save_error (self, error));
      return;
    }
  g_clear_object (&self->output);

  data = g_new0 (MoveData, 1);
  data->part = g_object_ref (self->part);
  data->target = g_object_ref (self->target);
  data->folder = g_object_ref (self->folder);
  data->name = g_strdup (self->name);
  data->replace = self->exact_target != NULL;

  move = g_task_new (NULL, NULL, moved_cb, g_object_ref (self));
  g_task_set_task_data (move, data, (GDestroyNotify) move_data_free);
  g_task_run_in_thread (move, move_thread);
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
  self->n_resumes++;
  self->retry_source = g_timeout_add (VT_DOWNLOAD_RESUME_DELAY_MS << (self->n_resumes - 1), retry_cb, self);
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
      fail (self, save_error (self, error));
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
      resume_or_fail (self, error);
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

      notify_progress (self, TRUE);
      g_output_stream_close_async (G_OUTPUT_STREAM (self->output), G_PRIORITY_DEFAULT, NULL,
                                   closed_cb, g_object_ref (self));
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
                             g_task_get_cancellable (self->task), read_cb, g_object_ref (self));
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
  goffset start, end, total;

  self->input = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (self->input == NULL)
    {
      resume_or_fail (self, error);
      return;
    }

  status = soup_message_get_status (self->message);
  headers = soup_message_get_response_headers (self->message);

  if (status == SOUP_STATUS_FORBIDDEN || status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE)
    {
      fail (self, g_error_new (VT_ERROR, VT_ERROR_LINK_EXPIRED,
                               _("The video link has expired (HTTP %u)."), status));
      return;
    }

  if (status == SOUP_STATUS_PARTIAL_CONTENT && self->received > 0 &&
      soup_message_headers_get_content_range (headers, &start, &end, &total) &&
      (guint64) start == self->received)
    {
      if (total > 0)
        self->total = total;
    }
  else if (status == SOUP_STATUS_OK)
    {
      /* From the start, also when a resume was not honoured. */
      if (self->received > 0 &&
          !g_seekable_truncate (G_SEEKABLE (self->output), 0, NULL, &error))
        {
          fail (self, save_error (self, error));
          return;
        }
      if (self->received > 0)
        g_seekable_seek (G_SEEKABLE (self->output), 0, G_SEEK_SET, NULL, NULL);
      self->received = 0;
      self->total = MAX (0, soup_message_headers_get_content_length (headers));
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TOTAL]);
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

  read_next (self);
}

static void
start_request (VtDownload *self)
{
  g_clear_object (&self->message);
  self->message = soup_message_new (SOUP_METHOD_GET, self->url);
  if (self->received > 0)
    soup_message_headers_set_range (soup_message_get_request_headers (self->message),
                                    self->received, -1);

  soup_session_send_async (self->session, self->message, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (self->task), sent_cb, g_object_ref (self));
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

  target_name = g_file_get_basename (data->target);
  part_name = g_strconcat (target_name, ".part", NULL);
  data->part = g_file_get_child (data->folder, part_name);
  if (data->exact_target != NULL)
    data->output = g_file_replace (data->part, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, &error);
  else
    data->output = g_file_create (data->part, G_FILE_CREATE_NONE, cancellable, &error);
  if (data->output == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VtDownload) self = user_data;
  PrepareData *data = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      complete_task (self, save_error (self, error));
      return;
    }

  self->target = g_object_ref (data->target);
  self->part = g_object_ref (data->part);
  self->output = g_object_ref (data->output);
  self->buffer = g_malloc (CHUNK_SIZE);
  self->speed_since = g_get_monotonic_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FILE]);

  start_request (self);
}

static void
vt_download_dispose (GObject *object)
{
  VtDownload *self = (VtDownload *)object;

  g_clear_handle_id (&self->retry_source, g_source_remove);

  G_OBJECT_CLASS (vt_download_parent_class)->dispose (object);
}

static void
vt_download_finalize (GObject *object)
{
  VtDownload *self = (VtDownload *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->folder);
  g_clear_object (&self->target);
  g_clear_object (&self->exact_target);
  g_clear_object (&self->part);
  g_clear_object (&self->output);
  g_clear_object (&self->input);
  g_clear_object (&self->message);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->buffer, g_free);

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

  self = g_object_new (VT_TYPE_DOWNLOAD, NULL);
  self->session = g_object_ref (session);
  self->url = g_strdup (url);
  self->folder = g_object_ref (folder);
  self->name = vt_download_sanitize_name (name);
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
  g_autoptr(GTask) prepare = NULL;
  PrepareData *data;

  g_return_if_fail (VT_IS_DOWNLOAD (self));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, vt_download_run_async);
  set_state (self, VT_DOWNLOAD_STATE_RUNNING);

  if (!vt_api_link_is_safe (self->url))
    {
      complete_task (self, g_error_new (VT_ERROR, VT_ERROR_UNSAFE_LINK,
                                        _("The video link is not a secure (https) address, so it "
                                          "was not downloaded.")));
      return;
    }

  data = g_new0 (PrepareData, 1);
  data->folder = g_object_ref (self->folder);
  data->name = g_strdup (self->name);
  data->exact_target = self->exact_target != NULL ? g_object_ref (self->exact_target) : NULL;
  prepare = g_task_new (NULL, cancellable, prepared_cb, g_object_ref (self));
  g_task_set_task_data (prepare, data, (GDestroyNotify) prepare_data_free);
  g_task_run_in_thread (prepare, prepare_thread);
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
