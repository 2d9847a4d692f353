/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a task may hold, wherever it comes from: only links that pass the one link rule, and
 * labels of a bounded length. Saved lists are real files read through VtTaskStore. */

#include "config.h"

#include <locale.h>

#include "download-fixture.h"
#include "vt-api.h"
#include "vt-client.h"
#include "vt-download-manager.h"
#include "vt-error.h"
#include "vt-task-store.h"

static void
write_list (GFile      *file,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_replace_contents (file, contents, strlen (contents), NULL, FALSE, 0, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (vt_task_store_load_finish (VT_TASK_STORE (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* The list @contents, written to a file and read back by the store as the app reads it. */
static VtTaskStore *
load_list (Fixture    *f,
           const char *contents)
{
  g_autoptr(GFile) file = g_file_new_build_filename (f->dir, "tasks.json", NULL);
  VtTaskStore *store = vt_task_store_new (file);
  gboolean done = FALSE;

  write_list (file, contents);
  vt_task_store_load_async (store, NULL, load_cb, &done);
  vt_test_wait_until (done);
  return store;
}

/* The rule itself: https anywhere, plain http only to this machine; nothing that shows one
 * host and goes to another. */
static void
test_link_rule (void)
{
  static const struct {
    const char *url;
    gboolean    safe;
  } links[] = {
    { "https://cdn.hailuoai.com/a.mp4?token=1", TRUE },
    { "http://127.0.0.1:8080/video/1.mp4", TRUE },
    { "http://[::1]:8080/video/1.mp4", TRUE },
    { "http://localhost/v.mp4", TRUE },
    { "file:///etc/passwd", FALSE },
    { "javascript:alert(1)", FALSE },
    { "http://cdn.example.com/v.mp4", FALSE },
    { "http://192.168.1.2/v.mp4", FALSE },
    { "data:video/mp4;base64,AAAA", FALSE },
    /* A user name: one host shown, another reached. */
    { "https://cdn.example.com@evil.example/v.mp4", FALSE },
    { "https://user:pass@cdn.example.com/v.mp4", FALSE },
    { "http://evil.example@127.0.0.1/v.mp4", FALSE },
    /* A backslash: a browser's host is evil.example, GLib's the loopback one. */
    { "http://evil.example\\@127.0.0.1/v.mp4", FALSE },
    { "https://cdn.example.com\\evil.example/v.mp4", FALSE },
    { "https://cdn.example.com/a\\b.mp4", FALSE },
    { "https://cdn.example.com/a b.mp4", FALSE },
    { "https://cdn.example.com/a\nb.mp4", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    {
      g_test_message ("%s", links[i].url);
      g_assert_cmpint (vt_api_link_is_safe (links[i].url), ==, links[i].safe);
    }
}

/* The API parsers use the same rule: a user name in a link is refused like a file:// one. */
static void
test_api_links (void)
{
  static const char *bodies[] = {
    "{\"task_id\": \"42\", \"status\": \"Success\", "
    "\"video_url\": \"https://cdn.example.com@evil.example/v.mp4\", "
    "\"base_resp\": {\"status_code\": 0, \"status_msg\": \"success\"}}",
    "{\"task_id\": \"42\", \"status\": \"Success\", "
    "\"video_url\": \"https://evil.example\\\\@cdn.example.com/v.mp4\", "
    "\"base_resp\": {\"status_code\": 0, \"status_msg\": \"success\"}}",
  };
  const char *file_answer =
    "{\"file\": {\"file_id\": 7, \"download_url\": \"https://cdn.example.com/v.mp4\", "
    "\"backup_download_url\": \"https://user@evil.example/v.mp4\"}, "
    "\"base_resp\": {\"status_code\": 0, \"status_msg\": \"success\"}}";

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (bodies[i], strlen (bodies[i]));
      g_autoptr(VtQueryResult) result = vt_query_result_new ();
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", bodies[i]);
      g_assert_false (vt_api_parse_query (body, "42", result, &error));
      g_assert_error (error, VT_ERROR, VT_ERROR_UNSAFE_LINK);
      g_assert_null (result->video_url);
    }

  {
    g_autoptr(GBytes) body = g_bytes_new_static (file_answer, strlen (file_answer));
    g_autoptr(VtQueryResult) result = vt_query_result_new ();
    g_autoptr(GError) error = NULL;

    g_assert_true (vt_api_parse_file (body, "7", result, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (result->video_url, ==, "https://cdn.example.com/v.mp4");
    g_assert_null (result->backup_url);
  }
}

/* A saved list's links pass the same rule when it is read: an unsafe one is dropped (with
 * its backup), the task stays a video to fetch a link for. */
static void
test_load_drops_unsafe_links (Fixture       *f,
                              gconstpointer  data)
{
  static const struct {
    const char *id;
    const char *json_link;    /* as written in the file */
    const char *kept;         /* what the task holds after loading */
  } cases[] = {
    { "100000000000001", "file:///etc/passwd", NULL },
    { "100000000000002", "javascript:alert(document.cookie)", NULL },
    { "100000000000003", "http://evil.example/v.mp4", NULL },
    { "100000000000004", "https://cdn.example.com@evil.example/v.mp4", NULL },
    { "100000000000005", "http://evil.example\\\\@127.0.0.2/v.mp4", NULL },
    { "100000000000006", "https://cdn.example.com/v.mp4", "https://cdn.example.com/v.mp4" },
    { "100000000000007", "http://127.0.0.1:9/v.mp4", "http://127.0.0.1:9/v.mp4" },
  };
  g_autoptr(GString) json = g_string_new ("{\"version\": 1, \"tasks\": [");
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 29, 10, 5, 0);
  g_autoptr(VtTaskStore) store = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_string_append_printf (json, "%s{\"id\": \"%s\", \"status\": \"Success\", "
                            "\"video_url\": \"%s\", "
                            "\"backup_url\": \"https://backup.example.com/v.mp4\", "
                            "\"link_issued\": \"2026-11-29T10:00:00Z\"}",
                            i > 0 ? ", " : "", cases[i].id, cases[i].json_link);
  g_string_append (json, "]}");

  store = load_list (f, json->str);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, G_N_ELEMENTS (cases));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      VtTask *task = vt_task_store_lookup (store, cases[i].id);

      g_test_message ("%s", cases[i].json_link);
      g_assert_nonnull (task);
      g_assert_cmpint (vt_task_get_status (task), ==, VT_TASK_STATUS_SUCCESS);
      g_assert_cmpstr (vt_task_get_video_url (task), ==, cases[i].kept);
      if (cases[i].kept == NULL)
        {
          g_assert_null (vt_task_get_backup_url (task));
          g_assert_null (vt_task_get_link_issued (task));
          /* No link is an expired link: asked for again before it is used. */
          g_assert_true (vt_task_link_is_expired (task, now));
        }
    }
}

typedef struct
{
  gboolean  done;
  GError   *error;
} Finished;

static void
finished_cb (VtDownloadManager *manager,
             VtTask            *task,
             GError            *error,
             GFile             *file,
             Finished          *finished)
{
  finished->error = error != NULL ? g_error_copy (error) : NULL;
  finished->done = TRUE;
}

/* A succeeded task whose stored link was dropped gets a fresh one from MiniMax when its
 * video is downloaded, as a task with an expired link does; the bad link is never fetched. */
static void
test_dropped_link_renewed (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(VtTaskStore) store = load_list (f, "{\"version\": 1, \"tasks\": [{\"id\": \"608\", "
                                               "\"status\": \"Success\", "
                                               "\"video_url\": \"file:///etc/passwd\", "
                                               "\"link_issued\": \"2099-01-01T00:00:00Z\"}]}");
  g_autoptr(VtClient) client = vt_client_new ();
  g_autoptr(VtDownloadManager) manager = NULL;
  Finished finished = { 0 };
  g_autofree char *cdn = NULL;
  VtTask *task = vt_task_store_lookup (store, "608");

  g_assert_true (vt_client_set_host (client, vt_mock_server_get_api_url (f->server), NULL));
  vt_client_set_api_key (client, KEY);
  manager = vt_download_manager_new (client);
  vt_mock_server_set_video_size (f->server, 5000);
  g_signal_connect (manager, "finished", G_CALLBACK (finished_cb), &finished);

  vt_download_manager_start (manager, task, f->folder);
  vt_test_wait_until (finished.done);
  g_assert_no_error (finished.error);

  g_assert_cmpuint (vt_mock_server_count_requests (f->server, "api"), ==, 1);
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, "cdn"), ==, 1);
  cdn = g_strconcat (vt_mock_server_get_cdn_url (f->server), "/", NULL);
  g_assert_true (g_str_has_prefix (vt_task_get_video_url (task), cdn));
  g_assert_nonnull (vt_task_get_file_path (task));
  g_assert_true (g_file_test (vt_task_get_file_path (task), G_FILE_TEST_IS_REGULAR));
}

/* The rule for saved file paths: absolute, text without controls, and named as a video. */
static void
test_file_path_rule (void)
{
  static const struct {
    const char *path;
    gboolean    safe;
  } paths[] = {
    { "/home/ana/Videos/Video Tasks/Lion.mp4", TRUE },
    { "/home/ana/Videos/Lion (2).mp4", TRUE },
    { "/home/ana/Videos/LION.MP4", TRUE },
    { "/home/ana/Videos/长城.mov", TRUE },
    { "/home/ana/Videos/clip.webm", TRUE },
    { "/tmp/x/evil.desktop", FALSE },
    { "/tmp/x/run.sh", FALSE },
    { "/tmp/x/setup.exe", FALSE },
    { "/tmp/x/evil.mp4.desktop", FALSE },
    { "/tmp/x/evil.mp4/", FALSE },
    { "/tmp/x/.mp4", FALSE },
    { "relative.mp4", FALSE },
    { "./video.mp4", FALSE },
    { "~/video.mp4", FALSE },
    { "file:///tmp/video.mp4", FALSE },
    { "/tmp/x/a\nb.mp4", FALSE },
    { "/tmp/x/a\x1b[2Jb.mp4", FALSE },
    { "/tmp/x/a\xc2\x9b" "b.mp4", FALSE },
    { "/tmp/x/\xff\xfe.mp4", FALSE },
    { "", FALSE },
    { NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *shown = g_strescape (paths[i].path ? paths[i].path : "(null)", NULL);

      g_test_message ("%s", shown);
      g_assert_cmpint (vt_task_file_path_is_safe (paths[i].path), ==, paths[i].safe);
    }
}

/* A saved list's file paths pass the rule when it is read: Open would hand a kept path to
 * the desktop, which runs a .desktop launcher or a script. A bad path is dropped (the task
 * stays, without a saved file); a good one is kept. Each file exists, so that only the rule
 * tells them apart. */
static void
test_load_drops_unsafe_file_paths (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *evil_dir = g_build_filename (f->dir, "x", NULL);
  g_autofree char *evil = g_build_filename (evil_dir, "evil.desktop", NULL);
  g_autofree char *good = g_build_filename (f->dir, "video.mp4", NULL);
  g_autofree char *json = NULL;
  g_autoptr(VtTaskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  VtTask *task;

  g_assert_cmpint (g_mkdir_with_parents (evil_dir, 0700), ==, 0);
  g_file_set_contents (evil, "[Desktop Entry]\nType=Application\nExec=sh -c 'touch /tmp/owned'\n",
                       -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (good, "not really a video", -1, &error);
  g_assert_no_error (error);

  json = g_strdup_printf ("{\"version\": 1, \"tasks\": ["
                          "{\"id\": \"200000000000001\", \"status\": \"Success\", \"file\": \"%s\"}, "
                          "{\"id\": \"200000000000002\", \"status\": \"Success\", \"file\": \"relative.mp4\"}, "
                          "{\"id\": \"200000000000003\", \"status\": \"Success\", \"file\": \"%s\"}, "
                          "{\"id\": \"200000000000004\", \"status\": \"Success\", \"file\": \"%s/a\\u001bb.mp4\"}"
                          "]}", evil, good, f->dir);
  store = load_list (f, json);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 4);

  task = vt_task_store_lookup (store, "200000000000001");
  g_assert_nonnull (task);
  g_assert_null (vt_task_get_file_path (task));
  g_assert_cmpint (vt_task_get_status (task), ==, VT_TASK_STATUS_SUCCESS);

  task = vt_task_store_lookup (store, "200000000000002");
  g_assert_nonnull (task);
  g_assert_null (vt_task_get_file_path (task));

  task = vt_task_store_lookup (store, "200000000000003");
  g_assert_nonnull (task);
  g_assert_cmpstr (vt_task_get_file_path (task), ==, good);

  task = vt_task_store_lookup (store, "200000000000004");
  g_assert_nonnull (task);
  g_assert_null (vt_task_get_file_path (task));

  /* The setter (downloads, Save As, the property) keeps to the same rule, and a bad path
   * clears a good one rather than leaving it stale. */
  task = vt_task_store_lookup (store, "200000000000003");
  vt_task_set_file_path (task, evil);
  g_assert_null (vt_task_get_file_path (task));
  g_object_set (task, "file-path", "relative.mp4", NULL);
  g_assert_null (vt_task_get_file_path (task));
  g_object_set (task, "file-path", good, NULL);
  g_assert_cmpstr (vt_task_get_file_path (task), ==, good);
}

/* Labels are capped at VT_MAX_LABEL_CHARS characters, cut between characters, whichever
 * way they come: set (typed, renamed) or read from the saved list. */
static void
test_label_cap (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(VtTask) task = vt_task_new ("123456");
  g_autoptr(GString) long_label = g_string_new (NULL);
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(VtTaskStore) store = NULL;
  g_autofree char *expected = NULL;
  const char *label;

  /* Three bytes a character, so a cut by bytes would split one. */
  for (guint i = 0; i < VT_MAX_LABEL_CHARS + 50; i++)
    g_string_append (long_label, "長");
  expected = g_utf8_substring (long_label->str, 0, VT_MAX_LABEL_CHARS);

  vt_task_set_label (task, long_label->str);
  g_assert_cmpint (g_utf8_strlen (vt_task_get_label (task), -1), ==, VT_MAX_LABEL_CHARS);
  g_assert_cmpstr (vt_task_get_label (task), ==, expected);
  g_object_set (task, "label", long_label->str, NULL);
  g_assert_cmpstr (vt_task_get_label (task), ==, expected);

  /* Exactly the cap stays whole; short labels are untouched. */
  vt_task_set_label (task, expected);
  g_assert_cmpstr (vt_task_get_label (task), ==, expected);
  vt_task_set_label (task, "Lion");
  g_assert_cmpstr (vt_task_get_label (task), ==, "Lion");

  /* 3 MB in the saved list, as crashed the window at start. */
  g_string_append (json, "{\"version\": 1, \"tasks\": [{\"id\": \"123456\", \"label\": \"");
  for (guint i = 0; i < 3 * 1024 * 1024 / 3; i++)
    g_string_append (json, "é" "x");
  g_string_append (json, "\"}]}");
  store = load_list (f, json->str);
  label = vt_task_get_label (vt_task_store_lookup (store, "123456"));
  g_assert_nonnull (label);
  g_assert_true (g_utf8_validate (label, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (label, -1), ==, VT_MAX_LABEL_CHARS);
  g_assert_true (g_str_has_prefix (label, "éxéx"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/task-rules/link-rule", test_link_rule);
  g_test_add_func ("/task-rules/api-links", test_api_links);
  g_test_add_func ("/task-rules/file-path-rule", test_file_path_rule);
#define ADD(path, func) \
  g_test_add ("/task-rules/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("load-drops-unsafe-links", test_load_drops_unsafe_links);
  ADD ("dropped-link-renewed", test_dropped_link_renewed);
  ADD ("label-cap", test_label_cap);
  ADD ("load-drops-unsafe-file-paths", test_load_drops_unsafe_file_paths);

  return g_test_run ();
}
