/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `video-tasks --status` end to end: the real executable against the loopback API. */

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <unistd.h>
#include <json-glib/json-glib.h>

#include "test-util.h"
#include "vt-mock-server.h"
#include "vt-secret.h"

#define KEY "cli-test-key"

static VtMockServer *server;
static const char *data_home;   /* XDG_DATA_HOME for the program, when a test sets one */
static const char *api_host;    /* MINIMAX_API_HOST, when a test sets one; else the server's */

typedef struct
{
  gboolean  done;
  int       status;
  char     *out;
  char     *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &run->out, &run->err,
                                        &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (object));
  run->done = TRUE;
}

/* Runs video-tasks with @args; @api_key NULL leaves MINIMAX_API_KEY unset. */
static void
run_cli (const char * const *args,
         const char         *api_key,
         Run                *run)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                         G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (char *) g_getenv ("VIDEO_TASKS"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "MINIMAX_API_HOST",
                                api_host != NULL ? api_host : vt_mock_server_get_api_url (server),
                                TRUE);
  if (api_key != NULL)
    g_subprocess_launcher_setenv (launcher, "MINIMAX_API_KEY", api_key, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "MINIMAX_API_KEY");
  if (data_home != NULL)
    g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);

  run_clear (run);
  run->done = FALSE;
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, run);
  vt_test_wait_until (run->done);
}

static char **
lines (const char *out)
{
  g_autofree char *trimmed = g_strdup (out);
  gsize len = strlen (trimmed);

  g_assert_true (len > 0 && trimmed[len - 1] == '\n');
  trimmed[len - 1] = '\0';
  return g_strsplit (trimmed, "\n", -1);
}

typedef struct
{
  const char *id;
  const char *status;
  const char *detail_contains;   /* NULL: the detail column is empty */
} Expect;

static const Expect behaviours[] = {
  { "fail", "Fail", "failed" },
  { "fail-1026", "Fail", "input contains sensitive content" },
  { "fail-1027", "Fail", "video because it contains sensitive content" },
  { "unknown-status", "Unknown", "Queued" },
  { "error-1000", "Error", "error 1000" },
  { "error-1004", "Error", "region" },
  { "error-1008", "Error", "balance" },
  { "error-2013", "Error", "task ID" },
  { "error-2049", "Error", "region" },
  { "error-2056", "Error", "usage limit" },
  { "error-4321", "Error", "mock error" },
  { "http-401", "Error", "HTTP 401" },
  { "http-503", "Error", "HTTP 503" },
  { "redirect", "Error", "not followed" },
  { "malformed", "Error", "could not be read" },
  { "html", "Error", "web page" },
  { "not-object", "Error", "unexpected shape" },
  { "wrong-type", "Error", "unexpected value" },
  { "no-base-resp", "Error", "incomplete" },
  { "mismatch", "Error", "another task" },
  { "no-link", "Error", "no video link" },
  { "unsafe-link", "Error", "not a secure" },
  { "control-link", "Error", "not a secure" },
  { "space-link", "Error", "not a secure" },
  { "control-status", "Unknown", "Queued" },
  { "huge", "Error", "larger than 64 KiB" },
  { "huge-chunked", "Error", "larger than 64 KiB" },
};

/* Nothing the server sent can drive the terminal: no C0 control but the format's tabs and
 * new lines, no DEL, no C1 (the output is UTF-8, so a C1 control is C2 80…C2 9F). */
static void
assert_no_controls (const char *out)
{
  for (const guchar *p = (const guchar *) out; *p != '\0'; p++)
    {
      if (*p < 0x20 && *p != '\t' && *p != '\n')
        g_error ("control 0x%02x at %" G_GSIZE_FORMAT, *p, (gsize) (p - (const guchar *) out));
      g_assert_cmpuint (*p, !=, 0x7f);
      if (*p == 0xc2)
        g_assert_false (p[1] >= 0x80 && p[1] <= 0x9f);
    }
}

