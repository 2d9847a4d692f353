/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Downloads that take care of themselves: tasks checked by a real poller against the loopback
 * API succeed, and their videos are saved from the loopback CDN, a few at a time. */

#include "config.h"

#include "test-util.h"
#include "vt-auto-download.h"
#include "vt-mock-server.h"
#include "vt-task-store.h"

#define KEY "auto-download-key"
#define N_TASKS 5

typedef struct
{
  VtMockServer      *server;
  VtClient          *client;
  VtTaskStore       *store;
  VtPoller          *poller;
  VtDownloadManager *downloads;
  VtAutoDownload    *auto_download;
  char              *dir;
  GFile             *folder;
  guint              most_running;
  guint              most_receiving;
} Fixture;

static void
running_cb (VtDownloadManager *downloads,
            GParamSpec        *pspec,
            Fixture           *f)
{
  f->most_running = MAX (f->most_running, vt_download_manager_get_n_running (downloads));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = vt_mock_server_new (KEY, &error);
  g_assert_no_error (error);
  vt_mock_server_set_timing (f->server, 0, 0);
  /* Small videos sent slowly enough that several are on the way at once. */
  vt_mock_server_set_video_size (f->server, 64 * 1024);
  vt_mock_server_set_video_rate (f->server, 128 * 1024);
  f->client = vt_client_new ();
  g_assert_true (vt_client_set_host (f->client, vt_mock_server_get_api_url (f->server), NULL));
  vt_client_set_api_key (f->client, KEY);
  f->store = vt_task_store_new (NULL);
  f->poller = vt_poller_new (f->client, G_LIST_MODEL (f->store), NULL);
  vt_poller_set_max_per_minute (f->poller, 600);
  f->downloads = vt_download_manager_new (f->client);
  g_signal_connect (f->downloads, "notify::n-running", G_CALLBACK (running_cb), f);
  f->auto_download = vt_auto_download_new (f->poller, f->downloads);
  f->dir = g_dir_make_tmp ("vt-auto-download-XXXXXX", &error);
  g_assert_no_error (error);
  f->folder = g_file_new_build_filename (f->dir, "Video Tasks", NULL);
  vt_auto_download_set_folder (f->auto_download, f->folder);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);

  vt_poller_shutdown (f->poller);
  vt_download_manager_cancel_all (f->downloads);
  vt_test_wait_until (vt_poller_get_n_in_flight (f->poller) == 0 &&
                      vt_download_manager_get_n_running (f->downloads) == 0);
  g_signal_handlers_disconnect_by_func (f->downloads, running_cb, f);
  g_assert_finalize_object (g_steal_pointer (&f->auto_download));
  g_clear_object (&f->downloads);
  g_clear_object (&f->poller);
  g_clear_object (&f->store);
  g_clear_object (&f->client);
  g_clear_object (&f->server);
  vt_test_remove_tree (dir);
  g_clear_object (&f->folder);
  g_free (f->dir);
}

static void
add_tasks (Fixture *f)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < N_TASKS; i++)
    g_ptr_array_add (ids, g_strdup_printf ("43000000%02u", i));
  g_ptr_array_add (ids, NULL);
  vt_task_store_add_ids_of_kind (f->store, (const char * const *) ids->pdata, VT_TASK_KIND_AGENT, NULL);
}

static guint
count (Fixture  *f,
       gboolean  saved)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->store)); i++)
    {
      g_autoptr(VtTask) task = g_list_model_get_item (G_LIST_MODEL (f->store), i);

      if (saved ? vt_task_get_file_path (task) != NULL
                : vt_task_get_status (task) == VT_TASK_STATUS_SUCCESS)
        n++;
    }
  return n;
}

