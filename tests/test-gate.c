/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One account's gate, on a manual clock: the cap a minute, the burst a second, a hold that
 * stops every budget, creation's budgets of their own, and a waiter that gives up; then
 * under a client against the loopback API: Retry-After, 1002 and a 503 storm hold every
 * caller of the account, and only that account. */

#include "config.h"

#include "test-util.h"
#include "vt-client.h"
#include "vt-gate.h"
#include "vt-mock-server.h"

typedef struct
{
  VtClock *clock;
  VtGate  *gate;
  guint    n_entered;
  guint    n_cancelled;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->clock = vt_clock_new_manual ();
  f->gate = vt_gate_new (f->clock);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  vt_test_drain ();
  g_assert_cmpuint (vt_gate_get_n_waiting (f->gate), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&f->gate));
  g_clear_object (&f->clock);
}

static void
entered_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  if (vt_gate_enter_finish (VT_GATE (object), result, &error))
    f->n_entered++;
  else
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      f->n_cancelled++;
    }
}

static void
enter (Fixture      *f,
       VtGateBudget  budget,
       guint         n)
{
  for (guint i = 0; i < n; i++)
    vt_gate_enter_async (f->gate, budget, NULL, entered_cb, f);
  vt_test_drain ();
}

/* Moves the clock on by @ms, and lets whatever that allowed in. */
static void
advance (Fixture *f,
         guint    ms)
{
  vt_clock_advance (f->clock, ms * G_TIME_SPAN_MILLISECOND);
  vt_test_drain ();
}

static void
leave_all (Fixture      *f,
           VtGateBudget  budget,
           guint         n)
{
  for (guint i = 0; i < n; i++)
    vt_gate_leave (f->gate, budget);
}

/* 60 a minute, at most 10 in any second: 25 requests at once go 10, 10, 5, a second apart;
 * the 61st of a minute waits for the first to be a minute old. */
static void
test_cap_and_burst (Fixture       *f,
                    gconstpointer  data)
{
  g_assert_cmpuint (vt_gate_get_per_minute (f->gate, VT_GATE_QUERY), ==, 60);

  enter (f, VT_GATE_QUERY, 25);
  g_assert_cmpuint (f->n_entered, ==, 10);
  advance (f, 999);
  g_assert_cmpuint (f->n_entered, ==, 10);
  advance (f, 1);
  g_assert_cmpuint (f->n_entered, ==, 20);
  advance (f, 1000);
  g_assert_cmpuint (f->n_entered, ==, 25);
  g_assert_cmpuint (vt_gate_get_n_waiting (f->gate), ==, 0);

  /* 35 more: up to 60 in the minute, 10 a second. */
  advance (f, 1000);
  enter (f, VT_GATE_QUERY, 36);
  for (guint i = 0; i < 4; i++)
    advance (f, 1000);
  g_assert_cmpuint (f->n_entered, ==, 60);
  g_assert_cmpuint (vt_gate_get_n_waiting (f->gate), ==, 1);

  /* The first ten started at 0 s; it is 7 s now. */
  advance (f, 52999);
  g_assert_cmpuint (f->n_entered, ==, 60);
  advance (f, 1);
  g_assert_cmpuint (f->n_entered, ==, 61);
  leave_all (f, VT_GATE_QUERY, 61);
}

/* A lower cap (the setting) spaces them out more; a burst never exceeds it. */
static void
test_setting (Fixture       *f,
              gconstpointer  data)
{
  vt_gate_set_per_minute (f->gate, VT_GATE_QUERY, 6);
  enter (f, VT_GATE_QUERY, 8);
  g_assert_cmpuint (f->n_entered, ==, 6);
  advance (f, 59999);
  g_assert_cmpuint (f->n_entered, ==, 6);
  advance (f, 1);
  g_assert_cmpuint (f->n_entered, ==, 8);
  leave_all (f, VT_GATE_QUERY, 8);
}