static void
test_every_behaviour (void)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(GStrv) out_lines = NULL;
  Run run = { 0 };

  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  /* Real-looking IDs that behave as the mock server's scripted ones. */
  vt_mock_server_set_timing (server, 0, 0);
  g_ptr_array_add (args, "--status");
  for (guint i = 0; i < G_N_ELEMENTS (behaviours); i++)
    {
      char *id = g_strdup_printf ("98%08u", i);

      vt_mock_server_add_alias (server, id, behaviours[i].id);
      g_ptr_array_add (ids, id);
      g_ptr_array_add (args, id);
    }
  g_ptr_array_add (args, NULL);

  run_cli ((const char * const *) args->pdata, KEY, &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "");

  out_lines = lines (run.out);
  g_assert_cmpuint (g_strv_length (out_lines), ==, G_N_ELEMENTS (behaviours));
  for (guint i = 0; i < G_N_ELEMENTS (behaviours); i++)
    {
      g_auto(GStrv) fields = g_strsplit (out_lines[i], "\t", -1);

      g_test_message ("%s", out_lines[i]);
      g_assert_cmpuint (g_strv_length (fields), ==, 3);
      g_assert_cmpstr (fields[0], ==, ids->pdata[i]);
      g_assert_cmpstr (fields[1], ==, behaviours[i].status);
      g_assert_nonnull (strstr (fields[2], behaviours[i].detail_contains));
    }

  assert_no_controls (run.out);

  /* Words for a terminal: no "Checking will be retried" from a command that then exits, no
   * Preferences for a key that came from the environment. */
  g_assert_null (strstr (run.out, "Checking will"));
  g_assert_null (strstr (run.out, "in Preferences"));
  g_assert_nonnull (strstr (run.out, "HTTP 503). Try again later."));
  g_assert_nonnull (strstr (run.out, "Check the key in MINIMAX_API_KEY"));

  /* Nothing reached the video host, so the key never went there. */
  g_assert_cmpuint (vt_mock_server_count_requests (server, "cdn"), ==, 0);
  run_clear (&run);
}

static void
test_progress_and_success (void)
{
  const char *args[] = { "--status", "500", "501", "9700000001", NULL };
  g_auto(GStrv) first = NULL;
  g_auto(GStrv) second = NULL;
  g_autofree char *url = NULL;
  Run run = { 0 };

  vt_mock_server_set_timing (server, 60 * 1000, 0);
  run_cli (args, KEY, &run);
  g_assert_cmpint (run.status, ==, 0);
  first = lines (run.out);
  g_assert_cmpstr (first[0], ==, "500\tPreparing\t");
  g_assert_cmpstr (first[1], ==, "501\tPreparing\t");

  vt_mock_server_set_timing (server, 0, 60 * 1000);
  run_cli (args, KEY, &run);
  g_assert_cmpint (run.status, ==, 0);
  second = lines (run.out);
  g_assert_cmpstr (second[0], ==, "500\tProcessing\t");

  vt_mock_server_set_timing (server, 0, 0);
  run_cli (args, KEY, &run);
  g_assert_cmpint (run.status, ==, 0);
  url = g_strdup_printf ("500\tSuccess\t%s/video/500.mp4\n501\tSuccess\t%s/video/501.mp4\n"
                         "9700000001\tFail\tMiniMax reported that the task failed.\n",
                         vt_mock_server_get_cdn_url (server), vt_mock_server_get_cdn_url (server));
  g_assert_cmpstr (run.out, ==, url);
  g_assert_cmpstr (run.err, ==, "");
  run_clear (&run);
}

static JsonObject *
parse_line (JsonParser *parser,
            const char *line)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_json (void)
{
  const char *args[] = { "--status", "--json", "700", "fail-1027", "error-1002", "http-502",
                         "9700000002", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) out_lines = NULL;
  g_autofree char *url = NULL;
  JsonObject *object;
  Run run = { 0 };

  vt_mock_server_set_timing (server, 0, 0);
  run_cli (args, KEY, &run);
  g_assert_cmpint (run.status, ==, 1);
  out_lines = lines (run.out);
  g_assert_cmpuint (g_strv_length (out_lines), ==, 5);

  object = parse_line (parser, out_lines[0]);
  url = g_strdup_printf ("%s/video/700.mp4", vt_mock_server_get_cdn_url (server));
  g_assert_cmpstr (json_object_get_string_member (object, "task_id"), ==, "700");
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "Success");
  g_assert_cmpstr (json_object_get_string_member (object, "video_url"), ==, url);
  g_assert_false (json_object_has_member (object, "api_code"));
  g_assert_false (json_object_has_member (object, "message"));

  object = parse_line (parser, out_lines[1]);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "Fail");
  g_assert_cmpint (json_object_get_int_member (object, "api_code"), ==, 1027);
  g_assert_true (json_object_has_member (object, "message"));
  g_assert_false (json_object_has_member (object, "video_url"));

  object = parse_line (parser, out_lines[2]);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "Error");
  g_assert_cmpint (json_object_get_int_member (object, "api_code"), ==, 1002);
  g_assert_nonnull (strstr (json_object_get_string_member (object, "message"), "slow down"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "trace_id"), "mock-trace-"));

  object = parse_line (parser, out_lines[3]);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "Error");
  g_assert_false (json_object_has_member (object, "api_code"));

  object = parse_line (parser, out_lines[4]);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "Unknown");
  /* Escaped or not, no control from the server survives into what is printed. */
  assert_no_controls (run.out);
  assert_no_controls (json_object_get_string_member (object, "message"));
  g_assert_nonnull (strstr (json_object_get_string_member (object, "message"), "Queued"));
  run_clear (&run);
}

