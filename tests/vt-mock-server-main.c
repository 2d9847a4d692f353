/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The loopback MiniMax API as a program, for `build-aux/run --demo` and manual testing. */

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include "vt-mock-server.h"
#include "vt-task.h"

/* The demo's tasks: what a user's list could hold, each ID in its kind's format (18 digits
 * for Video Agent, 15 for Hailuo and H3, as in MiniMax's examples), each behaving as one of
 * the server's scripted IDs, so that the list shows every state and kind. NULL: the task
 * just progresses, at the pace its last digit sets. */
static const struct
{
  const char *id;
  VtTaskKind  kind;
  const char *label;
  const char *behaviour;
} demo_tasks[] = {
  { "401047179385389056", VT_TASK_KIND_AGENT, "A red fox running through snow at dawn", NULL },
  { "176843862716480", VT_TASK_KIND_VIDEO, "Paper boats drifting down a rainy street",
    "video-176843862716480" },
  { "424010985738629", VT_TASK_KIND_H3, "Time-lapse of a city skyline from dusk to night",
    "h3-424010985738629" },
  { "401047179385389059", VT_TASK_KIND_AGENT, "Diving: a girl leaps into a turquoise lagoon", NULL },
  { "401047179385389061", VT_TASK_KIND_AGENT, "Run for Life: a stuntman sprints along a cliff edge",
    "fail-1026" },
  { "401047179385389063", VT_TASK_KIND_AGENT, "Old film footage of a parade, colourised",
    "fail-1027" },
  { "401047179385389066", VT_TASK_KIND_AGENT, "Lanterns rising over a lake at night", "http-503" },
  { "401047179385389068", VT_TASK_KIND_AGENT, "A hot air balloon drifting over lavender fields",
    "unknown-status" },
};

/* The first ID the account's H3 list shows in the demo. */
#define DEMO_H3_FIRST_ID G_GUINT64_CONSTANT (424011207731450)

/* Writes the demo's tasks as the app's list at @path, and makes their IDs behave. */
static gboolean
set_up_demo (VtMockServer  *server,
             const char    *path,
             GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *folder = g_path_get_dirname (path);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "tasks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (demo_tasks); i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, demo_tasks[i].id);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, vt_task_kind_to_string (demo_tasks[i].kind));
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, demo_tasks[i].label);
      json_builder_end_object (builder);
      if (demo_tasks[i].behaviour != NULL)
        vt_mock_server_add_alias (server, demo_tasks[i].id, demo_tasks[i].behaviour);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  vt_mock_server_set_h3_listed_first_id (server, DEMO_H3_FIRST_ID);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s", folder,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return json_generator_to_file (generator, path, error);
}

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
  g_autofree char *demo_list = NULL;
  g_autofree char *video = NULL;
  GOptionEntry entries[] = {
    { "api-key", 0, 0, G_OPTION_ARG_STRING, &api_key, "The key the server accepts", "KEY" },
    { "preparing", 0, 0, G_OPTION_ARG_INT, &preparing, "Seconds a task is Preparing", "S" },
    { "processing", 0, 0, G_OPTION_ARG_INT, &processing, "Seconds a task is Processing", "S" },
    { "video-kib", 0, 0, G_OPTION_ARG_INT, &video_kib, "Size of the served videos", "KIB" },
    { "video", 0, 0, G_OPTION_ARG_FILENAME, &video, "Serve this video file (padded to --video-kib)", "FILE" },
    { "video-rate", 0, 0, G_OPTION_ARG_INT, &video_rate, "Serve videos at this many KiB/s (0: at once)", "KIB" },
    { "alias", 0, 0, G_OPTION_ARG_STRING_ARRAY, &aliases,
      "Make task ID behave as a scripted one (fail-1026, http-503, video-…, h3-…)", "ID=SCRIPTED" },
    { "h3-tasks", 0, 0, G_OPTION_ARG_INT, &h3_tasks, "H3 tasks the account lists", "N" },
    { "demo-list", 0, 0, G_OPTION_ARG_FILENAME, &demo_list,
      "Write the demo's tasks as the app's list there; their IDs and the listed H3 tasks' look real",
      "FILE" },
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

  if (demo_list != NULL && !set_up_demo (server, demo_list, &error))
    {
      g_printerr ("Cannot write the demo's list: %s\n", error->message);
      return 1;
    }

  vt_mock_server_set_timing (server, preparing * 1000, processing * 1000);
  vt_mock_server_set_video_size (server, (gsize) video_kib * 1024);
  if (video != NULL)
    {
      g_autoptr(GMappedFile) mapped = g_mapped_file_new (video, FALSE, &error);
      g_autoptr(GBytes) bytes = NULL;

      if (mapped == NULL)
        {
          g_printerr ("Cannot read the video: %s\n", error->message);
          return 1;
        }
      bytes = g_mapped_file_get_bytes (mapped);
      vt_mock_server_set_video (server, bytes, (gsize) video_kib * 1024);
    }
  vt_mock_server_set_video_rate (server, (gsize) video_rate * 1024);

  /* The first line is the API host; scripts read it. */
  g_print ("%s\n%s\n", vt_mock_server_get_api_url (server), vt_mock_server_get_cdn_url (server));

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  return 0;
}