/* MiniMax asked to wait: no budget lets anything in until the wait ends, whoever asks; a
 * shorter hold after a longer one does not shorten it. */
static void
test_hold (Fixture       *f,
           gconstpointer  data)
{
  gint64 start = vt_clock_get_monotonic (f->clock);

  vt_gate_hold (f->gate, 120);
  g_assert_cmpint (vt_gate_get_held_until (f->gate), ==, start + 120 * G_USEC_PER_SEC);
  vt_gate_hold (f->gate, 7);
  g_assert_cmpint (vt_gate_get_held_until (f->gate), ==, start + 120 * G_USEC_PER_SEC);

  enter (f, VT_GATE_QUERY, 3);
  enter (f, VT_GATE_CREATE_H3, 1);
  enter (f, VT_GATE_CREATE_V1, 1);
  g_assert_cmpuint (f->n_entered, ==, 0);
  advance (f, 119999);
  g_assert_cmpuint (f->n_entered, ==, 0);
  advance (f, 1);
  g_assert_cmpuint (f->n_entered, ==, 5);
  leave_all (f, VT_GATE_QUERY, 3);
  leave_all (f, VT_GATE_CREATE_H3, 1);
  leave_all (f, VT_GATE_CREATE_V1, 1);
}

/* Creating has budgets of its own: a full query budget does not hold it, Hailuo's is a few
 * a minute, H3's 30 in flight. */
static void
test_create_budgets (Fixture       *f,
                     gconstpointer  data)
{
  guint queries;

  enter (f, VT_GATE_QUERY, 11);
  queries = f->n_entered;
  g_assert_cmpuint (queries, ==, 10);

  enter (f, VT_GATE_CREATE_V1, 6);
  g_assert_cmpuint (f->n_entered - queries, ==, 1);
  for (guint i = 0; i < 59; i++)
    advance (f, 1000);
  /* One a second at most, five in the minute (the sixth a minute after the first); the
   * query that waited got in a second after it came. */
  g_assert_cmpuint (f->n_entered, ==, (queries + 1) + 5);
  advance (f, 1000);
  g_assert_cmpuint (f->n_entered, ==, (queries + 1) + 6);
  leave_all (f, VT_GATE_QUERY, 11);
  leave_all (f, VT_GATE_CREATE_V1, 6);

  f->n_entered = 0;
  for (guint i = 0; i < 4; i++)
    {
      enter (f, VT_GATE_CREATE_H3, 10);
      advance (f, 1000);
    }
  g_assert_cmpuint (f->n_entered, ==, 30);
  g_assert_cmpuint (vt_gate_get_n_waiting (f->gate), ==, 10);
  advance (f, 60000);
  g_assert_cmpuint (f->n_entered, ==, 30);
  /* One ends, one more starts. */
  vt_gate_leave (f->gate, VT_GATE_CREATE_H3);
  vt_test_drain ();
  g_assert_cmpuint (f->n_entered, ==, 31);
  leave_all (f, VT_GATE_CREATE_H3, 29);
  vt_test_drain ();
  g_assert_cmpuint (f->n_entered, ==, 40);
  leave_all (f, VT_GATE_CREATE_H3, 10);
}

/* A waiter behind others that gives up leaves at once too, not when its turn comes; and
 * one cancelled after it was let in is in, and leaves as any other. */
static void
test_cancel_behind (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GCancellable) second = g_cancellable_new ();
  g_autoptr(GCancellable) let_in = g_cancellable_new ();

  vt_gate_hold (f->gate, 3600);
  enter (f, VT_GATE_QUERY, 1);
  vt_gate_enter_async (f->gate, VT_GATE_QUERY, second, entered_cb, f);
  g_cancellable_cancel (second);
  vt_test_wait_until (f->n_cancelled == 1);
  g_assert_cmpuint (vt_gate_get_n_waiting (f->gate), ==, 1);
  advance (f, 3600 * 1000);
  g_assert_cmpuint (f->n_entered, ==, 1);

  vt_gate_enter_async (f->gate, VT_GATE_CREATE_H3, let_in, entered_cb, f);
  g_cancellable_cancel (let_in);
  vt_test_drain ();
  g_assert_cmpuint (f->n_entered, ==, 2);
  g_assert_cmpuint (f->n_cancelled, ==, 1);
  leave_all (f, VT_GATE_QUERY, 1);
  leave_all (f, VT_GATE_CREATE_H3, 1);
}

