/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "test-util.h"
#include "vt-client.h"
#include "vt-gate.h"

/* One turn while waiting for an answer: what is ready runs; when only the account's gate
 * holds requests back (its cap, or a wait MiniMax asked for), its time passes, a second at
 * a time (the client's clock must be a manual one). How the gate holds every caller is
 * tested in test-gate.c. */
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
