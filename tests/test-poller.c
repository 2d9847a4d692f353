/* SPDX-License-Identifier: GPL-3.0-or-later */
/* VtPoller against the loopback API: schedule, rate cap, backoff, stop, shutdown. */

#include "config.h"

#include <locale.h>

#include "test-util.h"
#include "vt-error.h"
#include "vt-gate.h"
#include "vt-limits.h"
#include "vt-mock-server.h"
#include "vt-poller.h"
#include "vt-task-store.h"

#define KEY "poller-key"

/*
 * The poller and the loopback server share a manual clock: time moves only when nothing is
 * ready and no query is on the wire, so a 20 s backoff takes milliseconds and "nothing
 * happened for a minute" is checked exactly.
 */

#define STEP_MS 100

typedef struct
{
  VtMockServer *server;
  VtClock      *clock;
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

  f->clock = vt_clock_new_manual ();
  f->server = vt_mock_server_new (KEY, &error);
  g_assert_no_error (error);
  vt_mock_server_set_clock (f->server, f->clock);
  f->client = vt_client_new ();
  /* The account's gate counts on the same clock as the poller. */
  vt_client_set_clock (f->client, f->clock);
  g_assert_true (vt_client_set_host (f->client, vt_mock_server_get_api_url (f->server), NULL));
  vt_client_set_api_key (f->client, KEY);
  f->store = vt_task_store_new (NULL);
  f->poller = vt_poller_new (f->client, G_LIST_MODEL (f->store), f->clock);
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
  vt_test_wait_until (vt_poller_get_n_in_flight (f->poller) == 0);
  g_assert_finalize_object (g_steal_pointer (&f->poller));
  g_clear_pointer (&f->finished, g_ptr_array_unref);
  g_clear_object (&f->store);
  g_clear_object (&f->client);
  g_clear_object (&f->server);
  g_assert_finalize_object (g_steal_pointer (&f->clock));
}

/* One turn: what is ready runs; a query on the wire is waited for; otherwise time moves on
 * (for the server's slow answers, and the account's gate). */
static void
step (Fixture *f)
{
  guint waiting = vt_mock_server_get_n_waiting (f->server) +
                  vt_gate_get_n_waiting (vt_client_get_gate (f->client));

  if (g_main_context_iteration (NULL, FALSE))
    return;
  if (vt_poller_get_n_in_flight (f->poller) > waiting)
    g_main_context_iteration (NULL, TRUE);
  else
    vt_clock_advance (f->clock, STEP_MS * 1000);
}

#define step_until(f, condition) vt_test_step_until (condition, step (f))

/* Lets @ms of the clock pass, everything due on the way running. */
static void
run_for (Fixture *f,
         guint    ms)
{
  gint64 end = vt_clock_get_monotonic (f->clock) + (gint64) ms * 1000;

  step_until (f, vt_clock_get_monotonic (f->clock) >= end);
  vt_test_drain ();
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
wait_until_all_finished (Fixture *f)
{
  step_until (f, vt_task_store_get_n_pending (f->store) == 0);
}

static guint64
n_started (Fixture *f)
{
  return vt_poller_get_n_requests (f->poller);
}

/* Queries of the Video Agent endpoint about @id (a task whose kind is being found out is
 * asked of the other endpoints too). */
static guint
api_requests_for (VtMockServer *server,
                  const char   *id)
{
  GPtrArray *requests = vt_mock_server_get_requests (server);
  g_autofree char *query = g_strdup_printf ("task_id=%s", id);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      VtMockRequest *request = requests->pdata[i];

      if (g_strcmp0 (request->query, query) == 0 && g_str_equal (request->path, VT_API_QUERY_PATH))
        n++;
    }
  return n;
}

static void
test_follows_tasks_to_the_end (Fixture       *f,
                               gconstpointer  data)
{
  guint64 n_requests;

  vt_mock_server_set_timing (f->server, 500, 500);
  add (f, "1000000001", "1000000002", "fail-1026", NULL);
  g_assert_cmpint (vt_poller_get_state (f->poller), ==, VT_POLLER_STATE_CHECKING);

  wait_until_all_finished (f);
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
  n_requests = n_started (f);
  run_for (f, 60 * 1000);
  g_assert_cmpuint (n_started (f), ==, n_requests);
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

  f->poller = vt_poller_new (f->client, G_LIST_MODEL (f->store), f->clock);
  run_for (f, 60 * 1000);
  g_assert_cmpuint (n_started (f), ==, 0);
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, NULL), ==, 0);
  g_assert_cmpint (vt_poller_get_state (f->poller), ==, VT_POLLER_STATE_IDLE);
}

/* What one poller learned of a task (here: its ID is bad) is its own: a second poller on
 * the same list asks again. */
