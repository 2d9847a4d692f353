/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vt-client.h"
#include "vt-clock.h"
#include "vt-task.h"

G_BEGIN_DECLS

typedef enum
{
  VT_POLLER_STATE_IDLE,          /* nothing left to check */
  VT_POLLER_STATE_CHECKING,      /* unfinished tasks are checked on schedule */
  VT_POLLER_STATE_PAUSED,        /* automatic checking is switched off */
  VT_POLLER_STATE_BACKING_OFF,   /* MiniMax asked to slow down: every query waits */
  VT_POLLER_STATE_STOPPED,       /* the key, region or account needs the user */
  VT_POLLER_STATE_OFFLINE,       /* no network; checking resumes when it returns */
  VT_POLLER_STATE_UNREACHABLE,   /* MiniMax does not answer; checking goes on, spaced out */
} VtPollerState;

#define VT_POLLER_DEFAULT_INTERVAL        15
#define VT_POLLER_DEFAULT_PER_MINUTE      VT_DEFAULT_PER_MINUTE
#define VT_POLLER_DEFAULT_MAX_IN_FLIGHT   VT_MAX_IN_FLIGHT
#define VT_POLLER_SLOW_INTERVAL           60
#define VT_POLLER_SLOW_AFTER              (10 * 60)
#define VT_POLLER_MAX_BACKOFF             (5 * 60)

#define VT_TYPE_POLLER (vt_poller_get_type ())

G_DECLARE_FINAL_TYPE (VtPoller, vt_poller, VT, POLLER, GObject)

VtPoller      *vt_poller_new                (VtClient    *client,
                                             GListModel  *tasks,
                                             VtClock     *clock);
VtClock       *vt_poller_get_clock          (VtPoller    *self);
VtPollerState  vt_poller_get_state          (VtPoller    *self);
const char    *vt_poller_get_message        (VtPoller    *self);
const GError  *vt_poller_get_error          (VtPoller    *self);
gint64         vt_poller_get_resume_time    (VtPoller    *self);
guint          vt_poller_get_n_in_flight    (VtPoller    *self);
guint64        vt_poller_get_n_requests     (VtPoller    *self);
void           vt_poller_set_auto_refresh   (VtPoller    *self,
                                             gboolean     auto_refresh);
void           vt_poller_set_interval       (VtPoller    *self,
                                             guint        seconds);
void           vt_poller_set_max_per_minute (VtPoller    *self,
                                             guint        max_per_minute);
void           vt_poller_set_max_in_flight  (VtPoller    *self,
                                             guint        max_in_flight);
void           vt_poller_set_online         (VtPoller    *self,
                                             gboolean     online);
void           vt_poller_refresh            (VtPoller    *self,
                                             VtTask      *task);
void           vt_poller_resume             (VtPoller    *self);
void           vt_poller_shutdown           (VtPoller    *self);
gboolean       vt_poller_is_checking        (VtPoller    *self,
                                             VtTask      *task);
GDateTime     *vt_poller_dup_failed_at      (VtPoller    *self,
                                             VtTask      *task);
guint          vt_poller_interval_for       (VtPoller    *self,
                                             VtTask      *task,
                                             GDateTime   *now);
void           vt_poller_list_recent_async  (VtPoller            *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GPtrArray     *vt_poller_list_recent_finish (VtPoller            *self,
                                             GAsyncResult        *result,
                                             GError             **error);

G_END_DECLS
