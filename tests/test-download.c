/* SPDX-License-Identifier: GPL-3.0-or-later */
/* VtDownload against the loopback CDN, on a real disk (and a tiny full one). */

#include "config.h"

#include <locale.h>
#include <sys/mount.h>
#include <glib/gstdio.h>

#include "download-fixture.h"
#include "vt-client.h"
#include "vt-download.h"
#include "vt-download-manager.h"
#include "vt-error.h"
#include "vt-mock-server.h"

static void
test_complete (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *url = video_url (f, "401047179385389059");
  g_autoptr(VtDownload) download = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GPtrArray *requests;

  vt_mock_server_set_video_size (f->server, 3 * 1024 * 1024 + 123);
  download = vt_download_new (f->session, url, f->folder, "Lion diving");
  g_assert_true (run (download, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (vt_download_get_state (download), ==, VT_DOWNLOAD_STATE_DONE);
  name = g_file_get_basename (vt_download_get_file (download));
  g_assert_cmpstr (name, ==, "Lion diving.mp4");
  assert_video_file (vt_download_get_file (download), 3 * 1024 * 1024 + 123);
  g_assert_cmpuint (vt_download_get_received (download), ==, 3 * 1024 * 1024 + 123);
  g_assert_cmpuint (vt_download_get_total (download), ==, 3 * 1024 * 1024 + 123);
  g_assert_cmpuint (n_files (g_file_peek_path (f->folder)), ==, 1);

  /* The video host never saw an Authorization header. */
  requests = vt_mock_server_get_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 1);
  g_assert_null (((VtMockRequest *) requests->pdata[0])->authorization);
}

static void
query_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_assert_true (vt_client_query_finish (VT_CLIENT (object), result, NULL, NULL));
  *(gboolean *) user_data = TRUE;
}

/* The key of the API client never rides along to the CDN, even from the same process. */
static void
test_key_never_reaches_cdn (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(VtClient) client = vt_client_new ();
  g_autoptr(VtDownload) download = NULL;
  GPtrArray *requests;
  gboolean done = FALSE;

  g_assert_true (vt_client_set_host (client, vt_mock_server_get_api_url (f->server), NULL));
  vt_client_set_api_key (client, KEY);
  vt_client_query_async (client, "601", VT_TASK_KIND_AGENT, NULL, query_cb, &done);
  vt_test_wait_until (done);

  /* Download through the API client's own session: still no credentials. */
  {
    g_autofree char *url = video_url (f, "601");
    download = vt_download_new (vt_client_get_session (client), url, f->folder, "601");
    g_assert_true (run (download, NULL, NULL));
  }

  requests = vt_mock_server_get_requests (f->server);
  for (guint i = 0; i < requests->len; i++)
    {
      VtMockRequest *request = requests->pdata[i];

      if (g_str_equal (request->server, "api"))
        g_assert_cmpstr (request->authorization, ==, "Bearer " KEY);
      else
        g_assert_null (request->authorization);
    }
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, "cdn"), ==, 1);
}

