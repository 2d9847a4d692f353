/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-poller.h"

G_BEGIN_DECLS

typedef struct
{
  gint64   due;          /* monotonic µs; 0 means now */
  guint    failures;
  gboolean forced;      /* asked for by the user: checked once even if finished or held */
  gboolean held;        /* cannot succeed by retrying (bad ID, unsafe link) */
  gboolean in_flight;
  gint64   failed_at;    /* wall-clock s of the last check that failed, 0 after an answer */
} TaskState;

struct _VtPoller
{
  GObject         parent_instance;

  VtClient       *client;
  GListModel     *tasks;
  VtClock        *clock;
  GHashTable     *states;           /* VtTask → TaskState, for the tasks in the list */
  GCancellable   *cancellable;
  GNetworkMonitor *monitor;

  GSource        *timer;
  gint64          last_start;       /* monotonic µs */
  gint64          backoff_until;    /* monotonic µs; 0 when not backing off */
  guint           backoff_step;     /* seconds */
  char           *message;
  GError         *error;            /* what stopped checking, or keeps MiniMax out of reach */
  gboolean        unreachable;
  VtPollerState   state;
  guint           n_in_flight;
  guint64         n_requests;

  guint           interval;
  guint           max_per_minute;
  guint           max_in_flight;
  gboolean        auto_refresh;
  gboolean        online;
  gboolean        stopped;
  gboolean        shut_down;
};

/* vt-poller.c */
TaskState *vt_poller_task_state          (VtPoller   *self,
                                          VtTask     *task);
void       vt_poller_reschedule          (VtPoller   *self);
gint64     vt_poller_gap                 (VtPoller   *self);
void       vt_poller_set_message         (VtPoller   *self,
                                          const char *message);
void       vt_poller_set_error           (VtPoller     *self,
                                          const GError *error);
void       vt_poller_notify_n_in_flight  (VtPoller   *self);
void       vt_poller_notify_resume_time  (VtPoller   *self);
void       vt_poller_emit_task_finished  (VtPoller   *self,
                                          VtTask     *task);
void       vt_poller_emit_checking_changed (VtPoller *self,
                                          VtTask     *task);

/* vt-poller-queries.c */
void       vt_poller_slow_down           (VtPoller            *self,
                                          const VtQueryResult *answer,
                                          const GError        *error);
void       vt_poller_start_query         (VtPoller   *self,
                                          VtTask     *task);

G_END_DECLS