static void
test_state_per_poller (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(VtPoller) second = NULL;

  add (f, "error-2013", NULL);
  step_until (f, api_requests_for (f->server, "error-2013") == 1 &&
                 vt_poller_get_n_in_flight (f->poller) == 0);
  run_for (f, 10 * 1000);
  g_assert_cmpuint (api_requests_for (f->server, "error-2013"), ==, 1);

  second = vt_poller_new (f->client, G_LIST_MODEL (f->store), f->clock);
  vt_test_wait_until (api_requests_for (f->server, "error-2013") == 2 &&
                      vt_poller_get_n_in_flight (second) == 0);
  vt_poller_shutdown (second);
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

  step_until (f, vt_mock_server_count_requests (f->server, "api") == 12);

  /* The clock stands still while a query is on the wire, so the server sees the times
   * the poller started them at. */
  requests = vt_mock_server_get_requests (f->server);
  for (guint i = 1; i < requests->len; i++)
    {
      gint64 gap = ((VtMockRequest *) requests->pdata[i])->time -
                   ((VtMockRequest *) requests->pdata[i - 1])->time;
      g_assert_cmpint (gap, >=, 100 * 1000);
      g_assert_cmpint (gap, <=, 100 * 1000 + STEP_MS * 1000);
    }
}

static void
test_in_flight_cap (Fixture       *f,
                    gconstpointer  data)
{
  vt_mock_server_set_timing (f->server, 0, 0);
  add (f, "slow-1-a", "slow-1-b", "slow-1-c", "slow-1-d", "slow-1-e", "slow-1-f", "slow-1-g", NULL);
  wait_until_all_finished (f);
  g_assert_cmpuint (vt_mock_server_get_max_concurrent (f->server), ==, VT_POLLER_DEFAULT_MAX_IN_FLIGHT);
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

  step_until (f, vt_poller_get_state (f->poller) == VT_POLLER_STATE_BACKING_OFF);
  g_assert_nonnull (strstr (vt_poller_get_message (f->poller), "slow down"));
  g_assert_cmpint (vt_poller_get_resume_time (f->poller), ==,
                   vt_clock_get_real (f->clock) + 10 * G_USEC_PER_SEC);
  /* A rate-limited query says nothing about the task. */
  g_assert_false (vt_task_get_check_failed (vt_task_store_lookup (f->store, "4000000001")));

  wait_until_all_finished (f);
  requests = vt_mock_server_get_requests (f->server);
  g_assert_cmpuint (requests->len, ==, 3);
  gap1 = ((VtMockRequest *) requests->pdata[1])->time - ((VtMockRequest *) requests->pdata[0])->time;
  gap2 = ((VtMockRequest *) requests->pdata[2])->time - ((VtMockRequest *) requests->pdata[1])->time;
  /* 10 s, then twice that, and not a step later. */
  g_assert_cmpint (gap1, >=, 10 * G_USEC_PER_SEC);
  g_assert_cmpint (gap1, <=, 10 * G_USEC_PER_SEC + STEP_MS * 1000);
  g_assert_cmpint (gap2, >=, 20 * G_USEC_PER_SEC);
  g_assert_cmpint (gap2, <=, 20 * G_USEC_PER_SEC + STEP_MS * 1000);
  g_assert_cmpint (vt_poller_get_state (f->poller), ==, VT_POLLER_STATE_IDLE);
  g_assert_cmpint (vt_poller_get_resume_time (f->poller), ==, 0);
}

static void
test_retry_after_honoured (Fixture       *f,
                           gconstpointer  data)
{
  guint64 before;

  vt_mock_server_fail_next (f->server, 1, "http-429-date");
  add (f, "4100000001", "4100000002", NULL);

  step_until (f, vt_poller_get_state (f->poller) == VT_POLLER_STATE_BACKING_OFF);
  /* The server's 30 s win over the first 10 s step. */
  g_assert_cmpint (vt_poller_get_resume_time (f->poller), >,
                   vt_clock_get_real (f->clock) + 25 * G_USEC_PER_SEC);

  /* Every query waits, not only the one that was refused... */
  step_until (f, vt_poller_get_n_in_flight (f->poller) == 0);
  before = n_started (f);
  run_for (f, 20 * 1000);
  g_assert_cmpuint (n_started (f), ==, before);

  /* ...until the time the server gave. */
  run_for (f, 15 * 1000);
  g_assert_cmpuint (n_started (f), >, before);
}

/* MiniMax asked the account to wait in answer to another caller (a video's link, an import
 * page): checking waits as long, and says when it resumes. */
static void
test_account_hold (Fixture       *f,
                   gconstpointer  data)
{
  guint64 before;

  vt_mock_server_set_timing (f->server, 60 * 1000, 0);
  add (f, "4200000001", NULL);
  step_until (f, n_started (f) >= 1 && vt_poller_get_n_in_flight (f->poller) == 0);
  vt_gate_hold (vt_client_get_gate (f->client), 300);
  g_assert_cmpint (vt_poller_get_state (f->poller), ==, VT_POLLER_STATE_BACKING_OFF);
  g_assert_cmpint (vt_poller_get_resume_time (f->poller), ==,
                   vt_clock_get_real (f->clock) + 300 * G_USEC_PER_SEC);

  before = n_started (f);
  run_for (f, 299 * 1000);
  g_assert_cmpuint (n_started (f), ==, before);
  run_for (f, 2 * 1000);
  g_assert_cmpuint (n_started (f), >, before);
}