static void
test_truncated_then_resumed (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *url = video_url (f, "truncate-1");
  g_autoptr(VtDownload) download = NULL;
  g_autoptr(GError) error = NULL;

  vt_mock_server_set_video_size (f->server, 2 * 1024 * 1024);
  download = vt_download_new (f->session, url, f->folder, "truncate-1");
  g_assert_true (run (download, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vt_download_get_n_resumes (download), ==, 1);
  assert_video_file (vt_download_get_file (download), 2 * 1024 * 1024);
  assert_no_part_files (f->folder);
}

static void
test_expired_link (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(VtDownload) download = NULL;
  g_autoptr(VtDownload) again = NULL;
  g_autoptr(GError) error = NULL;

  first = g_strdup_printf ("%s/video/expire-1.mp4?token=1", vt_mock_server_get_cdn_url (f->server));
  download = vt_download_new (f->session, first, f->folder, "expire-1");
  g_assert_false (run (download, NULL, &error));
  g_assert_error (error, VT_ERROR, VT_ERROR_LINK_EXPIRED);
  assert_no_part_files (f->folder);
  g_assert_cmpuint (n_files (g_file_peek_path (f->folder)), ==, 0);

  /* A fresh link, as a new query gives, works. */
  second = g_strdup_printf ("%s/video/expire-1.mp4?token=2", vt_mock_server_get_cdn_url (f->server));
  again = vt_download_new (f->session, second, f->folder, "expire-1");
  g_assert_true (run (again, NULL, NULL));
}

static void
cancel_on_progress_cb (VtDownload   *download,
                       GParamSpec   *pspec,
                       GCancellable *cancellable)
{
  if (vt_download_get_received (download) > 0)
    g_cancellable_cancel (cancellable);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *url = video_url (f, "602");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VtDownload) download = NULL;
  g_autoptr(GError) error = NULL;

  vt_mock_server_set_video_size (f->server, 64 * 1024 * 1024);
  download = vt_download_new (f->session, url, f->folder, "602");
  g_signal_connect (download, "notify::received", G_CALLBACK (cancel_on_progress_cb), cancellable);
  g_assert_false (run (download, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (vt_download_get_state (download), ==, VT_DOWNLOAD_STATE_CANCELLED);
  g_assert_cmpuint (n_files (g_file_peek_path (f->folder)), ==, 0);
}

static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *url = video_url (f, "603");
  g_autoptr(VtDownload) download = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mount_point = g_build_filename (f->dir, "small", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (mount_point);

  g_assert_cmpint (g_mkdir (mount_point, 0700), ==, 0);
  if (mount ("tmpfs", mount_point, "tmpfs", 0, "size=256k") != 0)
    {
      g_test_skip ("Cannot mount a small tmpfs (needs root): the full-disk path is not exercised");
      return;
    }

  vt_mock_server_set_video_size (f->server, 2 * 1024 * 1024);
  download = vt_download_new (f->session, url, folder, "603");
  g_assert_false (run (download, NULL, &error));
  g_assert_error (error, VT_ERROR, VT_ERROR_DISK_FULL);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_assert_cmpuint (n_files (mount_point), ==, 0);

  g_assert_cmpint (umount (mount_point), ==, 0);
}

static void
test_name_collisions (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *url = video_url (f, "604");
  g_autoptr(VtDownload) first = NULL;
  g_autoptr(VtDownload) second = NULL;
  g_autoptr(GFile) part = NULL;
  g_autofree char *name = NULL;

  vt_mock_server_set_video_size (f->server, 1000);
  first = vt_download_new (f->session, url, f->folder, "Lion");
  g_assert_true (run (first, NULL, NULL));

  /* "Lion (2).mp4" is being downloaded by someone else. */
  part = g_file_get_child (f->folder, "Lion (2).mp4.part");
  g_assert_true (g_file_replace_contents (part, "x", 1, NULL, FALSE, 0, NULL, NULL, NULL));

  second = vt_download_new (f->session, url, f->folder, "Lion");
  g_assert_true (run (second, NULL, NULL));
  name = g_file_get_basename (vt_download_get_file (second));
  g_assert_cmpstr (name, ==, "Lion (3).mp4");
  /* Nothing was overwritten. */
  assert_video_file (vt_download_get_file (first), 1000);
}

static void
test_hostile_names (Fixture       *f,
                    gconstpointer  data)
{
  static const struct { const char *in, *out; } names[] = {
    { "Lion", "Lion" },
    { "../../etc/passwd", "_.._etc_passwd" },
    { "/absolute", "_absolute" },
    { "..", "video" },
    { ".hidden", "hidden" },
    { "a\\b:c*d?e\"f<g>h|i", "a_b_c_d_e_f_g_h_i" },
    { "line\nbreak\ttab", "line_break_tab" },
    { "   ", "video" },
    { "", "video" },
    { NULL, "video" },
    { "狮子 潜水", "狮子 潜水" },
    { "\xff\xfe bad utf8", "\xef\xbf\xbd\xef\xbf\xbd bad utf8" },
  };
  g_autofree char *url = video_url (f, "605");
  g_autoptr(VtDownload) download = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GString) long_name = g_string_new (NULL);
  g_autofree char *clipped = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *clean = vt_download_sanitize_name (names[i].in);
      g_assert_cmpstr (clean, ==, names[i].out);
    }

  for (guint i = 0; i < 500; i++)
    g_string_append (long_name, "长");
  clipped = vt_download_sanitize_name (long_name->str);
  g_assert_cmpuint (strlen (clipped), <=, 180);
  g_assert_true (g_utf8_validate (clipped, -1, NULL));

  vt_mock_server_set_video_size (f->server, 100);
  download = vt_download_new (f->session, url, f->folder, "../../escape");
  g_assert_true (run (download, NULL, NULL));
  parent = g_file_get_parent (vt_download_get_file (download));
  g_assert_true (g_file_equal (parent, f->folder));
}

