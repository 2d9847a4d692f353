/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-media"

/*
 * What GTK's media backend sets up lazily, and not safely from two threads, done once on
 * the main thread before the first video is opened (a preview, or a thumbnail in a worker).
 *
 *   - Which backend (gtk_media_file_get_impl_type() keeps it in a static without a lock):
 *     an empty media file is made, which only loads the backend's module.
 *   - From GTK 4.14, the display's dma-buf formats: GStreamer's streaming threads ask for
 *     them as they negotiate (GtkGstSink's caps query), and two first asks at once overwrite
 *     each other's GError and corrupt GTK's state (crashes seen with GTK 4.18 / Mesa 25 when
 *     two thumbnails and a preview start together). Asked here first, later asks only read.
 */

#include "config.h"

#include "vt-limits.h"
#include "vt-media.h"

/* Streams paused and waiting to be closed (vt_media_release()). */
static guint n_releasing;

void
vt_media_prepare (void)
{
  static gboolean prepared = FALSE;

  if (prepared)
    return;
  prepared = TRUE;

  g_object_unref (gtk_media_file_new ());
#if GTK_CHECK_VERSION (4, 14, 0)
  if (gdk_display_get_default () != NULL)
    gdk_display_get_dmabuf_formats (gdk_display_get_default ());
#endif
}

static gboolean
release_cb (gpointer user_data)
{
  GtkMediaStream *stream = user_data;

  if (GTK_IS_MEDIA_FILE (stream))
    gtk_media_file_clear (GTK_MEDIA_FILE (stream));
  g_object_unref (stream);
  n_releasing--;
  return G_SOURCE_REMOVE;
}

/**
 * vt_media_release:
 * @stream: (transfer full): a stream no longer shown
 *
 * Pauses @stream and closes it a moment later, on the main thread. GStreamer's souphttpsrc
 * (a preview streamed from its link) crashed in its session thread when its pipeline was
 * torn down while it was starting a request, as Loop does at each end (GStreamer 1.26, seen
 * in window-details on Debian 13): paused first, it has none under way when it goes.
 */
void
vt_media_release (GtkMediaStream *stream)
{
  g_return_if_fail (GTK_IS_MEDIA_STREAM (stream));

  gtk_media_stream_pause (stream);
  n_releasing++;
  g_timeout_add (VT_MEDIA_RELEASE_DELAY_MS, release_cb, stream);
}

/* How many streams vt_media_release() has not closed yet (the application waits for them
 * when it quits). */
guint
vt_media_get_n_releasing (void)
{
  return n_releasing;
}