static void
test_stop_on_auth_error (Fixture       *f,
                         gconstpointer  data)
{
  guint64 before;
  VtTask *task;

  vt_mock_server_set_timing (f->server, 0, 0);
  vt_client_set_api_key (f->client, "wrong");
  add (f, "5000000001", "5000000002", NULL);

  step_until (f, vt_poller_get_state (f->poller) == VT_POLLER_STATE_STOPPED);
  g_assert_nonnull (strstr (vt_poller_get_message (f->poller), "region"));

  step_until (f, vt_poller_get_n_in_flight (f->poller) == 0);
  before = n_started (f);
  g_assert_cmpuint (before, <=, 2);
  run_for (f, 5 * 60 * 1000);
  g_assert_cmpuint (n_started (f), ==, before);
  /* Said once, by the poller; the tasks carry nothing that is not theirs. */
  g_assert_error (vt_poller_get_error (f->poller), VT_ERROR, VT_ERROR_AUTH);
  task = vt_task_store_lookup (f->store, "5000000001");
  g_assert_false (vt_task_get_check_failed (task));
  g_assert_null (vt_task_get_last_error (task));
  g_assert_cmpint (vt_task_get_status (task), ==, VT_TASK_STATUS_UNKNOWN);

  /* The user fixes the key: checking resumes. */
  vt_client_set_api_key (f->client, KEY);
  vt_poller_resume (f->poller);
  wait_until_all_finished (f);
  g_assert_false (vt_task_get_check_failed (task));
  g_assert_null (vt_poller_get_error (f->poller));
}

/* MiniMax out of reach is said once, for all tasks, and checking goes on by itself. */
static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  VtTask *task;

  vt_mock_server_set_timing (f->server, 0, 0);
  /* Nothing listens on port 1 of this machine. */
  g_assert_true (vt_client_set_host (f->client, "http://127.0.0.1:1", NULL));
  add (f, "5100000001", NULL);
  step_until (f, vt_poller_get_state (f->poller) == VT_POLLER_STATE_UNREACHABLE);
  g_assert_error (vt_poller_get_error (f->poller), VT_ERROR, VT_ERROR_NETWORK);
  /* In words of ours, not GIO's. */
  g_assert_null (strstr (vt_poller_get_message (f->poller), "refused"));
  task = vt_task_store_lookup (f->store, "5100000001");
  g_assert_false (vt_task_get_check_failed (task));
  g_assert_null (vt_task_get_last_error (task));

  /* MiniMax is back: the next scheduled check finds it, and the banner goes. */
  g_assert_true (vt_client_set_host (f->client, vt_mock_server_get_api_url (f->server), NULL));
  wait_until_all_finished (f);
  g_assert_null (vt_poller_get_error (f->poller));
  g_assert_cmpint (vt_poller_get_state (f->poller), ==, VT_POLLER_STATE_IDLE);
}

static void
test_manual_refresh (Fixture       *f,
                     gconstpointer  data)
{
  VtTask *task;

  vt_mock_server_set_timing (f->server, 0, 0);
  vt_poller_set_auto_refresh (f->poller, FALSE);
  add (f, "6000000001", NULL);
  run_for (f, 60 * 1000);
  g_assert_cmpuint (n_started (f), ==, 0);
  g_assert_cmpint (vt_poller_get_state (f->poller), ==, VT_POLLER_STATE_PAUSED);

  task = vt_task_store_lookup (f->store, "6000000001");
  vt_poller_refresh (f->poller, task);
  wait_until_all_finished (f);
  g_assert_cmpuint (n_started (f), ==, 1);

  /* A finished task is checked again only when asked, to get a fresh link. */
  vt_poller_refresh (f->poller, task);
  step_until (f, vt_mock_server_count_requests (f->server, NULL) == 2);
  run_for (f, 60 * 1000);
  g_assert_cmpuint (n_started (f), ==, 2);
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, NULL), ==, 2);
}