/* A waiter that gives up leaves the queue at once, and the one behind it keeps its turn. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  vt_gate_hold (f->gate, 30);
  vt_gate_enter_async (f->gate, VT_GATE_QUERY, cancellable, entered_cb, f);
  enter (f, VT_GATE_QUERY, 1);
  g_assert_cmpuint (vt_gate_get_n_waiting (f->gate), ==, 2);
  g_cancellable_cancel (cancellable);
  vt_test_wait_until (f->n_cancelled == 1);
  g_assert_cmpuint (vt_gate_get_n_waiting (f->gate), ==, 1);
  g_assert_cmpuint (f->n_entered, ==, 0);
  advance (f, 30000);
  g_assert_cmpuint (f->n_entered, ==, 1);
  leave_all (f, VT_GATE_QUERY, 1);
}

/* The gate under a client, against the loopback API: what MiniMax says holds every caller
 * of the account. */

typedef struct
{
  VtClock      *clock;
  VtMockServer *server;
  VtClient     *client;
  guint         n_answers;
} ApiFixture;

static void
api_set_up (ApiFixture    *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->clock = vt_clock_new_manual ();
  f->server = vt_mock_server_new ("gate-key", &error);
  g_assert_no_error (error);
  vt_mock_server_set_timing (f->server, 0, 0);
  f->client = vt_client_new ();
  vt_client_set_clock (f->client, f->clock);
  g_assert_true (vt_client_set_host (f->client, vt_mock_server_get_api_url (f->server), NULL));
  vt_client_set_api_key (f->client, "gate-key");
}

static void
api_tear_down (ApiFixture    *f,
               gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&f->client));
  g_clear_object (&f->server);
  g_clear_object (&f->clock);
}

static void
answered_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ApiFixture *f = user_data;

  guint n_items, total;
  GPtrArray *ids;

  if (g_task_get_source_tag (G_TASK (result)) == vt_client_query_async)
    vt_client_query_finish (VT_CLIENT (object), result, NULL, NULL);
  else if ((ids = vt_client_list_h3_finish (VT_CLIENT (object), result, &n_items, &total, NULL, NULL)))
    g_ptr_array_unref (ids);
  f->n_answers++;
}

static guint
n_sent (ApiFixture *f)
{
  return vt_mock_server_count_requests (f->server, "api");
}

static void
query (ApiFixture *f,
       const char *task_id)
{
  vt_client_query_async (f->client, task_id, VT_TASK_KIND_AGENT, NULL, answered_cb, f);
}

/* A 429 with Retry-After: 30 to one query holds the others too: a task's next check, a
 * video's link renewed for a download (a query as well) and a page of the H3 import wait,
 * and go when the wait ends. */
static void
test_retry_after_holds_everyone (ApiFixture    *f,
                                 gconstpointer  data)
{
  VtGate *gate = vt_client_get_gate (f->client);

  vt_mock_server_fail_next (f->server, 1, "wait-30");
  query (f, "4000000001");
  vt_test_wait_until (f->n_answers == 1);
  g_assert_cmpuint (n_sent (f), ==, 1);
  g_assert_cmpint (vt_gate_get_held_until (gate), ==,
                   vt_clock_get_monotonic (f->clock) + 30 * G_USEC_PER_SEC);

  query (f, "4000000002");
  query (f, "4000000003");
  vt_client_list_h3_async (f->client, 1, 10, NULL, answered_cb, f);
  vt_test_drain ();
  g_assert_cmpuint (vt_gate_get_n_waiting (gate), ==, 3);
  vt_clock_advance (f->clock, 29 * G_TIME_SPAN_SECOND);
  vt_test_drain ();
  g_assert_cmpuint (n_sent (f), ==, 1);

  vt_clock_advance (f->clock, G_TIME_SPAN_SECOND);
  vt_test_wait_until (f->n_answers == 4);
  g_assert_cmpuint (n_sent (f), ==, 4);
}

