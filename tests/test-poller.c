/* SPDX-License-Identifier: GPL-3.0-or-later */
/* VtPoller against the loopback API: schedule, rate cap, backoff, stop, shutdown. */

#include "config.h"

#include <locale.h>

#include "test-util.h"
#include "vt-error.h"
#include "vt-mock-server.h"
#include "vt-poller.h"
#include "vt-task-store.h"

#define KEY "poller-key"

typedef struct
{
  VtMockServer *server;
  VtClient     *client;
  VtTaskStore  *store;
  VtPoller     *poller;
  GPtrArray    *finished;
} Fixture;

static void
task_finished_cb (VtPoller  *poller,
                  VtTask    *task,
                  GPtrArray *finished)
{
  g_ptr_array_add (finished, g_object_ref (task));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = vt_mock_server_new (KEY, &error);
  g_assert_no_error (error);
  f->client = vt_client_new ();
  g_assert_true (vt_client_set_host (f->client, vt_mock_server_get_api_url (f->server), NULL));
  vt_client_set_api_key (f->client, KEY);
  f->store = vt_task_store_new (NULL);
  f->poller = vt_poller_new (f->client, G_LIST_MODEL (f->store));
  vt_poller_set_interval (f->poller, 1);
  vt_poller_set_max_per_minute (f->poller, 6000);
  f->finished = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (f->poller, "task-finished", G_CALLBACK (task_finished_cb), f->finished);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  vt_poller_shutdown (f->poller);
  /* Let cancelled queries report back before everything goes. */
  vt_test_run_for (100);
  g_assert_finalize_object (g_steal_pointer (&f->poller));
  g_clear_pointer (&f->finished, g_ptr_array_unref);
  g_clear_object (&f->store);
  g_clear_object (&f->client);
  g_clear_object (&f->server);
}

static void
add (Fixture    *f,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *id = first; id != NULL; id = va_arg (args, const char *))
    g_ptr_array_add (ids, (gpointer) id);
  va_end (args);
  g_ptr_array_add (ids, NULL);

  vt_task_store_add_ids (f->store, (const char * const *) ids->pdata, NULL);
}

static void
wait_until_all_finished (Fixture *f,
                         guint    seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (vt_task_store_get_n_pending (f->store) > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static guint
api_requests_for (VtMockServer *server,
                  const char   *id)
{
  GPtrArray *requests = vt_mock_server_get_requests (server);
  g_autofree char *query = g_strdup_printf ("task_id=%s", id);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    if (g_strcmp0 (((VtMockRequest *) requests->pdata[i])->query, query) == 0)
      n++;
  return n;
}

static void
test_follows_tasks_to_the_end (Fixture       *f,
                               gconstpointer  data)
{
  guint n_requests;

  vt_mock_server_set_timing (f->server, 500, 500);
  add (f, "1000000001", "1000000002", "fail-1026", NULL);
  g_assert_cmpint (vt_poller_get_state (f->poller), ==, VT_POLLER_STATE_CHECKING);

  wait_until_all_finished (f, 20);
  g_assert_cmpint (vt_task_get_status (vt_task_store_lookup (f->store, "1000000001")), ==,
                   VT_TASK_STATUS_SUCCESS);
  g_assert_nonnull (vt_task_get_video_url (vt_task_store_lookup (f->store, "1000000001")));
  g_assert_cmpint (vt_task_get_status (vt_task_store_lookup (f->store, "fail-1026")), ==,
                   VT_TASK_STATUS_FAIL);
  g_assert_cmpuint (f->finished->len, ==, 3);
  /* Seen Preparing or Processing at least once on the way. */
  g_assert_cmpuint (api_requests_for (f->server, "1000000001"), >=, 2);
  g_assert_cmpuint (api_requests_for (f->server, "fail-1026"), ==, 1);

  /* Finished tasks are never checked again, and no timer is left behind. */
  g_assert_cmpint (vt_poller_get_state (f->poller), ==, VT_POLLER_STATE_IDLE);
  n_requests = vt_mock_server_count_requests (f->server, "api");
  vt_test_run_for (2500);
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, "api"), ==, n_requests);
  g_assert_cmpuint (f->finished->len, ==, 3);
}