static void
test_held_task (Fixture       *f,
                gconstpointer  data)
{
  VtTask *bad_id, *unsafe;

  add (f, "error-2013", "unsafe-link", NULL);
  /* No endpoint knows error-2013: Video Agent, Hailuo and H3 are each asked once. */
  step_until (f, vt_mock_server_count_requests (f->server, NULL) == 4 &&
                 vt_poller_get_n_in_flight (f->poller) == 0);
  run_for (f, 5 * 60 * 1000);

  /* Neither can succeed by asking again and again: each was asked once. */
  g_assert_cmpuint (api_requests_for (f->server, "error-2013"), ==, 1);
  g_assert_cmpuint (api_requests_for (f->server, "unsafe-link"), ==, 1);
  bad_id = vt_task_store_lookup (f->store, "error-2013");
  g_assert_true (vt_task_get_check_failed (bad_id));
  g_assert_nonnull (strstr (vt_task_get_last_error (bad_id), "task ID"));
  unsafe = vt_task_store_lookup (f->store, "unsafe-link");
  g_assert_true (vt_task_get_check_failed (unsafe));
  g_assert_null (vt_task_get_video_url (unsafe));
  g_assert_nonnull (vt_task_get_last_error (unsafe));
  /* Held, not finished: nothing is left to check until the user asks. */
  g_assert_cmpint (vt_poller_get_state (f->poller), ==, VT_POLLER_STATE_IDLE);
}

static void
test_server_errors_retry (Fixture       *f,
                          gconstpointer  data)
{
  VtTask *task;

  vt_mock_server_set_timing (f->server, 0, 0);
  vt_mock_server_fail_next (f->server, 1, "http-503");
  add (f, "7000000001", NULL);
  step_until (f, vt_mock_server_count_requests (f->server, NULL) == 1 &&
                 vt_poller_get_n_in_flight (f->poller) == 0);
  task = vt_task_store_lookup (f->store, "7000000001");
  g_assert_true (vt_task_get_check_failed (task));
  g_assert_nonnull (strstr (vt_task_get_last_error (task), "503"));

  wait_until_all_finished (f);
  g_assert_false (vt_task_get_check_failed (task));
  g_assert_cmpint (vt_poller_get_state (f->poller), ==, VT_POLLER_STATE_IDLE);
}

static void
test_back_online (Fixture       *f,
                  gconstpointer  data)
{
  gint64 back;

  vt_mock_server_set_timing (f->server, 60 * 1000, 0);
  vt_poller_set_interval (f->poller, 600);
  add (f, "8000000001", NULL);
  step_until (f, vt_mock_server_count_requests (f->server, NULL) == 1 &&
                 vt_poller_get_n_in_flight (f->poller) == 0);

  vt_poller_set_online (f->poller, FALSE);
  g_assert_cmpint (vt_poller_get_state (f->poller), ==, VT_POLLER_STATE_OFFLINE);
  vt_poller_set_online (f->poller, TRUE);
  back = vt_clock_get_monotonic (f->clock);
  /* The next check is now, not ten minutes later. */
  step_until (f, vt_mock_server_count_requests (f->server, NULL) == 2);
  g_assert_cmpint (vt_clock_get_monotonic (f->clock) - back, <=, STEP_MS * 1000);
}

static void
count_cb (VtPoller *poller,
          VtTask   *task,
          guint    *n)
{
  (*n)++;
}

/* A row can tell "Checking…" from "Waiting": the poller says when a task's query starts and
 * ends, and whether one is on its way. */
static void
test_checking (Fixture       *f,
               gconstpointer  data)
{
  guint n_changed = 0;
  VtTask *task;

  vt_mock_server_set_timing (f->server, 60 * 1000, 0);
  g_signal_connect (f->poller, "checking-changed", G_CALLBACK (count_cb), &n_changed);
  add (f, "slow-5-checking", NULL);
  task = vt_task_store_lookup (f->store, "slow-5-checking");

  step_until (f, vt_mock_server_get_n_waiting (f->server) == 1);
  g_assert_true (vt_poller_is_checking (f->poller, task));
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_null (vt_task_get_last_checked (task));

  step_until (f, vt_poller_get_n_in_flight (f->poller) == 0);
  g_assert_false (vt_poller_is_checking (f->poller, task));
  g_assert_cmpuint (n_changed, ==, 2);
  g_assert_cmpint (vt_task_get_status (task), ==, VT_TASK_STATUS_PREPARING);
}