/* Every kind, found out or given with --kind, in one vocabulary; "kind" in the JSON. */
static void
test_kinds (void)
{
  const char *args[] = { "--status", "--json", "7300", "video-7301", "h3-7302", "h3-cancelled",
                         "nokind-7303", NULL };
  const char *given[] = { "--status", "--kind=video", "video-7304", NULL };
  const char *wrong_kind[] = { "--status", "--kind=h3", "video-7305", NULL };
  const char *bad_kind[] = { "--status", "--kind=sora", "7306", NULL };
  static const struct {
    const char *status;
    const char *kind;
  } expected[] = {
    { "Success", "agent" }, { "Success", "video" }, { "Success", "h3" }, { "Cancelled", "h3" },
    { "Error", NULL },
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) out_lines = NULL;
  g_autofree char *url = NULL;
  JsonObject *object;
  Run run = { 0 };
  guint before;

  vt_mock_server_set_timing (server, 0, 0);
  run_cli (args, KEY, &run);
  g_assert_cmpint (run.status, ==, 1);
  out_lines = lines (run.out);
  g_assert_cmpuint (g_strv_length (out_lines), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      object = parse_line (parser, out_lines[i]);
      g_test_message ("%s", out_lines[i]);
      g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, expected[i].status);
      if (expected[i].kind != NULL)
        g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, expected[i].kind);
      else
        g_assert_true (json_object_get_null_member (object, "kind"));
    }
  /* For Hailuo, video_url is the file's download link. */
  object = parse_line (parser, out_lines[1]);
  url = g_strdup_printf ("%s/video/video-7301.mp4", vt_mock_server_get_cdn_url (server));
  g_assert_cmpstr (json_object_get_string_member (object, "video_url"), ==, url);
  g_clear_pointer (&out_lines, g_strfreev);

  /* --kind skips finding out: Hailuo's two requests only. */
  before = vt_mock_server_count_requests (server, "api");
  run_cli (given, KEY, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "video-7304\tSuccess\t"));
  g_assert_cmpuint (vt_mock_server_count_requests (server, "api"), ==, before + 2);

  /* The wrong kind is not second-guessed. */
  run_cli (wrong_kind, KEY, &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.out, "video-7305\tError\t"));
  g_assert_nonnull (strstr (run.out, "H3"));

  run_cli (bad_kind, KEY, &run);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "agent"));
  g_assert_cmpstr (run.out, ==, "");
  run_clear (&run);
}

static void
test_usage (void)
{
  const char *no_ids[] = { "--status", NULL };
  const char *blank[] = { "--status", "123", "  ", NULL };
  const char *empty[] = { "--status", "", NULL };
  const char *json_alone[] = { "--json", "123", NULL };
  const char *not_an_id[] = { "--status", "123", "garbage!", NULL };
  const char *bogus[] = { "--bogus", NULL };
  Run run = { 0 };

  run_cli (no_ids, KEY, &run);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "Usage"));

  run_cli (blank, KEY, &run);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");

  run_cli (empty, KEY, &run);
  g_assert_cmpint (run.status, ==, 2);

  run_cli (json_alone, KEY, &run);
  g_assert_cmpint (run.status, ==, 2);

  /* What the window would not add is not asked about either. */
  run_cli (not_an_id, KEY, &run);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "“garbage!” is not a task ID"));

  /* An option that does not exist is bad usage too. */
  run_cli (bogus, KEY, &run);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--bogus"));
  run_clear (&run);
}

/* Requests the API server was sent to make tasks. */
static guint
creations (void)
{
  GPtrArray *requests = vt_mock_server_get_requests (server);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      VtMockRequest *request = requests->pdata[i];

      n += g_str_has_suffix (request->path, "video_generation") ||
           g_str_has_suffix (request->path, "template_generation");
    }
  return n;
}