static void
test_finished_tasks_not_polled (Fixture       *f,
                                gconstpointer  data)
{
  add (f, "2000000001", NULL);
  vt_task_set_status (vt_task_store_lookup (f->store, "2000000001"), VT_TASK_STATUS_SUCCESS);
  vt_poller_shutdown (f->poller);
  g_clear_object (&f->poller);

  f->poller = vt_poller_new (f->client, G_LIST_MODEL (f->store));
  vt_test_run_for (1500);
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, NULL), ==, 0);
  g_assert_cmpint (vt_poller_get_state (f->poller), ==, VT_POLLER_STATE_IDLE);
}

static void
test_rate_cap (Fixture       *f,
               gconstpointer  data)
{
  GPtrArray *requests;

  /* 600 a minute: one request every 100 ms, never a burst. */
  vt_mock_server_set_timing (f->server, 60 * 1000, 0);
  vt_poller_set_max_per_minute (f->poller, 600);
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 3000000000u + i);
      add (f, id, NULL);
    }

  while (vt_mock_server_count_requests (f->server, "api") < 12)
    g_main_context_iteration (NULL, TRUE);

  /* The server sees arrival times, so one request that waited a few milliseconds for its
   * connection shortens the next gap by as much: single gaps get a margin, and over the
   * whole span, where that jitter does not add up, at most 50 ms may be missing. */
  requests = vt_mock_server_get_requests (f->server);
  for (guint i = 1; i < requests->len; i++)
    {
      gint64 gap = ((VtMockRequest *) requests->pdata[i])->time -
                   ((VtMockRequest *) requests->pdata[i - 1])->time;
      g_assert_cmpint (gap, >=, 75 * 1000);
    }
  g_assert_cmpint (((VtMockRequest *) requests->pdata[requests->len - 1])->time -
                   ((VtMockRequest *) requests->pdata[0])->time,
                   >=, (gint64) (requests->len - 1) * 100 * 1000 - 50 * 1000);
}

static void
test_in_flight_cap (Fixture       *f,
                    gconstpointer  data)
{
  vt_mock_server_set_timing (f->server, 0, 0);
  add (f, "slow-1-a", "slow-1-b", "slow-1-c", "slow-1-d", "slow-1-e", "slow-1-f", "slow-1-g", NULL);
  wait_until_all_finished (f, 20);
  g_assert_cmpuint (vt_mock_server_get_max_concurrent (f->server), ==, 4);
  g_assert_cmpuint (vt_poller_get_n_in_flight (f->poller), ==, 0);
}

static void
test_backoff_on_rate_limit (Fixture       *f,
                            gconstpointer  data)
{
  GPtrArray *requests;
  gint64 gap1, gap2;

  vt_mock_server_set_timing (f->server, 0, 0);
  vt_mock_server_fail_next (f->server, 2, "error-1002");
  add (f, "4000000001", NULL);

  while (vt_poller_get_state (f->poller) != VT_POLLER_STATE_BACKING_OFF)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (vt_poller_get_message (f->poller), "slow down"));
  g_assert_cmpint (vt_poller_get_resume_time (f->poller), >, g_get_real_time () + 8 * G_USEC_PER_SEC);
  /* A rate-limited query says nothing about the task. */
  g_assert_false (vt_task_get_check_failed (vt_task_store_lookup (f->store, "4000000001")));

  wait_until_all_finished (f, 60);
  requests = vt_mock_server_get_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 3);
  gap1 = ((VtMockRequest *) requests->pdata[1])->time - ((VtMockRequest *) requests->pdata[0])->time;
  gap2 = ((VtMockRequest *) requests->pdata[2])->time - ((VtMockRequest *) requests->pdata[1])->time;
  /* 10 s, then twice that. */
  g_assert_cmpint (gap1, >=, 10 * G_USEC_PER_SEC - 50000);
  g_assert_cmpint (gap2, >=, 20 * G_USEC_PER_SEC - 50000);
  g_assert_cmpint (vt_poller_get_state (f->poller), ==, VT_POLLER_STATE_IDLE);
  g_assert_cmpint (vt_poller_get_resume_time (f->poller), ==, 0);
}