static void
test_shutdown_cancels (Fixture       *f,
                       gconstpointer  data)
{
  add (f, "slow-3-x", "slow-3-y", NULL);
  step_until (f, vt_mock_server_get_n_waiting (f->server) == 2);

  vt_poller_shutdown (f->poller);
  vt_test_wait_until (vt_poller_get_n_in_flight (f->poller) == 0);
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

/* Pasted tasks of each kind are found out, kept with their kind, and followed to the end. */
static void
test_kinds (Fixture       *f,
            gconstpointer  data)
{
  VtTask *agent, *video, *h3;

  add (f, "8001", "video-8002", "h3-8003", NULL);
  wait_until_all_finished (f);
  agent = vt_task_store_lookup (f->store, "8001");
  video = vt_task_store_lookup (f->store, "video-8002");
  h3 = vt_task_store_lookup (f->store, "h3-8003");
  g_assert_cmpint (vt_task_get_kind (agent), ==, VT_TASK_KIND_AGENT);
  g_assert_cmpint (vt_task_get_kind (video), ==, VT_TASK_KIND_VIDEO);
  g_assert_cmpint (vt_task_get_kind (h3), ==, VT_TASK_KIND_H3);
  g_assert_cmpint (vt_task_get_status (video), ==, VT_TASK_STATUS_SUCCESS);
  g_assert_cmpint (vt_task_get_status (h3), ==, VT_TASK_STATUS_SUCCESS);
  g_assert_nonnull (vt_task_get_video_url (video));
  g_assert_nonnull (vt_task_get_video_url (h3));
  g_assert_cmpuint (f->finished->len, ==, 3);
  /* Every request counts, the ones that found out a kind too. */
  g_assert_cmpuint (n_started (f), ==, vt_mock_server_count_requests (f->server, "api"));
}

/* A query that took three requests (finding out an H3 task) holds the next one back by three
 * gaps: one rate cap for the account, whatever the kind. */
static void
test_kinds_share_rate_cap (Fixture       *f,
                           gconstpointer  data)
{
  GPtrArray *requests = vt_mock_server_get_requests (f->server);
  gint64 first, fourth;

  vt_poller_set_max_per_minute (f->poller, 60);
  add (f, "h3-8101", "h3-8102", NULL);
  step_until (f, requests->len >= 4);
  first = ((VtMockRequest *) requests->pdata[0])->time;
  fourth = ((VtMockRequest *) requests->pdata[3])->time;
  g_assert_cmpint (fourth - first, >=, 3 * G_USEC_PER_SEC);
}

/* An H3 task MiniMax answered for before, added 8 days ago, that it no longer knows is past
 * its 7 days: final. One set to H3 by hand, never answered for and added today, is only not
 * known. */
static void
test_h3_gone (Fixture       *f,
              gconstpointer  data)
{
  const char *ids[] = { "h3-old-1", "h3-old-2", NULL };
  g_autoptr(GDateTime) now = vt_clock_dup_now_utc (f->clock);
  g_autoptr(GDateTime) last_week = g_date_time_add_days (now, -8);
  VtTask *seen, *set_by_hand;

  vt_task_store_add_ids_of_kind (f->store, ids, VT_TASK_KIND_H3, NULL);
  seen = vt_task_store_lookup (f->store, "h3-old-1");
  vt_task_set_status (seen, VT_TASK_STATUS_PROCESSING);
  vt_task_set_added (seen, last_week);
  set_by_hand = vt_task_store_lookup (f->store, "h3-old-2");
  step_until (f, vt_mock_server_count_requests (f->server, NULL) == 2 &&
                 vt_poller_get_n_in_flight (f->poller) == 0);
  run_for (f, 60 * 1000);

  g_assert_cmpint (vt_task_get_status (seen), ==, VT_TASK_STATUS_FAIL);
  g_assert_nonnull (strstr (vt_task_get_last_error (seen), "7 days"));
  g_assert_false (vt_task_get_check_failed (seen));
  g_assert_cmpuint (f->finished->len, ==, 1);

  g_assert_cmpint (vt_task_get_status (set_by_hand), ==, VT_TASK_STATUS_UNKNOWN);
  g_assert_true (vt_task_get_check_failed (set_by_hand));
  /* Each was asked once: neither is retried. */
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, NULL), ==, 2);
}

/* Steps until @task has been answered @n more times (each answer sets its last check). */
static void
wait_for_answers (Fixture *f,
                  VtTask  *task,
                  guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GDateTime) before = NULL;

      if (vt_task_get_last_checked (task) != NULL)
        before = g_date_time_ref (vt_task_get_last_checked (task));
      step_until (f, vt_task_get_last_checked (task) != NULL &&
                     (before == NULL || !g_date_time_equal (before, vt_task_get_last_checked (task))) &&
                     !vt_poller_is_checking (f->poller, task));
    }
}

/* A proxy's 404 page for an H3 task MiniMax answered `running` for seconds ago is not "gone":
 * that takes 7 days, counted from MiniMax's created_at when it said, else from when the task
 * was added. It is asked again later, as in an outage. */
