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

#include "vt-media.h"

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