/* Save As: the exact file chosen, replacing what the chooser confirmed may be replaced. */
static void
test_exact_target (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *url = video_url (f, "610");
  g_autoptr(GFile) chosen = g_file_new_build_filename (f->dir, "elsewhere", "my clip.mp4", NULL);
  g_autoptr(GFile) parent = g_file_get_parent (chosen);
  g_autoptr(VtDownload) download = NULL;

  g_assert_true (g_file_make_directory (parent, NULL, NULL));
  g_assert_true (g_file_replace_contents (chosen, "old", 3, NULL, FALSE, 0, NULL, NULL, NULL));
  vt_mock_server_set_video_size (f->server, 4000);

  download = vt_download_new (f->session, url, f->folder, "610");
  vt_download_set_exact_target (download, chosen);
  g_assert_true (run (download, NULL, NULL));
  g_assert_true (g_file_equal (vt_download_get_file (download), chosen));
  assert_video_file (chosen, 4000);
  g_assert_cmpuint (n_files (g_file_peek_path (parent)), ==, 1);
}

/* Save As of a video saved earlier: a copy of its file, the CDN not asked again, replacing
 * what the chooser confirmed may be replaced. */
static void
test_copy (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *url = video_url (f, "612");
  g_autoptr(GFile) chosen = g_file_new_build_filename (f->dir, "elsewhere", "copy.mp4", NULL);
  g_autoptr(GFile) parent = g_file_get_parent (chosen);
  g_autoptr(VtDownload) download = NULL;
  g_autoptr(VtDownload) copy = NULL;
  guint cdn_requests;

  g_assert_true (g_file_make_directory (parent, NULL, NULL));
  g_assert_true (g_file_replace_contents (chosen, "old", 3, NULL, FALSE, 0, NULL, NULL, NULL));
  vt_mock_server_set_video_size (f->server, 600 * 1024);
  download = vt_download_new (f->session, url, f->folder, "612");
  g_assert_true (run (download, NULL, NULL));
  cdn_requests = vt_mock_server_count_requests (f->server, "cdn");

  copy = vt_download_new_copy (vt_download_get_file (download), chosen);
  g_assert_true (run (copy, NULL, NULL));
  g_assert_true (g_file_equal (vt_download_get_file (copy), chosen));
  assert_video_file (chosen, 600 * 1024);
  /* Its progress, as a download's. */
  g_assert_cmpuint (vt_download_get_received (copy), ==, 600 * 1024);
  g_assert_cmpuint (vt_download_get_total (copy), ==, 600 * 1024);
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, "cdn"), ==, cdn_requests);
  g_assert_cmpuint (n_files (g_file_peek_path (parent)), ==, 1);
}

/* Save As never writes through a link someone left under the part file's name. */
static void
test_exact_target_symlink (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *url = video_url (f, "611");
  g_autoptr(GFile) chosen = g_file_new_build_filename (f->dir, "out.mp4", NULL);
  g_autoptr(GFile) victim = g_file_new_build_filename (f->dir, "bashrc", NULL);
  g_autoptr(GFile) trap = g_file_new_build_filename (f->dir, "out.mp4.part", NULL);
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);
  g_autoptr(VtDownload) download = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_replace_contents (victim, "precious", 8, NULL, FALSE, 0, NULL, NULL, NULL));
  g_assert_true (g_file_make_symbolic_link (trap, g_file_peek_path (victim), NULL, NULL));
  vt_mock_server_set_video_size (f->server, 4000);

  /* As Save As does: the chosen file's folder. */
  download = vt_download_new (f->session, url, dir, "611");
  vt_download_set_exact_target (download, chosen);
  g_assert_true (run (download, NULL, NULL));
  assert_video_file (chosen, 4000);
  g_assert_true (g_file_load_contents (victim, NULL, &contents, NULL, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious");
}

static void
test_unsafe_link (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(VtDownload) download = vt_download_new (f->session, "http://cdn.example.com/v.mp4",
                                                    f->folder, "x");
  g_autoptr(GError) error = NULL;

  g_assert_false (run (download, NULL, &error));
  g_assert_error (error, VT_ERROR, VT_ERROR_UNSAFE_LINK);
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, NULL), ==, 0);
  g_assert_false (g_file_query_exists (f->folder, NULL));
}

static void
test_folder_is_a_file (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *url = video_url (f, "606");
  g_autoptr(VtDownload) download = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_replace_contents (f->folder, "x", 1, NULL, FALSE, 0, NULL, NULL, NULL));
  download = vt_download_new (f->session, url, f->folder, "606");
  g_assert_false (run (download, NULL, &error));
  g_assert_error (error, VT_ERROR, VT_ERROR_SAVE);
  g_assert_nonnull (strstr (error->message, "Video Tasks"));
}

/* The manager: fresh links before and after a refusal. */