static void
test_h3_fresh_404 (Fixture       *f,
                   gconstpointer  data)
{
  const char *ids[] = { "h3-9001", "h3-9002", "h3-aged-9003", NULL };
  g_autoptr(GDateTime) now = vt_clock_dup_now_utc (f->clock);
  g_autoptr(GDateTime) last_week = g_date_time_add_days (now, -8);
  VtTask *fresh, *added_long_ago, *aged;
  guint asked;

  vt_mock_server_set_timing (f->server, 0, 60 * 60 * 1000);
  vt_task_store_add_ids_of_kind (f->store, ids, VT_TASK_KIND_H3, NULL);
  fresh = vt_task_store_lookup (f->store, "h3-9001");
  /* Added (says the list) 8 days ago, but made today (says MiniMax). */
  added_long_ago = vt_task_store_lookup (f->store, "h3-9002");
  vt_task_set_added (added_long_ago, last_week);
  /* Added today, made 8 days ago. */
  aged = vt_task_store_lookup (f->store, "h3-aged-9003");

  step_until (f, vt_task_get_status (fresh) == VT_TASK_STATUS_PROCESSING &&
                 vt_task_get_status (added_long_ago) == VT_TASK_STATUS_PROCESSING &&
                 vt_task_get_status (aged) == VT_TASK_STATUS_PROCESSING);
  run_for (f, 1000);

  /* The next query of each gets a proxy's HTML 404 page. */
  vt_mock_server_fail_next (f->server, 3, "proxy-404");
  asked = vt_mock_server_count_requests (f->server, "api");
  vt_poller_refresh (f->poller, NULL);
  step_until (f, vt_mock_server_count_requests (f->server, "api") == asked + 3 &&
                 vt_poller_get_n_in_flight (f->poller) == 0);

  g_assert_cmpint (vt_task_get_status (fresh), ==, VT_TASK_STATUS_PROCESSING);
  g_assert_true (vt_task_get_check_failed (fresh));
  g_assert_nonnull (strstr (vt_task_get_last_error (fresh), "404"));
  g_assert_null (strstr (vt_task_get_last_error (fresh), "7 days"));
  g_assert_cmpint (vt_task_get_status (added_long_ago), ==, VT_TASK_STATUS_PROCESSING);
  g_assert_true (vt_task_get_check_failed (added_long_ago));
  /* By MiniMax's own date, this one is past its 7 days. */
  g_assert_cmpint (vt_task_get_status (aged), ==, VT_TASK_STATUS_FAIL);
  g_assert_nonnull (strstr (vt_task_get_last_error (aged), "7 days"));
  g_assert_cmpuint (f->finished->len, ==, 1);

  /* Asked again later: MiniMax knows them after all. */
  wait_for_answers (f, fresh, 1);
  wait_for_answers (f, added_long_ago, 1);
  g_assert_cmpint (vt_task_get_status (fresh), ==, VT_TASK_STATUS_PROCESSING);
  g_assert_false (vt_task_get_check_failed (fresh));
  g_assert_null (vt_task_get_last_error (fresh));
  g_assert_false (vt_task_get_check_failed (added_long_ago));
  g_assert_cmpuint (f->finished->len, ==, 1);

  /* What MiniMax said of when each was made is kept with it. */
  g_assert_nonnull (vt_task_get_created (fresh));
  g_assert_cmpint (g_date_time_difference (now, vt_task_get_created (fresh)), <, G_TIME_SPAN_MINUTE);
  g_assert_cmpint (g_date_time_difference (now, vt_task_get_created (aged)), >, 7 * G_TIME_SPAN_DAY);
}

/* A kind set by hand forgets the status learned at another endpoint: a Video Agent task's
 * Processing is not an H3 task MiniMax once knew, so H3's "invalid task_id" does not make it
 * "no longer kept", only not known (held, with what to do). */
static void
test_kind_by_hand_resets (Fixture       *f,
                          gconstpointer  data)
{
  const char *ids[] = { "9100", NULL };
  VtTask *task;
  guint asked;

  vt_mock_server_set_timing (f->server, 0, 60 * 60 * 1000);
  vt_task_store_add_ids_of_kind (f->store, ids, VT_TASK_KIND_AGENT, NULL);
  task = vt_task_store_lookup (f->store, "9100");
  step_until (f, vt_task_get_status (task) == VT_TASK_STATUS_PROCESSING);

  /* What the window's Kind menu does. */
  vt_task_set_kind_by_hand (task, VT_TASK_KIND_H3);
  g_assert_cmpint (vt_task_get_status (task), ==, VT_TASK_STATUS_UNKNOWN);
  g_assert_null (vt_task_get_last_checked (task));
  asked = vt_mock_server_count_requests (f->server, "api");
  vt_poller_refresh (f->poller, task);
  wait_for_answers (f, task, 1);
  run_for (f, 60 * 1000);

  g_assert_cmpint (vt_task_get_kind (task), ==, VT_TASK_KIND_H3);
  g_assert_cmpint (vt_task_get_status (task), ==, VT_TASK_STATUS_UNKNOWN);
  g_assert_true (vt_task_get_check_failed (task));
  g_assert_nonnull (strstr (vt_task_get_last_error (task), "H3"));
  g_assert_null (strstr (vt_task_get_last_error (task), "7 days"));
  g_assert_cmpuint (f->finished->len, ==, 0);
  /* Held: asked once at its new endpoint. */
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, "api"), ==, asked + 1);
}

/* A 404 that MiniMax itself sends (a JSON error) for an H3 task it never knew is about the
 * ID, not an outage: held with what to do, as "invalid task_id" is, and never "no longer
 * kept" a week later. A proxy's HTML 404 for the same task would be asked again. */
