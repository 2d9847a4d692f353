/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-poller"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "vt-error.h"
#include "vt-poller-private.h"

/* Asking MiniMax about one task, and what each kind of answer does to the schedule. */

#define INITIAL_BACKOFF 10

/* An answer: the task is up to date, and MiniMax is not asking us to slow down. */
static void
checked (VtPoller            *self,
         VtTask              *task,
         TaskState           *state,
         const VtQueryResult *answer,
         gboolean             was_finished)
{
  g_autoptr(GDateTime) now = vt_clock_dup_now_utc (self->clock);

  vt_task_apply_result (task, answer, NULL, now);
  state->failures = 0;
  state->failed_at = 0;
  state->forced = FALSE;
  state->held = FALSE;
  state->due = vt_clock_get_monotonic (self->clock) +
               vt_poller_interval_for (self, task, now) * G_USEC_PER_SEC;
  self->backoff_step = 0;
  self->stopped = FALSE;
  self->unreachable = FALSE;

  if (!was_finished && vt_task_is_finished (task))
    vt_poller_emit_task_finished (self, task);
}

/* Every query waits, with a backoff that doubles, or longer if MiniMax said how long: one
 * account, one limit, whichever request was told. */
void
vt_poller_slow_down (VtPoller            *self,
                     const VtQueryResult *answer,
                     const GError        *error)
{
  gint64 now = vt_clock_get_monotonic (self->clock);
  guint wait;

  self->backoff_step = self->backoff_step == 0 ? INITIAL_BACKOFF
                                               : MIN (self->backoff_step * 2, VT_POLLER_MAX_BACKOFF);
  wait = MAX (self->backoff_step, answer != NULL ? answer->http.retry_after : 0);
  self->backoff_until = MAX (self->backoff_until, now + (gint64) wait * G_USEC_PER_SEC);
  g_debug ("Slowing down for %u s: %s", wait, error->message);
  vt_poller_set_error (self, error);
  vt_poller_notify_resume_time (self);
}

/* A check that failed for this task alone: tried again later, less often each time. */
static void
retry_later (VtPoller     *self,
             VtTask       *task,
             TaskState    *state,
             const GError *error)
{
  g_autoptr(GDateTime) now = vt_clock_dup_now_utc (self->clock);
  guint delay;

  state->failures++;
  delay = vt_poller_interval_for (self, task, now) << MIN (state->failures - 1, 8);
  state->due = vt_clock_get_monotonic (self->clock) +
               (gint64) MIN (delay, VT_POLLER_MAX_BACKOFF) * G_USEC_PER_SEC;

  if (g_error_matches (error, VT_ERROR, VT_ERROR_NETWORK) && self->monitor != NULL &&
      !g_network_monitor_get_network_available (self->monitor))
    vt_poller_set_online (self, FALSE);
}

/* An H3 task MiniMax no longer knows, made (by MiniMax's created_at) or else added more than
 * 7 days ago: MiniMax keeps H3 tasks for 7 days. That is final, not an error to retry. A
 * younger one is not gone, whatever the answer: a proxy's 404 page, or a glitch. */
static gboolean
is_gone (VtTask       *task,
         const GError *error,
         GDateTime    *now)
{
  g_autoptr(GDateTime) kept_since = g_date_time_add_days (now, -VT_H3_KEPT_DAYS);
  GDateTime *since = vt_task_get_created (task);

  if (since == NULL)
    since = vt_task_get_added (task);
  return g_error_matches (error, VT_ERROR, VT_ERROR_UNKNOWN_TASK) &&
         vt_task_get_kind (task) == VT_TASK_KIND_H3 &&
         since != NULL && g_date_time_compare (since, kept_since) < 0;
}

/* An H3 task within its 7 days that the H3 endpoint does not know now: when MiniMax knew it
 * before, or the answer is a 404 without MiniMax's error object (a proxy's or a load
 * balancer's page), MiniMax or the way to it is having a bad moment, and the task is asked
 * about again later, as in an outage. One it never knew, and that MiniMax itself refuses (an
 * invalid task_id, or its own 404), is held: its ID or its kind is wrong, and the row says
 * so. */
static gboolean
is_missing_for_now (VtTask              *task,
                    const VtQueryResult *answer,
                    const GError        *error)
{
  return g_error_matches (error, VT_ERROR, VT_ERROR_UNKNOWN_TASK) &&
         vt_task_get_kind (task) == VT_TASK_KIND_H3 &&
         (vt_task_get_status (task) != VT_TASK_STATUS_UNKNOWN ||
          (answer != NULL && answer->http.status == SOUP_STATUS_NOT_FOUND &&
           answer->api_message == NULL));
}

