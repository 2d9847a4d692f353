/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-body-stream"

/*
 * A large request body, read a piece at a time after the windows' redraws.
 *
 * libsoup writes a body by splicing it into the socket a few kilobytes at a time. From
 * memory, every read and (on loopback, or a fast link) every write is ready at once, so the
 * splice's steps ran back to back at the default priority, ahead of the frame clock's
 * redraws: a creation's 25 MB body held both windows' frames 80-120 ms. Here each
 * asynchronous read completes from a source of G_PRIORITY_DEFAULT_IDLE (after GDK's redraws,
 * at G_PRIORITY_HIGH_IDLE + 20), whatever priority was asked, so that a frame due is drawn
 * between two pieces. Nothing is copied but the piece read.
 */

#include "config.h"

#include <string.h>

#include "vt-body-stream.h"

struct _VtBodyStream
{
  GInputStream  parent_instance;
  GBytes       *bytes;
  gsize         offset;
};

G_DEFINE_FINAL_TYPE (VtBodyStream, vt_body_stream, G_TYPE_INPUT_STREAM)

static gssize
vt_body_stream_read (GInputStream  *stream,
                     void          *buffer,
                     gsize          count,
                     GCancellable  *cancellable,
                     GError       **error)
{
  VtBodyStream *self = VT_BODY_STREAM (stream);
  gsize size;
  const guint8 *data = g_bytes_get_data (self->bytes, &size);
  gsize n = MIN (count, size - self->offset);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;
  memcpy (buffer, data + self->offset, n);
  self->offset += n;
  return (gssize) n;
}

static void
vt_body_stream_read_async (GInputStream        *stream,
                           void                *buffer,
                           gsize                count,
                           int                  io_priority,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (stream, cancellable, callback, user_data);
  GError *error = NULL;
  gssize n;

  g_task_set_source_tag (task, vt_body_stream_read_async);
  /* Returned in this iteration, a task completes from a source of its priority. */
  g_task_set_priority (task, MAX (io_priority, G_PRIORITY_DEFAULT_IDLE));
  n = vt_body_stream_read (stream, buffer, count, cancellable, &error);
  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

static gssize
vt_body_stream_read_finish (GInputStream  *stream,
                            GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

static gboolean
vt_body_stream_close (GInputStream  *stream,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return TRUE;
}

static void
vt_body_stream_finalize (GObject *object)
{
  VtBodyStream *self = VT_BODY_STREAM (object);

  g_bytes_unref (self->bytes);
  G_OBJECT_CLASS (vt_body_stream_parent_class)->finalize (object);
}

static void
vt_body_stream_class_init (VtBodyStreamClass *klass)
{
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = vt_body_stream_finalize;
  stream_class->read_fn = vt_body_stream_read;
  stream_class->read_async = vt_body_stream_read_async;
  stream_class->read_finish = vt_body_stream_read_finish;
  stream_class->close_fn = vt_body_stream_close;
}

static void
vt_body_stream_init (VtBodyStream *self)
{
}

/* Returns: (transfer full): a stream of @bytes, which it keeps a reference to */
GInputStream *
vt_body_stream_new (GBytes *bytes)
{
  VtBodyStream *self = g_object_new (VT_TYPE_BODY_STREAM, NULL);

  self->bytes = g_bytes_ref (bytes);
  return G_INPUT_STREAM (self);
}