static void
test_h3_unknown_json_404 (Fixture       *f,
                          gconstpointer  data)
{
  const char *ids[] = { "h3-9300", NULL };
  VtTask *task;
  guint asked;

  vt_mock_server_set_timing (f->server, 0, 60 * 60 * 1000);
  vt_mock_server_fail_next (f->server, 1, "http-404");
  asked = vt_mock_server_count_requests (f->server, "api");
  vt_task_store_add_ids_of_kind (f->store, ids, VT_TASK_KIND_H3, NULL);
  task = vt_task_store_lookup (f->store, "h3-9300");
  wait_for_answers (f, task, 1);
  run_for (f, 60 * 60 * 1000);

  g_assert_cmpint (vt_task_get_status (task), ==, VT_TASK_STATUS_UNKNOWN);
  g_assert_true (vt_task_get_check_failed (task));
  g_assert_nonnull (strstr (vt_task_get_last_error (task), "Check the task ID"));
  g_assert_cmpuint (f->finished->len, ==, 0);
  /* Held: asked once, not again within the hour. */
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, "api"), ==, asked + 1);
}

/* One 2013 from /v1/files/retrieve is not the task's: it succeeded (and says so, once), the
 * row says its file could not be fetched yet, and the file is asked for again later. */
static void
test_file_not_ready (Fixture       *f,
                     gconstpointer  data)
{
  VtTask *task;

  vt_mock_server_set_timing (f->server, 0, 0);
  add (f, "video-nofile-1", NULL);
  task = vt_task_store_lookup (f->store, "video-nofile-1");
  step_until (f, vt_task_get_check_failed (task) && !vt_poller_is_checking (f->poller, task));

  g_assert_cmpint (vt_task_get_kind (task), ==, VT_TASK_KIND_VIDEO);
  g_assert_cmpint (vt_task_get_status (task), ==, VT_TASK_STATUS_SUCCESS);
  g_assert_null (vt_task_get_video_url (task));
  g_assert_nonnull (strstr (vt_task_get_last_error (task), "file could not be fetched yet"));
  g_assert_null (strstr (vt_task_get_last_error (task), "task ID"));
  g_assert_cmpuint (f->finished->len, ==, 1);

  /* Asked again, later: the file is there now. */
  step_until (f, vt_task_get_video_url (task) != NULL);
  g_assert_false (vt_task_get_check_failed (task));
  g_assert_null (vt_task_get_last_error (task));
  g_assert_cmpint (vt_task_get_status (task), ==, VT_TASK_STATUS_SUCCESS);
  g_assert_cmpuint (f->finished->len, ==, 1);
  run_for (f, 60 * 1000);
  g_assert_cmpint (vt_poller_get_state (f->poller), ==, VT_POLLER_STATE_IDLE);
}

typedef struct
{
  gboolean   done;
  GPtrArray *ids;
  GError    *error;
} Listed;

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Listed *listed = user_data;

  listed->ids = vt_poller_list_recent_finish (VT_POLLER (object), result, &listed->error);
  listed->done = TRUE;
}

/* Every page of the recent H3 tasks, each request a gap after the one before (the checks'
 * rate cap); a rate limit on the way backs off every query. */
static void
test_list_recent (Fixture       *f,
                  gconstpointer  data)
{
  GPtrArray *requests = vt_mock_server_get_requests (f->server);
  Listed listed = { 0 };

  vt_poller_set_max_per_minute (f->poller, 60);
  vt_mock_server_set_h3_listed (f->server, 23);
  vt_poller_list_recent_async (f->poller, NULL, listed_cb, &listed);
  step_until (f, listed.done);
  g_assert_no_error (listed.error);
  g_assert_cmpuint (listed.ids->len, ==, 23);
  g_assert_cmpstr (listed.ids->pdata[0], ==, "h3-listed-0001");
  g_assert_cmpstr (listed.ids->pdata[22], ==, "h3-listed-0023");
  g_assert_cmpuint (requests->len, ==, 3);
  for (guint i = 1; i < requests->len; i++)
    g_assert_cmpint (((VtMockRequest *) requests->pdata[i])->time -
                     ((VtMockRequest *) requests->pdata[i - 1])->time, >=, G_USEC_PER_SEC);
  g_assert_cmpstr (((VtMockRequest *) requests->pdata[2])->query, ==, "page_num=3&page_size=10");
  g_clear_pointer (&listed.ids, g_ptr_array_unref);

  memset (&listed, 0, sizeof listed);
  vt_mock_server_fail_next (f->server, 1, "http-429");
  vt_poller_list_recent_async (f->poller, NULL, listed_cb, &listed);
  step_until (f, listed.done);
  g_assert_error (listed.error, VT_ERROR, VT_ERROR_RATE_LIMITED);
  g_assert_null (listed.ids);
  g_assert_cmpint (vt_poller_get_state (f->poller), ==, VT_POLLER_STATE_BACKING_OFF);
  g_clear_error (&listed.error);
}

static GPtrArray *
list_recent (Fixture  *f,
             GError  **error)
{
  Listed listed = { 0 };

  vt_poller_list_recent_async (f->poller, NULL, listed_cb, &listed);
  step_until (f, listed.done);
  if (listed.error != NULL)
    g_propagate_error (error, listed.error);
  return listed.ids;
}