static void
failed (VtPoller            *self,
        VtTask              *task,
        TaskState           *state,
        const VtQueryResult *answer,
        const GError        *error)
{
  g_autoptr(GDateTime) now = vt_clock_dup_now_utc (self->clock);
  gboolean was_finished = vt_task_is_finished (task);

  if (is_gone (task, error, now))
    {
      g_autoptr(VtQueryResult) gone = vt_query_result_copy (answer);

      gone->status = VT_TASK_STATUS_FAIL;
      vt_api_set_message (gone, VT_ERROR_TASK_GONE, NULL);
      checked (self, task, state, gone, was_finished);
      return;
    }

  if (is_missing_for_now (task, answer, error))
    {
      g_autoptr(GError) missing = NULL;

      vt_error_set_missing_for_now (&missing, answer != NULL ? answer->http.status : 0);
      state->failed_at = g_date_time_to_unix (now);
      vt_task_apply_result (task, answer, missing, now);
      state->forced = FALSE;
      retry_later (self, task, state, missing);
      return;
    }

  if (vt_error_is_slow_down (error))
    {
      /* A rate-limited query says nothing about the task; it goes first when checking
       * resumes. */
      vt_poller_slow_down (self, answer, error);
      state->due = 0;
      return;
    }

  /* Even an error said once for the window failed this task's check: its row says when. */
  state->failed_at = g_date_time_to_unix (now);

  /* What is the same for every task is said once, by the window; a row shows only what is
   * particular to its task. */
  if (!vt_error_is_shared (error))
    vt_task_apply_result (task, answer, error, now);
  state->forced = FALSE;

  if (g_error_matches (error, VT_ERROR, VT_ERROR_FILE_NOT_READY))
    {
      /* MiniMax said the task succeeded: so it has, and the row says its file is still to
       * come. The file is asked for again, later each time. */
      if (answer != NULL)
        vt_task_set_status (task, answer->status);
      if (!was_finished && vt_task_is_finished (task))
        vt_poller_emit_task_finished (self, task);
      retry_later (self, task, state, error);
    }
  else if (vt_error_needs_user (error))
    {
      /* Every other query would fail the same way until the user acts. */
      state->due = 0;
      self->stopped = TRUE;
      vt_poller_set_error (self, error);
    }
  else if (vt_error_is_final_for_task (error))
    state->held = TRUE;
  else
    {
      if (vt_error_is_shared (error))
        {
          self->unreachable = TRUE;
          vt_poller_set_error (self, error);
        }
      retry_later (self, task, state, error);
    }
}

/* The query holds the poller weakly: a result that arrives after it is gone is dropped. */
typedef struct
{
  GWeakRef  poller;
  VtTask   *task;
} QueryClosure;

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  QueryClosure *closure = user_data;
  g_autoptr(VtTask) task = closure->task;
  g_autoptr(VtPoller) self = g_weak_ref_get (&closure->poller);
  g_autoptr(VtQueryResult) answer = NULL;
  g_autoptr(GError) error = NULL;
  TaskState removed = { 0 };
  TaskState *state;
  gboolean was_finished = vt_task_is_finished (task);
  gboolean ok;

  g_weak_ref_clear (&closure->poller);
  g_free (closure);

  ok = vt_client_query_finish (VT_CLIENT (object), result, &answer, &error);
  if (self == NULL)
    return;

  /* A task removed while its query ran still gets the answer, for an Undo. */
  state = g_hash_table_lookup (self->states, task);
  if (state == NULL)
    state = &removed;
  state->in_flight = FALSE;

  self->n_in_flight--;
  vt_poller_notify_n_in_flight (self);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->shut_down)
    {
      vt_poller_emit_checking_changed (self, task);
      return;
    }

  /* Finding out a kind, or a Hailuo file's link, took more than one request: each counts
   * against the one rate cap of the account, so the next query waits a gap per request. */
  if (answer != NULL && answer->http.n_requests > 1)
    {
      self->last_start = MAX (self->last_start, vt_clock_get_monotonic (self->clock)) +
                         (answer->http.n_requests - 1) * vt_poller_gap (self);
      self->n_requests += answer->http.n_requests - 1;
    }

  if (ok)
    checked (self, task, state, answer, was_finished);
  else
    failed (self, task, state, answer, error);

  /* After the answer is in the task, so that a row shows it in one step. */
  vt_poller_emit_checking_changed (self, task);
  vt_poller_reschedule (self);
}

void
vt_poller_start_query (VtPoller *self,
                       VtTask   *task)
{
  TaskState *state = vt_poller_task_state (self, task);
  QueryClosure *closure = g_new0 (QueryClosure, 1);

  g_weak_ref_init (&closure->poller, self);
  closure->task = g_object_ref (task);

  state->in_flight = TRUE;
  self->n_in_flight++;
  self->n_requests++;
  self->last_start = vt_clock_get_monotonic (self->clock);
  vt_poller_notify_n_in_flight (self);
  vt_poller_emit_checking_changed (self, task);

  vt_client_query_async (self->client, vt_task_get_id (task), vt_task_get_kind (task),
                         self->cancellable, query_cb, closure);
}