/* The saved list's tasks, "ID kind label" each, in order. */
static char *
saved_tasks (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "video-tasks", "tasks.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *tasks;

  if (!json_parser_load_from_file (parser, path, NULL))
    return g_strdup ("");
  tasks = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "tasks");
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *task = json_array_get_object_element (tasks, i);

      g_string_append_printf (text, "%s %s %s\n", json_object_get_string_member (task, "id"),
                              json_object_get_string_member_with_default (task, "kind", "-"),
                              json_object_get_string_member_with_default (task, "label", "-"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* What the saved list says task @id was asked: "mode model prompt duration resolution ratio
 * template images", "-" for what it does not say; NULL without "asked". */
static char *
saved_asked (const char *dir,
             const char *id)
{
  g_autofree char *path = g_build_filename (dir, "video-tasks", "tasks.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *tasks;

  if (!json_parser_load_from_file (parser, path, NULL))
    return NULL;
  tasks = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "tasks");
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *task = json_array_get_object_element (tasks, i);
      g_autoptr(GString) images = g_string_new (NULL);
      JsonObject *asked;
      JsonArray *names;

      if (g_strcmp0 (json_object_get_string_member (task, "id"), id) != 0)
        continue;
      if (!json_object_has_member (task, "asked"))
        return NULL;
      asked = json_object_get_object_member (task, "asked");
      names = json_object_has_member (asked, "images") ? json_object_get_array_member (asked, "images") : NULL;
      for (guint j = 0; names != NULL && j < json_array_get_length (names); j++)
        g_string_append_printf (images, "%s%s", j > 0 ? "," : "", json_array_get_string_element (names, j));
      return g_strdup_printf ("%s %s %s %" G_GINT64_FORMAT " %s %s %s %s",
                              json_object_get_string_member_with_default (asked, "mode", "-"),
                              json_object_get_string_member_with_default (asked, "model", "-"),
                              json_object_get_string_member_with_default (asked, "prompt", "-"),
                              json_object_get_int_member_with_default (asked, "duration", 0),
                              json_object_get_string_member_with_default (asked, "resolution", "-"),
                              json_object_get_string_member_with_default (asked, "ratio", "-"),
                              json_object_get_string_member_with_default (asked, "template", "-"),
                              images->len > 0 ? images->str : "-");
    }
  return NULL;
}

/* `--create`: MiniMax makes the task; its ID is printed (or the JSON object) and, with no
 * window open, it joins the saved list with its kind, a label and what it was asked. */
static void
test_create (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vt-cli-create-XXXXXX", &error);
  g_autofree char *first_frame = g_build_filename (TEST_DATADIR, "images", "photo-640x360.webp", NULL);
  g_autofree char *first_frame_option = g_strconcat ("--first-frame=", first_frame, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *saved = NULL;
  g_auto(GStrv) ids = NULL;
  JsonObject *object;
  Run run = { 0 };

  g_assert_no_error (error);
  data_home = dir;
  {
    const char *args[] = { "--create", "--prompt=A cat surfing at dawn", NULL };

    run_cli (args, KEY, &run);
    g_assert_cmpint (run.status, ==, 0);
    ids = lines (run.out);
    g_assert_cmpuint (g_strv_length (ids), ==, 1);
    g_assert_true (g_str_has_prefix (ids[0], "47"));
  }
  {
    const char *args[] = { "--create", "--kind=h3", "--model=MiniMax-H3-Max", "--prompt=Rain",
                           "--ratio=9:16", "--duration=6", "--resolution=480P", "--label=Rain at night",
                           "--json", NULL };

    run_cli (args, KEY, &run);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
    object = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "h3");
    g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, "MiniMax-H3-Max");
    g_assert_cmpstr (json_object_get_string_member (object, "label"), ==, "Rain at night");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "task_id"), "47"));
  }
  {
    g_autofree char *media = g_strconcat ("--media=", first_frame, NULL);
    const char *args[] = { "--create", "--kind=agent", "--template=392747428568649728", media, NULL };

    run_cli (args, KEY, &run);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    const char *args[] = { "--create", first_frame_option, "--duration=10", "--json", NULL };

    run_cli (args, KEY, &run);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
    object = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, "MiniMax-Hailuo-2.3");
    g_assert_true (json_object_get_null_member (object, "label"));
  }

  /* Newest first, each with the kind it was made as (no detection) and its label. */
  saved = saved_tasks (dir);
  {
    g_auto(GStrv) rows = g_strsplit (saved, "\n", -1);

    g_assert_cmpuint (g_strv_length (rows), ==, 5);
    g_assert_true (g_str_has_suffix (rows[0], " video -"));
    g_assert_true (g_str_has_suffix (rows[1], " agent Diving"));
    g_assert_true (g_str_has_suffix (rows[2], " h3 Rain at night"));
    g_autofree char *first = g_strconcat (ids[0], " video A cat surfing at dawn", NULL);

    g_assert_cmpstr (rows[3], ==, first);
  }
  /* What each was asked, for its details and Create Again. */
  {
    g_autofree char *asked = saved_asked (dir, ids[0]);

    g_assert_cmpstr (asked, ==, "text MiniMax-Hailuo-2.3 A cat surfing at dawn 0 - - - -");
  }
  {
    g_auto(GStrv) rows = g_strsplit (saved, "\n", -1);
    g_auto(GStrv) h3 = g_strsplit (rows[2], " ", 2);
    g_auto(GStrv) agent = g_strsplit (rows[1], " ", 2);
    g_auto(GStrv) frame = g_strsplit (rows[0], " ", 2);
    g_autofree char *h3_asked = saved_asked (dir, h3[0]);
    g_autofree char *agent_asked = saved_asked (dir, agent[0]);
    g_autofree char *frame_asked = saved_asked (dir, frame[0]);

    g_assert_cmpstr (h3_asked, ==, "text MiniMax-H3-Max Rain 6 480P 9:16 - -");
    g_assert_cmpstr (agent_asked, ==, "template - - 0 - - 392747428568649728 photo-640x360.webp");
    g_assert_cmpstr (frame_asked, ==, "first-frame MiniMax-Hailuo-2.3 - 10 - - - photo-640x360.webp");
  }

  data_home = NULL;
  {
    g_autoptr(GFile) tree = g_file_new_for_path (dir);
    vt_test_remove_tree (tree);
  }
  run_clear (&run);
}

