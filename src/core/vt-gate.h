/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vt-clock.h"

G_BEGIN_DECLS

/* What a request to MiniMax spends: each has a budget of its own in the account's gate. */
typedef enum
{
  VT_GATE_QUERY,          /* asking about tasks, links, the account */
  VT_GATE_CREATE_V1,      /* creating a Hailuo (v1) or Video Agent task */
  VT_GATE_CREATE_H3,      /* creating a MiniMax-H3 (v2) task */
  VT_GATE_N_BUDGETS,
} VtGateBudget;

#define VT_TYPE_GATE (vt_gate_get_type ())

G_DECLARE_FINAL_TYPE (VtGate, vt_gate, VT, GATE, GObject)

VtGate   *vt_gate_new            (VtClock             *clock);
void      vt_gate_set_clock      (VtGate              *self,
                                  VtClock             *clock);
void      vt_gate_set_per_minute (VtGate              *self,
                                  VtGateBudget         budget,
                                  guint                per_minute);
guint     vt_gate_get_per_minute (VtGate              *self,
                                  VtGateBudget         budget);
void      vt_gate_enter_async    (VtGate              *self,
                                  VtGateBudget         budget,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
gboolean  vt_gate_enter_finish   (VtGate              *self,
                                  GAsyncResult        *result,
                                  GError             **error);
void      vt_gate_leave          (VtGate              *self,
                                  VtGateBudget         budget);
void      vt_gate_hold           (VtGate              *self,
                                  guint                seconds);
gint64    vt_gate_get_held_until (VtGate              *self);
guint     vt_gate_get_n_waiting  (VtGate              *self);

G_END_DECLS