static void
test_retry_after_honoured (Fixture       *f,
                           gconstpointer  data)
{
  guint before;

  vt_mock_server_fail_next (f->server, 1, "http-429-date");
  add (f, "4100000001", "4100000002", NULL);

  while (vt_poller_get_state (f->poller) != VT_POLLER_STATE_BACKING_OFF)
    g_main_context_iteration (NULL, TRUE);
  /* The server's 30 s win over the first 10 s step. */
  g_assert_cmpint (vt_poller_get_resume_time (f->poller), >, g_get_real_time () + 25 * G_USEC_PER_SEC);

  /* Every query waits, not only the one that was refused. */
  vt_test_run_for (200);
  before = vt_mock_server_count_requests (f->server, "api");
  vt_test_run_for (1500);
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, "api"), ==, before);
}

static void
test_stop_on_auth_error (Fixture       *f,
                         gconstpointer  data)
{
  guint before;
  VtTask *task;

  vt_mock_server_set_timing (f->server, 0, 0);
  vt_client_set_api_key (f->client, "wrong");
  add (f, "5000000001", "5000000002", NULL);

  while (vt_poller_get_state (f->poller) != VT_POLLER_STATE_STOPPED)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (vt_poller_get_message (f->poller), "region"));

  vt_test_run_for (300);
  before = vt_mock_server_count_requests (f->server, "api");
  g_assert_cmpuint (before, <=, 2);
  vt_test_run_for (2500);
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, "api"), ==, before);
  task = vt_task_store_lookup (f->store, "5000000001");
  g_assert_true (vt_task_get_check_failed (task));
  g_assert_cmpint (vt_task_get_status (task), ==, VT_TASK_STATUS_UNKNOWN);

  /* The user fixes the key: checking resumes. */
  vt_client_set_api_key (f->client, KEY);
  vt_poller_resume (f->poller);
  wait_until_all_finished (f, 20);
  g_assert_false (vt_task_get_check_failed (task));
}

static void
test_manual_refresh (Fixture       *f,
                     gconstpointer  data)
{
  VtTask *task;

  vt_mock_server_set_timing (f->server, 0, 0);
  vt_poller_set_auto_refresh (f->poller, FALSE);
  add (f, "6000000001", NULL);
  vt_test_run_for (1200);
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, NULL), ==, 0);
  g_assert_cmpint (vt_poller_get_state (f->poller), ==, VT_POLLER_STATE_PAUSED);

  task = vt_task_store_lookup (f->store, "6000000001");
  vt_poller_refresh (f->poller, task);
  wait_until_all_finished (f, 10);
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, NULL), ==, 1);

  /* A finished task is checked again only when asked, to get a fresh link. */
  vt_poller_refresh (f->poller, task);
  while (vt_mock_server_count_requests (f->server, NULL) < 2)
    g_main_context_iteration (NULL, TRUE);
  vt_test_run_for (1200);
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, NULL), ==, 2);
}

static void
test_held_task (Fixture       *f,
                gconstpointer  data)
{
  VtTask *task;

  add (f, "error-2013", "unsafe-link-1", NULL);
  vt_mock_server_fail_next (f->server, 0, NULL);
  while (vt_mock_server_count_requests (f->server, NULL) < 2)
    g_main_context_iteration (NULL, TRUE);
  vt_test_run_for (2500);
  /* A bad ID is not asked about again and again. */
  g_assert_cmpuint (api_requests_for (f->server, "error-2013"), ==, 1);
  task = vt_task_store_lookup (f->store, "error-2013");
  g_assert_true (vt_task_get_check_failed (task));
  g_assert_nonnull (strstr (vt_task_get_last_error (task), "task ID"));
}