typedef struct
{
  gboolean done;
  GError  *error;
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

static VtClient *
api_client (Fixture *f)
{
  VtClient *client = vt_client_new ();

  g_assert_true (vt_client_set_host (client, vt_mock_server_get_api_url (f->server), NULL));
  vt_client_set_api_key (client, KEY);
  return client;
}

static void
apply_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VtTask *task = user_data;
  g_autoptr(VtQueryResult) answer = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_assert_true (vt_client_query_finish (VT_CLIENT (object), result, &answer, NULL));
  vt_task_apply_result (task, answer, NULL, now);
  g_object_set_data (G_OBJECT (task), "done", GINT_TO_POINTER (1));
}

static void
test_manager_refused_link_requeried (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(VtClient) client = api_client (f);
  g_autoptr(VtDownloadManager) manager = vt_download_manager_new (client);
  g_autoptr(VtTask) task = vt_task_new ("expire-2");
  Finished finished = { 0 };

  /* The link MiniMax gives first (token 1) is one the CDN no longer takes. */
  vt_client_query_async (client, "expire-2", VT_TASK_KIND_AGENT, NULL, apply_cb, task);
  vt_test_wait_until (g_object_get_data (G_OBJECT (task), "done") != NULL);
  g_assert_true (g_str_has_suffix (vt_task_get_video_url (task), "token=1"));
  vt_mock_server_set_video_size (f->server, 5000);
  g_signal_connect (manager, "finished", G_CALLBACK (finished_cb), &finished);

  vt_download_manager_start (manager, task, f->folder);
  g_assert_cmpuint (vt_download_manager_get_n_running (manager), ==, 1);
  vt_test_wait_until (finished.done);
  g_assert_no_error (finished.error);

  /* Refused once, asked MiniMax again, fetched with the new link. */
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, "api"), ==, 2);
  g_assert_true (g_str_has_suffix (vt_task_get_video_url (task), "token=2"));
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, "cdn"), ==, 2);
  g_assert_nonnull (vt_task_get_file_path (task));
  g_assert_true (g_file_test (vt_task_get_file_path (task), G_FILE_TEST_IS_REGULAR));
  g_assert_null (vt_download_manager_lookup (manager, task));
  g_assert_cmpuint (vt_download_manager_get_n_running (manager), ==, 0);
}

static void
test_manager_old_link_requeried_first (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(VtClient) client = api_client (f);
  g_autoptr(VtDownloadManager) manager = vt_download_manager_new (client);
  g_autoptr(VtTask) task = vt_task_new ("608");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) long_ago = g_date_time_add_hours (now, -10);
  g_autofree char *url = video_url (f, "608");
  GPtrArray *requests;
  Finished finished = { 0 };

  vt_task_set_status (task, VT_TASK_STATUS_SUCCESS);
  vt_task_set_video_url (task, url, long_ago);
  g_assert_true (vt_task_link_is_expired (task, now));
  vt_mock_server_set_video_size (f->server, 5000);
  g_signal_connect (manager, "finished", G_CALLBACK (finished_cb), &finished);

  vt_download_manager_start (manager, task, f->folder);
  vt_test_wait_until (finished.done);
  g_assert_no_error (finished.error);

  /* Asked MiniMax first, then fetched the video once, with the fresh link. */
  requests = vt_mock_server_get_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 2);
  g_assert_cmpstr (((VtMockRequest *) requests->pdata[0])->server, ==, "api");
  g_assert_cmpstr (((VtMockRequest *) requests->pdata[1])->server, ==, "cdn");
  g_assert_false (vt_task_link_is_expired (task, now));
}

/* A task found out as @kind, whose first link has expired by the time it is used: asked
 * again at its own endpoints only, and fetched with the new link. The API requests after
 * the refusal are checked against @paths. */
static void
detect_and_download (Fixture           *f,
                     const char        *task_id,
                     VtTaskKind         kind,
                     const char * const *paths)
{
  g_autoptr(VtClient) client = api_client (f);
  g_autoptr(VtDownloadManager) manager = vt_download_manager_new (client);
  g_autoptr(VtTask) task = vt_task_new (task_id);
  GPtrArray *requests = vt_mock_server_get_requests (f->server);
  Finished finished = { 0 };
  guint detected, n_paths = g_strv_length ((char **) paths);

  vt_client_query_async (client, task_id, VT_TASK_KIND_UNKNOWN, NULL, apply_cb, task);
  vt_test_wait_until (g_object_get_data (G_OBJECT (task), "done") != NULL);
  g_assert_cmpint (vt_task_get_kind (task), ==, kind);
  g_assert_true (g_str_has_suffix (vt_task_get_video_url (task), "token=1"));
  /* Video Agent said no, then the right one answered (Hailuo: the query and the file). */
  detected = requests->len;
  g_assert_cmpuint (detected, ==, 1 + n_paths + (kind == VT_TASK_KIND_H3 ? 1 : 0));
  vt_mock_server_set_video_size (f->server, 5000);
  g_signal_connect (manager, "finished", G_CALLBACK (finished_cb), &finished);

  vt_download_manager_start (manager, task, f->folder);
  vt_test_wait_until (finished.done);
  g_assert_no_error (finished.error);
  g_assert_true (g_str_has_suffix (vt_task_get_video_url (task), "token=2"));
  /* Refused (1), asked again (its paths), fetched (1). */
  g_assert_cmpuint (requests->len, ==, detected + 1 + n_paths + 1);
  for (guint i = 0; i < n_paths; i++)
    g_assert_cmpstr (((VtMockRequest *) requests->pdata[detected + 1 + i])->path, ==, paths[i]);
  g_assert_true (g_file_test (vt_task_get_file_path (task), G_FILE_TEST_IS_REGULAR));
}