/* Whether every video is saved; meanwhile, notes how many were coming in at once. */
static gboolean
all_saved (Fixture *f)
{
  guint receiving = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->store)); i++)
    {
      g_autoptr(VtTask) task = g_list_model_get_item (G_LIST_MODEL (f->store), i);
      VtDownload *download = vt_download_manager_lookup (f->downloads, task);

      if (download != NULL && vt_download_get_received (download) > 0 &&
          vt_download_get_received (download) < vt_download_get_total (download))
        receiving++;
    }
  f->most_receiving = MAX (f->most_receiving, receiving);
  return count (f, TRUE) == N_TASKS;
}

/* On: every video is saved once its task succeeds, three at a time at most, and the three
 * come in together (not two, the third waiting for a connection to the CDN). */
static void
test_saves_finished (Fixture       *f,
                     gconstpointer  data)
{
  vt_auto_download_set_enabled (f->auto_download, TRUE);
  add_tasks (f);
  vt_test_wait_until (all_saved (f));
  g_assert_cmpuint (f->most_running, ==, VT_AUTO_DOWNLOADS_AT_ONCE);
  g_assert_cmpuint (f->most_receiving, ==, VT_AUTO_DOWNLOADS_AT_ONCE);
  g_assert_cmpuint (vt_auto_download_get_n_waiting (f->auto_download), ==, 0);
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, "cdn"), >=, N_TASKS);
}

/* The downloads are listed in the order they began (the indicator's popover shows them so),
 * not in a hash table's. */
static void
test_listed_in_order (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) started = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  /* Still coming in when the test is done with them. */
  vt_mock_server_set_video_size (f->server, 64 * 1024 * 1024);
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *id = g_strdup_printf ("43000001%02u", 7 - i);
      g_autofree char *url = g_strdup_printf ("%s/video/%s.mp4", vt_mock_server_get_cdn_url (f->server), id);
      VtTask *task = vt_task_new (id);

      vt_task_set_status (task, VT_TASK_STATUS_SUCCESS);
      vt_task_set_video_url (task, url, now);
      vt_download_manager_start (f->downloads, task, f->folder);
      g_ptr_array_add (started, task);
    }
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GPtrArray) listed = vt_download_manager_dup_tasks (f->downloads);

      g_assert_cmpuint (listed->len, ==, started->len);
      for (guint i = 0; i < listed->len; i++)
        g_assert_true (listed->pdata[i] == started->pdata[i]);
      /* The first one done: the others keep their places. */
      if (round == 0)
        {
          vt_download_manager_cancel (f->downloads, started->pdata[0]);
          vt_test_wait_until (vt_download_manager_get_n_running (f->downloads) == started->len - 1);
          g_ptr_array_remove_index (started, 0);
        }
    }
}

/* Off: the tasks succeed and nothing is downloaded. */
static void
test_off (Fixture       *f,
          gconstpointer  data)
{
  add_tasks (f);
  vt_test_wait_until (count (f, FALSE) == N_TASKS);
  vt_test_drain ();
  g_assert_cmpuint (count (f, TRUE), ==, 0);
  g_assert_cmpuint (vt_download_manager_get_n_running (f->downloads), ==, 0);
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, "cdn"), ==, 0);
}

/* Turned off while videos wait their turn: those go no further; the running ones finish. */
static void
test_turned_off (Fixture       *f,
                 gconstpointer  data)
{
  vt_auto_download_set_enabled (f->auto_download, TRUE);
  add_tasks (f);
  vt_test_wait_until (vt_auto_download_get_n_waiting (f->auto_download) > 0);
  vt_auto_download_set_enabled (f->auto_download, FALSE);
  g_assert_cmpuint (vt_auto_download_get_n_waiting (f->auto_download), ==, 0);
  vt_test_wait_until (count (f, FALSE) == N_TASKS &&
                      vt_download_manager_get_n_running (f->downloads) == 0);
  g_assert_cmpuint (count (f, TRUE), >, 0);
  g_assert_cmpuint (count (f, TRUE), <, N_TASKS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/auto-download/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("saves-finished", test_saves_finished);
  ADD ("off", test_off);
  ADD ("turned-off", test_turned_off);
  ADD ("listed-in-order", test_listed_in_order);
#undef ADD

  return g_test_run ();
}