/* Pages of 350 IDs, and pages that grow by 10 each (35,000 and 50,500 tasks before): no
 * more than the page size from a page, 1,000 in all. */
static void
test_list_recent_bounded (Fixture       *f,
                          gconstpointer  data)
{
  const char *answers[] = { "oversized", "growing" };
  const char *second_pages[] = { "100000351", "200000011" };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(GPtrArray) ids = NULL;
      g_autoptr(GError) error = NULL;

      vt_mock_server_set_h3_list_answer (f->server, answers[i]);
      ids = list_recent (f, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ids->len, ==, VT_IMPORT_MAX_TASKS);
      /* The first 10 of page 2 follow the first 10 of page 1. */
      g_assert_cmpstr (ids->pdata[VT_IMPORT_PAGE_SIZE], ==, second_pages[i]);
    }
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, "api"), ==, 2 * VT_IMPORT_MAX_PAGES);
}

/* The same page twice ends the list; items without an ID do not; nor does an absurd total. */
static void
test_list_recent_hostile (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) same = NULL;
  g_autoptr(GPtrArray) no_ids = NULL;
  g_autoptr(GPtrArray) absurd = NULL;
  g_autoptr(GError) error = NULL;

  vt_mock_server_set_h3_listed (f->server, 23);

  vt_mock_server_set_h3_list_answer (f->server, "same-page");
  same = list_recent (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (same->len, ==, 10);
  g_assert_cmpuint (vt_mock_server_count_requests (f->server, "api"), ==, 2);

  vt_mock_server_set_h3_list_answer (f->server, "no-ids-first");
  no_ids = list_recent (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (no_ids->len, ==, 23);
  g_assert_cmpstr (no_ids->pdata[0], ==, "h3-listed-0001");

  vt_mock_server_set_h3_list_answer (f->server, "absurd-total");
  absurd = list_recent (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (absurd->len, ==, 23);
}

/* The list's errors say what is wrong with the list, and promise no retry: nothing asks for
 * it again by itself. */
static void
test_list_recent_words (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  vt_mock_server_set_h3_listed (f->server, 23);
  vt_mock_server_fail_next (f->server, 1, "proxy-404");
  ids = list_recent (f, &error);
  g_assert_null (ids);
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, "does not know this task"));
  g_assert_nonnull (strstr (error->message, "list of recent H3 tasks is not available"));
  g_clear_error (&error);

  vt_mock_server_fail_next (f->server, 1, "http-503");
  ids = list_recent (f, &error);
  g_assert_error (error, VT_ERROR, VT_ERROR_SERVER);
  g_assert_null (strstr (error->message, "retried"));
  g_assert_true (g_str_has_suffix (error->message, "(HTTP 503). Try again later."));
  g_clear_error (&error);

  vt_mock_server_fail_next (f->server, 1, "http-429");
  ids = list_recent (f, &error);
  g_assert_error (error, VT_ERROR, VT_ERROR_RATE_LIMITED);
  g_assert_null (strstr (error->message, "resume"));
  g_assert_true (g_str_has_suffix (error->message, "Wait a little, then try again."));
  /* Checking itself does resume after the pause, and says so. */
  g_assert_nonnull (strstr (vt_poller_get_message (f->poller), "resume"));
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
  ADD ("state-per-poller", test_state_per_poller);
  ADD ("rate-cap", test_rate_cap);
  ADD ("in-flight-cap", test_in_flight_cap);
  ADD ("backoff-on-rate-limit", test_backoff_on_rate_limit);
  ADD ("retry-after-honoured", test_retry_after_honoured);
  ADD ("account-hold", test_account_hold);
  ADD ("stop-on-auth-error", test_stop_on_auth_error);
  ADD ("manual-refresh", test_manual_refresh);
  ADD ("held-task", test_held_task);
  ADD ("server-errors-retry", test_server_errors_retry);
  ADD ("back-online", test_back_online);
  ADD ("shutdown-cancels", test_shutdown_cancels);
  ADD ("checking", test_checking);
  ADD ("unreachable", test_unreachable);
  ADD ("older-tasks-slower", test_older_tasks_slower);
  ADD ("kinds", test_kinds);
  ADD ("kinds-share-rate-cap", test_kinds_share_rate_cap);
  ADD ("h3-gone", test_h3_gone);
  ADD ("list-recent", test_list_recent);
  ADD ("list-recent-bounded", test_list_recent_bounded);
  ADD ("list-recent-hostile", test_list_recent_hostile);
  ADD ("list-recent-words", test_list_recent_words);
  ADD ("h3-fresh-404", test_h3_fresh_404);
  ADD ("kind-by-hand-resets", test_kind_by_hand_resets);
  ADD ("h3-unknown-json-404", test_h3_unknown_json_404);
  ADD ("file-not-ready", test_file_not_ready);
#undef ADD

  return g_test_run ();
}