typedef struct
{
  const char *args[8];
  int         status;
  const char *says;
} CreateCase;

/* A broken rule is bad usage (2) and nothing is sent; a refusal from MiniMax is 1. */
static void
test_create_refused (void)
{
  g_autofree char *small = g_build_filename (TEST_DATADIR, "images", "square-300.png", NULL);
  g_autofree char *small_option = g_strconcat ("--first-frame=", small, NULL);
  g_autofree char *long_prompt = g_strnfill (2001, 'a');
  g_autofree char *long_option = g_strconcat ("--prompt=", long_prompt, NULL);
  const CreateCase cases[] = {
    { { "--create", "--model=MiniMax-Hailuo-2.3", "--resolution=1080P", "--duration=10", "--prompt=a", NULL }, 2, "1080P: 6 s" },
    { { "--create", "--model=T2V-01", "--prompt=a", "--last-frame=https://example.com/a.jpg", NULL }, 2, "needs a first frame" },
    { { "--create", "--model=MiniMax-Hailuo-2.3", "--first-frame=https://example.com/a.jpg",
        "--last-frame=https://example.com/b.jpg", NULL }, 2, "MiniMax-Hailuo-02" },
    { { "--create", small_option, NULL }, 2, "more than 300 pixels" },
    { { "--create", long_option, NULL }, 2, "2001 characters" },
    { { "--create", "--kind=h3", "--prompt=a", NULL }, 2, "needs a ratio" },
    { { "--create", "--kind=h3", "--prompt=a", "--ratio=16:9", "--duration=3", NULL }, 2, "4–15 s" },
    { { "--create", "--kind=agent", "--template=392747428568649728", NULL }, 2, "needs a picture" },
    { { "--create", "--first-frame=/no/such.png", NULL }, 2, "could not be read" },
    { { "--create", "--first-frame=http://example.com/a.jpg", NULL }, 2, "https" },
    { { "--create", "--prompt=a", "123", NULL }, 2, "Usage" },
    { { "--model=MiniMax-H3", NULL }, 2, "--model goes with --create" },
    { { "--status", "123", "--prompt=a", NULL }, 2, "--prompt goes with --create" },
  };
  Run run = { 0 };
  guint before = creations ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      run_cli (cases[i].args, KEY, &run);
      if (run.status != cases[i].status || strstr (run.err, cases[i].says) == NULL)
        g_error ("case %u: exit %d, “%s”", i, run.status, run.err);
      g_assert_cmpstr (run.out, ==, "");
    }
  g_assert_cmpuint (creations (), ==, before);

  /* MiniMax's refusals: said, exit 1, nothing printed on stdout. */
  {
    const char *args[] = { "--create", "--prompt=a", NULL };

    vt_mock_server_fail_next (server, 1, "error-1008");
    run_cli (args, KEY, &run);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "balance"));
    vt_mock_server_fail_next (server, 1, "error-1026");
    run_cli (args, KEY, &run);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "sensitive"));
    run_cli (args, NULL, &run);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "No MiniMax API key"));
  }
  run_clear (&run);
}

/* --help says what else shapes a run, and what the exit status means. */
static void
test_help (void)
{
  const char *args[] = { "--help", NULL };
  Run run = { 0 };

  run_cli (args, KEY, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--status"));
  g_assert_nonnull (strstr (run.out, "MINIMAX_API_KEY"));
  g_assert_nonnull (strstr (run.out, "MINIMAX_API_HOST"));
  g_assert_nonnull (strstr (run.out, "Exit status"));
  run_clear (&run);
}

static void
test_wrong_key_exit_status (void)
{
  const char *args[] = { "--status", "800", NULL };
  Run run = { 0 };

  run_cli (args, "wrong-key", &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.out, "800\tError\t"));
  g_assert_null (strstr (run.out, "wrong-key"));
  g_assert_null (strstr (run.err, "wrong-key"));
  run_clear (&run);
}

/* --check-key asks MINIMAX_API_HOST alone, as a custom host: a line and 0 when it takes
 * the key, a message and 1 when it does not or cannot be reached, 2 for bad usage. The key
 * is never printed. */
