/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Downloads URL into FOLDER with VtDownload; prints wall time and how much the peak
 * resident memory grew during the download. */

#include "config.h"

#include "vt-download.h"

static guint64
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  g_file_get_contents ("/proc/self/status", &status, NULL, NULL);
  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], field))
      return g_ascii_strtoull (lines[i] + strlen (field), NULL, 10);
  return 0;
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GError **error = user_data;

  if (!vt_download_run_finish (VT_DOWNLOAD (object), result, error) && *error == NULL)
    g_assert_not_reached ();
  g_main_loop_quit (g_object_get_data (object, "loop"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(VtDownload) download = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GError *error = NULL;
  guint64 rss_before;
  gint64 start;

  if (argc != 3)
    {
      g_printerr ("Usage: bench-download URL FOLDER\n");
      return 2;
    }

  session = soup_session_new ();
  folder = g_file_new_for_path (argv[2]);
  download = vt_download_new (session, argv[1], folder, "benchmark");
  g_object_set_data (G_OBJECT (download), "loop", loop);

  rss_before = status_kib ("VmRSS:");
  start = g_get_monotonic_time ();
  vt_download_run_async (download, NULL, done_cb, &error);
  g_main_loop_run (loop);

  if (error != NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_print ("%.3f s, %" G_GUINT64_FORMAT " bytes, peak RSS grew %" G_GUINT64_FORMAT " KiB "
           "(from %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT " KiB)\n",
           (g_get_monotonic_time () - start) / 1e6, vt_download_get_received (download),
           status_kib ("VmHWM:") - rss_before, rss_before, status_kib ("VmHWM:"));
  return 0;
}
