/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the client tests share: a loopback API with a client pointed at it, and what a query
 * came back with. */

#include "gate-steps.h"
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