static void
test_check_key (void)
{
  const char *plain[] = { "--check-key", NULL };
  const char *json[] = { "--check-key", "--json", NULL };
  const char *with_ids[] = { "--check-key", "800", NULL };
  const char *with_status[] = { "--check-key", "--status", "800", NULL };
  g_autofree char *expected = g_strdup_printf ("accepted custom %s\n",
                                               vt_mock_server_get_api_url (server));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *closed = NULL;
  JsonObject *object;
  Run run = { 0 };

  run_cli (plain, KEY, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, expected);

  run_cli (json, KEY, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_boolean_member (object, "accepted"));
  g_assert_cmpstr (json_object_get_string_member (object, "region"), ==, "custom");
  g_assert_cmpstr (json_object_get_string_member (object, "host"), ==, vt_mock_server_get_api_url (server));
  /* The loopback account is pay-as-you-go. */
  {
    JsonObject *balance = json_object_get_object_member (object, "balance");

    g_assert_nonnull (balance);
    g_assert_cmpstr (json_object_get_string_member (balance, "kind"), ==, "money");
    g_assert_cmpstr (json_object_get_string_member (balance, "available"), ==, "25.50");
  }

  run_cli (plain, "wrong-key", &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "did not accept the API key"));
  g_assert_null (strstr (run.err, "wrong-key"));

  run_cli (json, "wrong-key", &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_get_boolean_member (object, "accepted"));
  g_assert_true (json_object_get_null_member (object, "region"));
  g_assert_nonnull (strstr (json_object_get_string_member (object, "message"), "did not accept"));
  g_assert_null (strstr (run.out, "wrong-key"));

  run_cli (plain, NULL, &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "No MiniMax API key"));

  closed = vt_test_closed_port_url ();
  api_host = closed;
  run_cli (plain, KEY, &run);
  api_host = NULL;
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, !=, "");

  run_cli (with_ids, KEY, &run);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (with_status, KEY, &run);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
}

static GPtrArray *
status_args (guint  n,
             guint64 first)
{
  GPtrArray *args = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (args, g_strdup ("--status"));
  g_ptr_array_add (args, g_strdup ("--kind=agent"));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (args, g_strdup_printf ("%" G_GUINT64_FORMAT, first + i));
  g_ptr_array_add (args, NULL);
  return args;
}

/* Asked to wait, --status waits once with every query of the account, and gives up when
 * asked again: 300 tasks against a host that answers every request HTTP 429 with
 * Retry-After: 1 take a handful of requests, and each task says it was not answered. */
static void
test_rate_limited (void)
{
  g_autoptr(GPtrArray) args = status_args (300, 5100000000);
  g_auto(GStrv) out_lines = NULL;
  guint before = vt_mock_server_count_requests (server, "api");
  guint sent;
  Run run = { 0 };

  vt_mock_server_fail_next (server, 100000, "wait-1");
  run_cli ((const char * const *) args->pdata, KEY, &run);
  vt_mock_server_fail_next (server, 0, NULL);
  sent = vt_mock_server_count_requests (server, "api") - before;

  g_assert_cmpint (run.status, ==, 1);
  out_lines = lines (run.out);
  g_assert_cmpuint (g_strv_length (out_lines), ==, 300);
  for (guint i = 0; out_lines[i] != NULL; i++)
    {
      g_assert_nonnull (strstr (out_lines[i], "\tError\t"));
      g_assert_nonnull (strstr (out_lines[i], "slow down"));
    }
  /* The first queries, and those let in after the one wait. */
  g_test_message ("%u requests", sent);
  g_assert_cmpuint (sent, >=, 2);
  g_assert_cmpuint (sent, <=, 2 * 4);

  /* One task asked to slow down, in the body or in HTTP, says so at once: nothing else
   * waits. */
  {
    static const char * const slow[][2] = { { "error-1002", "error 1002" }, { "http-429", "HTTP 429" } };

    for (guint i = 0; i < G_N_ELEMENTS (slow); i++)
      {
        const char *one[] = { "--status", slow[i][0], NULL };
        g_auto(GStrv) fields = NULL;

        run_cli (one, KEY, &run);
        g_assert_cmpint (run.status, ==, 1);
        fields = g_strsplit (run.out, "\t", 3);
        g_assert_cmpstr (fields[1], ==, "Error");
        g_assert_nonnull (strstr (fields[2], "slow down"));
        g_assert_nonnull (strstr (fields[2], slow[i][1]));
      }
  }
  run_clear (&run);
}

/* Against a healthy host the burst keeps to 10 a second: 30 tasks take two seconds more
 * than the first ten (without the gate they took 40 ms). The server sees them with the
 * loopback's jitter, so the span is what is checked, not each second. */