/* A rate limit said in the body (1002) holds the account as well. */
static void
test_body_rate_limit_holds (ApiFixture    *f,
                            gconstpointer  data)
{
  vt_mock_server_fail_next (f->server, 1, "error-1002");
  query (f, "4000000001");
  vt_test_wait_until (f->n_answers == 1);
  query (f, "4000000002");
  vt_test_drain ();
  g_assert_cmpuint (n_sent (f), ==, 1);
  vt_clock_advance (f->clock, VT_RATE_LIMIT_HOLD * G_TIME_SPAN_SECOND);
  vt_test_wait_until (f->n_answers == 2);
  g_assert_cmpuint (n_sent (f), ==, 2);
}

/* A server that answers everything 503 with Retry-After: 120 gets one request each two
 * minutes, not one a second. */
static void
test_storm (ApiFixture    *f,
            gconstpointer  data)
{
  vt_mock_server_fail_next (f->server, 1000, "storm-120");
  query (f, "4000000001");
  vt_test_wait_until (f->n_answers == 1);
  for (guint i = 0; i < 5; i++)
    query (f, "4000000002");
  for (guint second = 0; second < 119; second++)
    {
      vt_clock_advance (f->clock, G_TIME_SPAN_SECOND);
      vt_test_drain ();
    }
  g_assert_cmpuint (n_sent (f), ==, 1);

  /* The wait ends: what waited goes (up to the burst), answered 503 again, and holds again. */
  vt_clock_advance (f->clock, G_TIME_SPAN_SECOND);
  vt_test_wait_until (f->n_answers == 6);
  g_assert_cmpuint (n_sent (f), ==, 6);
  query (f, "4000000003");
  for (guint second = 0; second < 60; second++)
    {
      vt_clock_advance (f->clock, G_TIME_SPAN_SECOND);
      vt_test_drain ();
    }
  g_assert_cmpuint (n_sent (f), ==, 6);
  vt_clock_advance (f->clock, 60 * G_TIME_SPAN_SECOND);
  vt_test_wait_until (f->n_answers == 7);
}

/* Another key is another account: it does not wait for the first one's hold. */
static void
test_other_account (ApiFixture    *f,
                    gconstpointer  data)
{
  /* Kept: a new gate could take the old one's memory, and its address. */
  g_autoptr(VtGate) first = g_object_ref (vt_client_get_gate (f->client));

  vt_gate_hold (first, 300);
  vt_client_set_api_key (f->client, "other-key");
  g_assert_true (vt_client_get_gate (f->client) != first);
  query (f, "4000000001");
  vt_test_wait_until (f->n_answers == 1);
  g_assert_cmpuint (n_sent (f), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/gate/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("cap-and-burst", test_cap_and_burst);
  ADD ("setting", test_setting);
  ADD ("hold", test_hold);
  ADD ("create-budgets", test_create_budgets);
  ADD ("cancel", test_cancel);
  ADD ("cancel-behind", test_cancel_behind);
#undef ADD
#define ADD(path, func) \
  g_test_add ("/gate/" path, ApiFixture, NULL, api_set_up, func, api_tear_down)
  ADD ("retry-after-holds-everyone", test_retry_after_holds_everyone);
  ADD ("body-rate-limit-holds", test_body_rate_limit_holds);
  ADD ("storm", test_storm);
  ADD ("other-account", test_other_account);
#undef ADD

  return g_test_run ();
}
