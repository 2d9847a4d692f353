/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a thumbnail costs of a video link: fetches what its first frame needs (vt-video-head)
 * from URL into a sparse file, and prints how much was read of how much, how long it took,
 * and how much of the file is on disk. */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "vt-video-head.h"

static gboolean ok;

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GMainLoop *loop = user_data;
  g_autoptr(GError) error = NULL;
  guint64 total = 0, read = 0;

  if (!vt_video_head_fetch_finish (result, &total, &read, &error))
    g_printerr ("Failed: %s\n", error->message);
  else
    g_print ("Read %.2f MB of a %.1f MB video", read / 1e6, total / 1e6);
  ok = error == NULL;
  g_main_loop_quit (loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *dir = g_dir_make_tmp ("vt-bench-head-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "head.mp4", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gint64 started;
  GStatBuf buf;

  if (argc != 2)
    {
      g_printerr ("Usage: %s URL\n", argv[0]);
      return 2;
    }

  started = g_get_monotonic_time ();
  vt_video_head_fetch_async (session, argv[1], file, NULL, fetched_cb, loop);
  g_main_loop_run (loop);
  if (ok && g_stat (path, &buf) == 0)
    g_print (" in %.0f ms; %.2f MB of the file is on disk\n", (g_get_monotonic_time () - started) / 1000.0,
             buf.st_blocks * 512 / 1e6);
  g_unlink (path);
  g_rmdir (dir);
  return ok ? 0 : 1;
}