static void
test_burst (void)
{
  g_autoptr(GPtrArray) args = status_args (30, 5200000000);
  GPtrArray *requests = vt_mock_server_get_requests (server);
  guint first = requests->len;
  gint64 span;
  Run run = { 0 };

  run_cli ((const char * const *) args->pdata, KEY, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (requests->len - first, ==, 30);
  span = ((VtMockRequest *) requests->pdata[requests->len - 1])->time -
         ((VtMockRequest *) requests->pdata[first])->time;
  g_test_message ("30 requests in %" G_GINT64_FORMAT " ms", span / 1000);
  g_assert_cmpint (span, >=, 1800 * 1000);
  run_clear (&run);
}

/* A host that hides another behind a user name or a backslash is bad usage: said once, on
 * stderr, with no request made and no password repeated. (A browser reads the first one's
 * host as evil.example, GLib as the loopback 127.0.0.2.) */
static void
test_host_with_userinfo (void)
{
  const char *args[] = { "--status", "800", NULL };
  static const struct {
    const char *host;
    const char *says;
  } hosts[] = {
    { "http://evil.example\\@127.0.0.2/", "backslash" },
    { "http://127.0.0.1\\evil.example", "backslash" },
    { "https://user:s3cret@api.minimax.io", "user name or password" },
    { "http://evil.example@127.0.0.1/", "user name or password" },
  };
  Run run = { 0 };
  guint before = vt_mock_server_count_requests (server, "api");

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_test_message ("%s", hosts[i].host);
      api_host = hosts[i].host;
      run_cli (args, KEY, &run);
      api_host = NULL;
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, hosts[i].says));
      g_assert_nonnull (strstr (run.err, "API host"));
      g_assert_null (strstr (run.err, "s3cret"));
    }
  g_assert_cmpuint (vt_mock_server_count_requests (server, "api"), ==, before);
  run_clear (&run);
}

static void
store_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vt_secret_store_finish (result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
clear_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_assert_true (vt_secret_clear_finish (result, NULL));
  *(gboolean *) user_data = TRUE;
}

/* Without MINIMAX_API_KEY the key comes from the keyring, stored for the host. */
static void
test_key_from_keyring (void)
{
  const char *args[] = { "--status", "900", NULL };
  gboolean done = FALSE;
  Run run = { 0 };

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("No D-Bus session; run through build-aux/test, which starts a keyring");
      return;
    }

  vt_secret_clear_async (vt_mock_server_get_api_url (server), NULL, clear_cb, &done);
  vt_test_wait_until (done);

  run_cli (args, NULL, &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "No MiniMax API key"));

  done = FALSE;
  vt_secret_store_async (vt_mock_server_get_api_url (server), KEY, NULL, store_cb, &done);
  vt_test_wait_until (done);

  vt_mock_server_set_timing (server, 0, 0);
  run_cli (args, NULL, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "900\tSuccess\t"));

  done = FALSE;
  vt_secret_clear_async (vt_mock_server_get_api_url (server), NULL, clear_cb, &done);
  vt_test_wait_until (done);
  run_clear (&run);
}

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* `video-tasks ID…` while the app runs: the open window gets the tasks, and the terminal is
 * told what happened; what is not a task ID is refused, as with --status. */
static void
test_second_launch (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) primary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *app_id = NULL;
  g_autofree char *app_id_option = NULL;
  gboolean appeared = FALSE;
  guint watch;
  Run run = { 0 };

  if (g_getenv ("DISPLAY") == NULL || g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("Needs a display and a D-Bus session: run through build-aux/test");
      return;
    }

  dir = g_dir_make_tmp ("vt-cli-XXXXXX", &error);
  g_assert_no_error (error);
  data_home = dir;
  app_id = g_strdup_printf ("io.github.videotasks.CliTest%d", (int) getpid ());
  app_id_option = g_strconcat ("--gapplication-app-id=", app_id, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "MINIMAX_API_HOST", vt_mock_server_get_api_url (server), TRUE);
  g_subprocess_launcher_setenv (launcher, "MINIMAX_API_KEY", KEY, TRUE);
  /* It ends normally (SIGTERM) to save its list: under AddressSanitizer, as the other UI
   * tests, without LeakSanitizer, which cannot tell GTK's and Mesa's lasting allocations
   * from leaks. */
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", "detect_leaks=0", TRUE);
  watch = g_bus_watch_name (G_BUS_TYPE_SESSION, app_id, G_BUS_NAME_WATCHER_FLAGS_NONE,
                            name_appeared_cb, NULL, &appeared, NULL);
  primary = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("VIDEO_TASKS"), app_id_option, NULL);
  g_assert_no_error (error);
  vt_test_wait_until (appeared);

  {
    const char *args[] = { app_id_option, "9600000001", " 9600000002 ", NULL };
    run_cli (args, KEY, &run);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "Added 2 tasks to the open window\n");
  }
  {
    const char *args[] = { app_id_option, "9600000001", "9600000003", NULL };
    run_cli (args, KEY, &run);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "Added 1 task to the open window\n1 task was in the list already\n");
  }
  {
    const char *args[] = { app_id_option, "9600000004", "garbage!", NULL };
    run_cli (args, KEY, &run);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "“garbage!” is not a task ID"));
  }

  /* A video made from the command line joins the open window's list, which saves it. */
  {
    const char *args[] = { app_id_option, "--create", "--prompt=Made while the window is open", NULL };
    g_autofree char *saved = NULL;
    g_auto(GStrv) ids = NULL;

    run_cli (args, KEY, &run);
    g_assert_cmpint (run.status, ==, 0);
    ids = lines (run.out);
    g_subprocess_send_signal (primary, SIGTERM);
    g_subprocess_wait (primary, NULL, NULL);
    saved = saved_tasks (dir);
    g_assert_nonnull (strstr (saved, ids[0]));
    g_assert_nonnull (strstr (saved, " video Made while the window is open\n"));
    /* Told over D-Bus what it was asked, the window's list remembers it too. */
    {
      g_autofree char *asked = saved_asked (dir, ids[0]);

      g_assert_cmpstr (asked, ==, "text MiniMax-Hailuo-2.3 Made while the window is open 0 - - - -");
    }
  }

  g_subprocess_force_exit (primary);
  g_subprocess_wait (primary, NULL, NULL);
  g_bus_unwatch_name (watch);
  data_home = NULL;
  {
    g_autoptr(GFile) tree = g_file_new_for_path (dir);
    vt_test_remove_tree (tree);
  }
  run_clear (&run);
}