static void
test_manager_video_kind (Fixture       *f,
                         gconstpointer  data)
{
  const char *paths[] = { VT_API_VIDEO_QUERY_PATH, VT_API_FILE_PATH, NULL };

  detect_and_download (f, "video-expire-3", VT_TASK_KIND_VIDEO, paths);
}

static void
test_manager_h3_kind (Fixture       *f,
                      gconstpointer  data)
{
  const char *paths[] = { VT_API_H3_QUERY_PATH "/h3-expire-5", NULL };

  detect_and_download (f, "h3-expire-5", VT_TASK_KIND_H3, paths);
}

/* A Hailuo link that keeps failing: after asking again, the backup link is used. */
static void
test_manager_backup_link (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(VtClient) client = api_client (f);
  g_autoptr(VtDownloadManager) manager = vt_download_manager_new (client);
  g_autoptr(VtTask) task = vt_task_new ("video-backup-4");
  GPtrArray *requests = vt_mock_server_get_requests (f->server);
  VtMockRequest *last;
  Finished finished = { 0 };

  vt_client_query_async (client, "video-backup-4", VT_TASK_KIND_VIDEO, NULL, apply_cb, task);
  vt_test_wait_until (g_object_get_data (G_OBJECT (task), "done") != NULL);
  g_assert_nonnull (vt_task_get_backup_url (task));
  vt_mock_server_set_video_size (f->server, 5000);
  g_signal_connect (manager, "finished", G_CALLBACK (finished_cb), &finished);

  vt_download_manager_start (manager, task, f->folder);
  vt_test_wait_until (finished.done);
  g_assert_no_error (finished.error);
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, "cdn"), ==, 3);
  last = requests->pdata[requests->len - 1];
  g_assert_cmpstr (last->server, ==, "cdn");
  g_assert_nonnull (strstr (last->path, "-mirror"));
  g_assert_true (g_file_test (vt_task_get_file_path (task), G_FILE_TEST_IS_REGULAR));
}

/* The main link fails (a busy CDN node), the backup is refused as expired, and MiniMax is
 * asked again: the fresh main link goes first, and works. */
static void
test_manager_fresh_main_first (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(VtClient) client = api_client (f);
  g_autoptr(VtDownloadManager) manager = vt_download_manager_new (client);
  g_autoptr(VtTask) task = vt_task_new ("video-busy-6");
  GPtrArray *requests = vt_mock_server_get_requests (f->server);
  g_autoptr(GString) seen = g_string_new (NULL);
  Finished finished = { 0 };
  guint before;

  vt_client_query_async (client, "video-busy-6", VT_TASK_KIND_VIDEO, NULL, apply_cb, task);
  vt_test_wait_until (g_object_get_data (G_OBJECT (task), "done") != NULL);
  g_assert_nonnull (vt_task_get_backup_url (task));
  vt_mock_server_set_video_size (f->server, 5000);
  g_signal_connect (manager, "finished", G_CALLBACK (finished_cb), &finished);

  before = requests->len;
  vt_download_manager_start (manager, task, f->folder);
  vt_test_wait_until (finished.done);

  for (guint i = before; i < requests->len; i++)
    {
      VtMockRequest *request = requests->pdata[i];

      g_string_append_printf (seen, "%s %s\n", request->server, request->path);
    }
  g_assert_cmpstr (seen->str, ==,
                   "cdn /video/video-busy-6.mp4\n"
                   "cdn /video/video-busy-6-mirror.mp4\n"
                   "api " VT_API_VIDEO_QUERY_PATH "\n"
                   "api " VT_API_FILE_PATH "\n"
                   "cdn /video/video-busy-6.mp4\n");
  g_assert_no_error (finished.error);
  g_assert_true (g_file_test (vt_task_get_file_path (task), G_FILE_TEST_IS_REGULAR));
}

