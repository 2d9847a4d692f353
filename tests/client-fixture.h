/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the client tests share: a loopback API with a client pointed at it, and what a query
 * came back with. */

#include "test-util.h"
#include "vt-client.h"
#include "vt-error.h"
#include "vt-mock-server.h"

#define KEY "test-key-3f9a"

typedef struct
{
  VtMockServer *server;
  VtClient     *client;
  VtClock      *clock;    /* the client's: its gate holds in this time, which tests move */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = vt_mock_server_new (KEY, &error);
  g_assert_no_error (error);
  vt_mock_server_set_timing (f->server, 0, 0);

  f->clock = vt_clock_new_manual ();
  f->client = vt_client_new ();
  vt_client_set_clock (f->client, f->clock);
  g_assert_true (vt_client_set_host (f->client, vt_mock_server_get_api_url (f->server), &error));
  g_assert_no_error (error);
  vt_client_set_api_key (f->client, KEY);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&f->client));
  g_clear_object (&f->server);
  g_clear_object (&f->clock);
}

typedef struct
{
  gboolean       done;
  gboolean       ok;
  VtQueryResult *result;
  GError        *error;
} Outcome;

/* One turn while waiting for an answer: what is ready runs; when only the account's gate
 * holds requests back (its cap, or a wait MiniMax asked for), its time passes, a second at
 * a time. (How the gate holds every caller is tested in test-gate.c.) */
static inline void
step_through_gate (VtClient *client)
{
  if (g_main_context_iteration (NULL, FALSE))
    return;
  if (vt_gate_get_n_waiting (vt_client_get_gate (client)) > 0)
    vt_clock_advance (vt_client_get_clock (client), G_TIME_SPAN_SECOND);
  else
    g_main_context_iteration (NULL, TRUE);
}

#define wait_through_gate(client, condition) \
  vt_test_step_until (condition, step_through_gate (client))

static void
outcome_clear (Outcome *o)
{
  g_clear_pointer (&o->result, vt_query_result_free);
  g_clear_error (&o->error);
  o->done = FALSE;
}

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Outcome *o = user_data;

  o->ok = vt_client_query_finish (VT_CLIENT (object), result, &o->result, &o->error);
  o->done = TRUE;
}