static void
record_activation_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       data)
{
  char **told = data;

  g_free (*told);
  *told = g_variant_print (parameter, FALSE);
}

/* A window of an earlier version, running since before an update, knows only add-created
 * (ID, kind, label): --create falls back to it rather than writing the saved list, which
 * that window would save over. The earlier window is this test's own action group, on the
 * session bus under an application ID. */
static void
test_create_tells_earlier_window (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("add-created", G_VARIANT_TYPE ("(sss)"));
  g_autoptr(GVariant) owned = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *app_id = NULL;
  g_autofree char *app_id_option = NULL;
  g_autofree char *path = NULL;
  g_autofree char *told = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *dir = NULL;
  g_auto(GStrv) ids = NULL;
  guint export_id;
  Run run = { 0 };

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("needs a D-Bus session");
      return;
    }
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  app_id = g_strdup_printf ("io.github.videotasks.Earlier%d", (int) getpid ());
  app_id_option = g_strconcat ("--gapplication-app-id=", app_id, NULL);
  path = g_strdup_printf ("/io/github/videotasks/Earlier%d", (int) getpid ());
  g_signal_connect (action, "activate", G_CALLBACK (record_activation_cb), &told);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  export_id = g_dbus_connection_export_action_group (bus, path, G_ACTION_GROUP (group), &error);
  g_assert_no_error (error);
  owned = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName", g_variant_new ("(su)", app_id, 0),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);

  dir = g_dir_make_tmp ("vt-cli-earlier-XXXXXX", &error);
  g_assert_no_error (error);
  data_home = dir;
  {
    const char *args[] = { app_id_option, "--create", "--prompt=Told the earlier window", NULL };

    run_cli (args, KEY, &run);
    g_assert_cmpint (run.status, ==, 0);
    ids = lines (run.out);
  }
  vt_test_wait_until (told != NULL);
  expected = g_strdup_printf ("('%s', 'video', 'Told the earlier window')", ids[0]);
  g_assert_cmpstr (told, ==, expected);
  /* Told, it was not written to the saved list behind the window's back. */
  {
    g_autofree char *saved = saved_tasks (dir);

    g_assert_cmpstr (saved, ==, "");
  }

  g_dbus_connection_unexport_action_group (bus, export_id);
  g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                               "ReleaseName", g_variant_new ("(s)", app_id), NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                               NULL, NULL);
  data_home = NULL;
  {
    g_autoptr(GFile) tree = g_file_new_for_path (dir);
    vt_test_remove_tree (tree);
  }
  run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  server = vt_mock_server_new (KEY, &error);
  g_assert_no_error (error);
  vt_mock_server_add_alias (server, "9700000001", "fail");
  vt_mock_server_add_alias (server, "9700000002", "control-status");

  g_test_add_func ("/cli/every-behaviour", test_every_behaviour);
  g_test_add_func ("/cli/progress-and-success", test_progress_and_success);
  g_test_add_func ("/cli/json", test_json);
  g_test_add_func ("/cli/kinds", test_kinds);
  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/create", test_create);
  g_test_add_func ("/cli/create-refused", test_create_refused);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/wrong-key", test_wrong_key_exit_status);
  g_test_add_func ("/cli/check-key", test_check_key);
  g_test_add_func ("/cli/rate-limited", test_rate_limited);
  g_test_add_func ("/cli/burst", test_burst);
  g_test_add_func ("/cli/host-with-userinfo", test_host_with_userinfo);
  g_test_add_func ("/cli/key-from-keyring", test_key_from_keyring);
  g_test_add_func ("/cli/second-launch", test_second_launch);
  g_test_add_func ("/cli/create-tells-earlier-window", test_create_tells_earlier_window);

  status = g_test_run ();
  g_clear_object (&server);
  return status;
}