/* Video Agent links live 9 hours; Hailuo's and H3's an hour. */
static void
test_link_lifetimes (void)
{
  g_autoptr(VtTask) task = vt_task_new ("9101");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) two_hours_ago = g_date_time_add_hours (now, -2);

  vt_task_set_video_url (task, "https://cdn.example.com/v.mp4", two_hours_ago);
  vt_task_set_kind (task, VT_TASK_KIND_AGENT);
  g_assert_false (vt_task_link_is_expired (task, now));
  vt_task_set_kind (task, VT_TASK_KIND_VIDEO);
  g_assert_true (vt_task_link_is_expired (task, now));
  vt_task_set_kind (task, VT_TASK_KIND_H3);
  g_assert_true (vt_task_link_is_expired (task, now));
}

static void
count_changed_cb (VtDownloadManager *manager,
                  VtTask            *task,
                  guint             *n_changed)
{
  (*n_changed)++;
}

static void
test_manager_cancel (Fixture       *f,
                     gconstpointer  data)
{
  guint n_changed = 0;
  g_autoptr(VtClient) client = api_client (f);
  g_autoptr(VtDownloadManager) manager = vt_download_manager_new (client);
  g_autoptr(VtTask) task = vt_task_new ("609");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *url = video_url (f, "609");
  Finished finished = { 0 };

  vt_task_set_status (task, VT_TASK_STATUS_SUCCESS);
  vt_task_set_video_url (task, url, now);
  vt_mock_server_set_video_size (f->server, 64 * 1024 * 1024);
  g_signal_connect (manager, "finished", G_CALLBACK (finished_cb), &finished);

  g_signal_connect (manager, "changed", G_CALLBACK (count_changed_cb), &n_changed);

  vt_download_manager_start (manager, task, f->folder);
  vt_test_wait_until (vt_download_manager_lookup (manager, task) != NULL &&
                      vt_download_get_received (vt_download_manager_lookup (manager, task)) > 0);
  /* Told once that the download started: a row shows its progress from then on. */
  g_assert_cmpuint (n_changed, ==, 1);
  vt_download_manager_cancel (manager, task);
  vt_test_wait_until (finished.done);
  g_assert_error (finished.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (n_changed, ==, 2);
  g_assert_null (vt_download_manager_lookup (manager, task));
  g_assert_null (vt_task_get_file_path (task));
  g_assert_cmpuint (n_files (g_file_peek_path (f->folder)), ==, 0);
  g_clear_error (&finished.error);
}

static void
count_finished_cb (VtDownloadManager *manager,
                   VtTask            *task,
                   GError            *error,
                   GFile             *file,
                   guint             *n)
{
  g_assert_no_error (error);
  (*n)++;
}

static void
test_manager_several_at_once (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(VtClient) client = api_client (f);
  g_autoptr(VtDownloadManager) manager = vt_download_manager_new (client);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_finished = 0;

  vt_mock_server_set_video_size (f->server, 8 * 1024 * 1024);
  g_signal_connect (manager, "finished", G_CALLBACK (count_finished_cb), &n_finished);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("62%u", i);
      g_autofree char *url = video_url (f, id);
      VtTask *task = vt_task_new (id);

      vt_task_set_status (task, VT_TASK_STATUS_SUCCESS);
      vt_task_set_video_url (task, url, now);
      g_ptr_array_add (tasks, task);
      vt_download_manager_start (manager, task, f->folder);
    }
  /* Starting one that runs already changes nothing. */
  vt_download_manager_start (manager, tasks->pdata[0], f->folder);
  g_assert_cmpuint (vt_download_manager_get_n_running (manager), ==, 3);

  vt_test_wait_until (n_finished == 3);
  g_assert_cmpuint (vt_download_manager_get_n_running (manager), ==, 0);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (vt_task_get_file_path (tasks->pdata[i]));
      assert_video_file (file, 8 * 1024 * 1024);
    }
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, "cdn"), ==, 3);
}

/* Quitting: every download stops as on SIGTERM (the app's shutdown), its part file kept. */
static void
quit_part_way (Fixture    *f,
               VtTask     *task,
               guint64    *kept)
{
  g_autoptr(VtClient) client = api_client (f);
  g_autoptr(VtDownloadManager) manager = vt_download_manager_new (client);
  g_autofree char *part_name = g_strdup_printf ("%s.mp4.part", vt_task_get_id (task));
  g_autoptr(GFile) part = g_file_get_child (f->folder, part_name);
  g_autoptr(GFileInfo) info = NULL;
  Finished finished = { 0 };

  g_signal_connect (manager, "finished", G_CALLBACK (finished_cb), &finished);
  /* Slow enough to be stopped part-way; a Range request is answered at once. */
  vt_mock_server_set_video_rate (f->server, 256 * 1024);
  vt_download_manager_start (manager, task, f->folder);
  vt_test_wait_until (vt_download_manager_lookup (manager, task) != NULL &&
                      vt_download_get_received (vt_download_manager_lookup (manager, task)) > 0);
  vt_download_manager_cancel_all (manager);
  vt_test_wait_until (finished.done);
  g_assert_error (finished.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&finished.error);
  g_assert_null (vt_task_get_file_path (task));

  info = g_file_query_info (part, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, NULL);
  g_assert_nonnull (info);
  *kept = g_file_info_get_size (info);
  g_assert_cmpuint (*kept, >, 0);
  g_assert_cmpuint (*kept, <, 4 * 1024 * 1024);
}

