/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The loopback MiniMax API as a program, for `build-aux/run --demo` and manual testing. */

#include "config.h"

#include <glib-unix.h>

#include "vt-mock-server.h"

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VtMockServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *api_key = NULL;
  int preparing = 5;
  int processing = 20;
  int video_kib = 2048;
  int video_rate = 0;
  int h3_tasks = 0;
  g_auto(GStrv) aliases = NULL;
  GOptionEntry entries[] = {
    { "api-key", 0, 0, G_OPTION_ARG_STRING, &api_key, "The key the server accepts", "KEY" },
    { "preparing", 0, 0, G_OPTION_ARG_INT, &preparing, "Seconds a task is Preparing", "S" },
    { "processing", 0, 0, G_OPTION_ARG_INT, &processing, "Seconds a task is Processing", "S" },
    { "video-kib", 0, 0, G_OPTION_ARG_INT, &video_kib, "Size of the served videos", "KIB" },
    { "video-rate", 0, 0, G_OPTION_ARG_INT, &video_rate, "Serve videos at this many KiB/s (0: at once)", "KIB" },
    { "alias", 0, 0, G_OPTION_ARG_STRING_ARRAY, &aliases,
      "Make task ID behave as a scripted one (fail-1026, http-503, video-…, h3-…)", "ID=SCRIPTED" },
    { "h3-tasks", 0, 0, G_OPTION_ARG_INT, &h3_tasks, "H3 tasks the account lists", "N" },
    { NULL }
  };

  context = g_option_context_new ("- a loopback MiniMax query API");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      preparing < 0 || processing < 0 || video_kib <= 0 || video_rate < 0 || h3_tasks < 0)
    {
      g_printerr ("%s\n", error ? error->message : "Durations and sizes must be positive");
      return 2;
    }

  server = vt_mock_server_new (api_key ? api_key : "demo-key", &error);
  if (server == NULL)
    {
      g_printerr ("Cannot listen: %s\n", error->message);
      return 1;
    }
  vt_mock_server_set_h3_listed (server, (guint) h3_tasks);

  for (guint i = 0; aliases != NULL && aliases[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (aliases[i], "=", 2);

      if (g_strv_length (pair) != 2)
        {
          g_printerr ("--alias takes ID=SCRIPTED, not “%s”\n", aliases[i]);
          return 2;
        }
      vt_mock_server_add_alias (server, pair[0], pair[1]);
    }

  vt_mock_server_set_timing (server, preparing * 1000, processing * 1000);
  vt_mock_server_set_video_size (server, (gsize) video_kib * 1024);
  vt_mock_server_set_video_rate (server, (gsize) video_rate * 1024);

  /* The first line is the API host; scripts read it. */
  g_print ("%s\n%s\n", vt_mock_server_get_api_url (server), vt_mock_server_get_cdn_url (server));

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  return 0;
}