static void
test_server_errors_retry (Fixture       *f,
                          gconstpointer  data)
{
  VtTask *task;

  vt_mock_server_set_timing (f->server, 0, 0);
  vt_mock_server_fail_next (f->server, 1, "http-503");
  add (f, "7000000001", NULL);
  while (vt_mock_server_count_requests (f->server, NULL) < 1)
    g_main_context_iteration (NULL, TRUE);
  vt_test_run_for (100);
  task = vt_task_store_lookup (f->store, "7000000001");
  g_assert_true (vt_task_get_check_failed (task));
  g_assert_nonnull (strstr (vt_task_get_last_error (task), "503"));

  wait_until_all_finished (f, 10);
  g_assert_false (vt_task_get_check_failed (task));
  g_assert_cmpint (vt_poller_get_state (f->poller), ==, VT_POLLER_STATE_IDLE);
}

static void
test_back_online (Fixture       *f,
                  gconstpointer  data)
{
  vt_mock_server_set_timing (f->server, 60 * 1000, 0);
  vt_poller_set_interval (f->poller, 600);
  add (f, "8000000001", NULL);
  while (vt_mock_server_count_requests (f->server, NULL) < 1 ||
         vt_poller_get_n_in_flight (f->poller) > 0)
    g_main_context_iteration (NULL, TRUE);

  vt_poller_set_online (f->poller, FALSE);
  g_assert_cmpint (vt_poller_get_state (f->poller), ==, VT_POLLER_STATE_OFFLINE);
  vt_poller_set_online (f->poller, TRUE);
  /* The next check is now, not ten minutes later. */
  while (vt_mock_server_count_requests (f->server, NULL) < 2)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_shutdown_cancels (Fixture       *f,
                       gconstpointer  data)
{
  add (f, "slow-3-x", "slow-3-y", NULL);
  while (vt_poller_get_n_in_flight (f->poller) < 2)
    g_main_context_iteration (NULL, TRUE);

  vt_poller_shutdown (f->poller);
  while (vt_poller_get_n_in_flight (f->poller) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (vt_task_get_check_failed (vt_task_store_lookup (f->store, "slow-3-x")));
  g_assert_cmpint (vt_task_get_status (vt_task_store_lookup (f->store, "slow-3-x")), ==,
                   VT_TASK_STATUS_UNKNOWN);
}

static void
test_older_tasks_slower (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) recent = g_date_time_add_minutes (now, -2);
  g_autoptr(GDateTime) old = g_date_time_add_minutes (now, -11);
  g_autoptr(VtTask) task = vt_task_new ("9000000001");

  vt_poller_set_interval (f->poller, 15);
  vt_task_set_added (task, recent);
  g_assert_cmpuint (vt_poller_interval_for (f->poller, task, now), ==, 15);
  vt_task_set_added (task, old);
  g_assert_cmpuint (vt_poller_interval_for (f->poller, task, now), ==, 60);
  vt_poller_set_interval (f->poller, 300);
  g_assert_cmpuint (vt_poller_interval_for (f->poller, task, now), ==, 300);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/poller/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("follows-tasks-to-the-end", test_follows_tasks_to_the_end);
  ADD ("finished-tasks-not-polled", test_finished_tasks_not_polled);
  ADD ("rate-cap", test_rate_cap);
  ADD ("in-flight-cap", test_in_flight_cap);
  ADD ("backoff-on-rate-limit", test_backoff_on_rate_limit);
  ADD ("retry-after-honoured", test_retry_after_honoured);
  ADD ("stop-on-auth-error", test_stop_on_auth_error);
  ADD ("manual-refresh", test_manual_refresh);
  ADD ("held-task", test_held_task);
  ADD ("server-errors-retry", test_server_errors_retry);
  ADD ("back-online", test_back_online);
  ADD ("shutdown-cancels", test_shutdown_cancels);
  ADD ("older-tasks-slower", test_older_tasks_slower);
#undef ADD

  return g_test_run ();
}