/* The next run: a new manager downloads the same task again. */
static void
download_again (Fixture    *f,
                const char *id,
                const char *link,
                guint       n_expected)
{
  g_autoptr(VtClient) client = api_client (f);
  g_autoptr(VtDownloadManager) manager = vt_download_manager_new (client);
  g_autoptr(VtTask) task = vt_task_new (id);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *url = link != NULL ? g_strdup (link) : video_url (f, id);
  g_autofree char *expected = g_strdup_printf ("%s.mp4", id);
  g_autofree char *name = NULL;
  g_autoptr(GFile) file = NULL;
  Finished finished = { 0 };

  vt_task_set_status (task, VT_TASK_STATUS_SUCCESS);
  vt_task_set_video_url (task, url, now);
  vt_mock_server_set_video_rate (f->server, 0);
  g_signal_connect (manager, "finished", G_CALLBACK (finished_cb), &finished);
  vt_download_manager_start (manager, task, f->folder);
  vt_test_wait_until (finished.done);
  g_assert_no_error (finished.error);

  file = g_file_new_for_path (vt_task_get_file_path (task));
  name = g_file_get_basename (file);
  g_assert_cmpstr (name, ==, expected);
  assert_video_file (file, 4 * 1024 * 1024);
  assert_no_part_files (f->folder);
  g_assert_cmpuint (n_files (g_file_peek_path (f->folder)), ==, n_expected);
}

static VtMockRequest *
last_cdn_request (Fixture *f)
{
  GPtrArray *requests = vt_mock_server_get_requests (f->server);

  for (guint i = requests->len; i > 0; i--)
    if (g_str_equal (((VtMockRequest *) requests->pdata[i - 1])->server, "cdn"))
      return requests->pdata[i - 1];
  g_assert_not_reached ();
}

static VtTask *
succeeded_task (Fixture    *f,
                const char *id)
{
  VtTask *task = vt_task_new (id);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *url = video_url (f, id);

  vt_task_set_status (task, VT_TASK_STATUS_SUCCESS);
  vt_task_set_video_url (task, url, now);
  return task;
}

/* A download stopped by quitting goes on from its part file the next time the task's
 * video is downloaded, with a Range request checked against the same video. */
static void
test_manager_resumes_after_quit (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(VtTask) task = succeeded_task (f, "631");
  g_autofree char *range = NULL;
  VtMockRequest *request;
  guint64 kept = 0;

  vt_mock_server_set_video_size (f->server, 4 * 1024 * 1024);
  quit_part_way (f, task, &kept);
  download_again (f, "631", NULL, 1);

  g_assert_cmpuint (vt_mock_server_count_requests (f->server, "cdn"), ==, 2);
  request = last_cdn_request (f);
  range = g_strdup_printf ("bytes=%" G_GUINT64_FORMAT "-", kept);
  g_assert_cmpstr (request->range, ==, range);
  g_assert_cmpstr (request->if_range, ==, "\"vt-4194304-0\"");
}

/* A server that ignores Range sends the whole video again: it is written from the start. */
static void
test_manager_resume_ignored (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(VtTask) task = succeeded_task (f, "norange-632");
  guint64 kept = 0;

  vt_mock_server_set_video_size (f->server, 4 * 1024 * 1024);
  quit_part_way (f, task, &kept);
  download_again (f, "norange-632", NULL, 1);
  g_assert_nonnull (last_cdn_request (f)->range);
}

/* The video behind the link changed meanwhile (another ETag): the server answers If-Range
 * with all of it, and nothing of the old part is kept. */
static void
test_manager_resume_changed_video (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(VtTask) task = succeeded_task (f, "633");
  guint64 kept = 0;

  vt_mock_server_set_video_size (f->server, 4 * 1024 * 1024);
  quit_part_way (f, task, &kept);
  vt_mock_server_set_video_version (f->server, 2);
  download_again (f, "633", NULL, 1);
  g_assert_cmpstr (last_cdn_request (f)->if_range, ==, "\"vt-4194304-0\"");
}

/* Another task with the same name neither takes over nor removes the part kept for the
 * task that was stopped: it gets the next free name. */
static void
test_manager_part_kept_for_its_task (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(VtTask) task = succeeded_task (f, "634");
  g_autoptr(VtTask) other = succeeded_task (f, "635");
  g_autoptr(VtClient) client = api_client (f);
  g_autoptr(VtDownloadManager) manager = vt_download_manager_new (client);
  g_autoptr(GFile) part = g_file_get_child (f->folder, "634.mp4.part");
  g_autofree char *name = NULL;
  Finished finished = { 0 };
  guint64 kept = 0;

  vt_mock_server_set_video_size (f->server, 4 * 1024 * 1024);
  quit_part_way (f, task, &kept);

  /* Both labelled alike: the other one's video would be named "634.mp4" too. */
  vt_task_set_label (other, "634");
  vt_mock_server_set_video_rate (f->server, 0);
  g_signal_connect (manager, "finished", G_CALLBACK (finished_cb), &finished);
  vt_download_manager_start (manager, other, f->folder);
  vt_test_wait_until (finished.done);
  g_assert_no_error (finished.error);
  name = g_path_get_basename (vt_task_get_file_path (other));
  g_assert_cmpstr (name, ==, "634 (2).mp4");
  g_assert_null (last_cdn_request (f)->range);
  g_assert_true (g_file_query_exists (part, NULL));

  download_again (f, "634", NULL, 2);
}

/* In the next run the saved link is refused (it expired): the fresh link MiniMax gives
 * goes on from the part all the same. */
static void
test_manager_resume_refused_link (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(VtClient) client = api_client (f);
  g_autoptr(VtTask) task = vt_task_new ("expire-636");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *working = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *range = NULL;
  guint64 kept = 0;

  /* The mock CDN refuses the first link it issues (token 1) and takes the next. */
  vt_client_query_async (client, "expire-636", VT_TASK_KIND_AGENT, NULL, apply_cb, task);
  vt_test_wait_until (g_object_get_data (G_OBJECT (task), "done") != NULL);
  refused = g_strdup (vt_task_get_video_url (task));
  g_assert_true (g_str_has_suffix (refused, "token=1"));
  working = g_strdup_printf ("%s/video/expire-636.mp4?token=9", vt_mock_server_get_cdn_url (f->server));
  vt_task_set_video_url (task, working, now);

  vt_mock_server_set_video_size (f->server, 4 * 1024 * 1024);
  quit_part_way (f, task, &kept);
  download_again (f, "expire-636", refused, 1);

  range = g_strdup_printf ("bytes=%" G_GUINT64_FORMAT "-", kept);
  g_assert_cmpstr (last_cdn_request (f)->query, ==, "token=2");
  g_assert_cmpstr (last_cdn_request (f)->range, ==, range);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/download/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("complete", test_complete);
  ADD ("key-never-reaches-cdn", test_key_never_reaches_cdn);
  ADD ("truncated-then-resumed", test_truncated_then_resumed);
  ADD ("expired-link", test_expired_link);
  ADD ("cancel", test_cancel);
  ADD ("disk-full", test_disk_full);
  ADD ("name-collisions", test_name_collisions);
  ADD ("hostile-names", test_hostile_names);
  ADD ("exact-target", test_exact_target);
  ADD ("exact-target-symlink", test_exact_target_symlink);
  ADD ("copy", test_copy);
  ADD ("unsafe-link", test_unsafe_link);
  ADD ("folder-is-a-file", test_folder_is_a_file);
  ADD ("manager-refused-link-requeried", test_manager_refused_link_requeried);
  ADD ("manager-old-link-requeried-first", test_manager_old_link_requeried_first);
  ADD ("manager-cancel", test_manager_cancel);
  ADD ("manager-several-at-once", test_manager_several_at_once);
  ADD ("manager-video-kind", test_manager_video_kind);
  ADD ("manager-backup-link", test_manager_backup_link);
  ADD ("manager-fresh-main-first", test_manager_fresh_main_first);
  ADD ("manager-h3-kind", test_manager_h3_kind);
  ADD ("manager-resumes-after-quit", test_manager_resumes_after_quit);
  ADD ("manager-resume-ignored", test_manager_resume_ignored);
  ADD ("manager-resume-changed-video", test_manager_resume_changed_video);
  ADD ("manager-part-kept-for-its-task", test_manager_part_kept_for_its_task);
  ADD ("manager-resume-refused-link", test_manager_resume_refused_link);
#undef ADD
  g_test_add_func ("/download/link-lifetimes", test_link_lifetimes);

  return g_test_run ();
}
