/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-poller"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vt-enums.h"
#include "vt-error.h"
#include "vt-poller-private.h"

/*
 * Keeps unfinished tasks up to date without hammering MiniMax:
 *  - one timer at most, and none when there is nothing to check;
 *  - requests start one at a time, at least 60 s / max-per-minute apart, at most
 *    max-in-flight at once;
 *  - a task is checked every `interval` seconds, once a minute after its first ten minutes;
 *  - "slow down" answers pause every query with exponential backoff (and Retry-After);
 *  - key, region and balance problems stop checking until the user acts;
 *  - finished tasks are never checked again unless the user asks.
 */

G_DEFINE_FINAL_TYPE (VtPoller, vt_poller, G_TYPE_OBJECT)

static void client_held_cb (VtPoller *self);

enum {
  PROP_0,
  PROP_STATE,
  PROP_MESSAGE,
  PROP_RESUME_TIME,
  PROP_N_IN_FLIGHT,
  N_PROPS
};

enum {
  TASK_FINISHED,
  CHECKING_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

TaskState *
vt_poller_task_state (VtPoller *self,
                      VtTask   *task)
{
  TaskState *state = g_hash_table_lookup (self->states, task);

  if (state == NULL)
    {
      state = g_new0 (TaskState, 1);
      g_hash_table_insert (self->states, g_object_ref (task), state);
    }

  return state;
}

/* Forgets the tasks that left the list (a task put back by Undo starts afresh). */
static void
prune_states (VtPoller *self)
{
  g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
  guint n = g_list_model_get_n_items (self->tasks);
  GHashTableIter iter;
  gpointer task;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VtTask) item = g_list_model_get_item (self->tasks, i);
      g_hash_table_add (present, item);
    }

  g_hash_table_iter_init (&iter, self->states);
  while (g_hash_table_iter_next (&iter, &task, NULL))
    if (!g_hash_table_contains (present, task))
      g_hash_table_iter_remove (&iter);
}

void
vt_poller_set_message (VtPoller   *self,
                       const char *message)
{
  if (g_strcmp0 (self->message, message) == 0)
    return;

  g_free (self->message);
  self->message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MESSAGE]);
}

/* What the window says about checking as a whole; %NULL when nothing stands in its way. */
void
vt_poller_set_error (VtPoller     *self,
                     const GError *error)
{
  if (self->error == NULL && error == NULL)
    return;
  if (self->error != NULL && error != NULL && g_error_matches (self->error, error->domain, error->code) &&
      g_str_equal (self->error->message, error->message))
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  vt_poller_set_message (self, error != NULL ? error->message : NULL);
}

/**
 * vt_poller_get_error:
 *
 * Returns: (nullable): why checking stopped, or why MiniMax cannot be reached
 */
const GError *
vt_poller_get_error (VtPoller *self)
{
  g_return_val_if_fail (VT_IS_POLLER (self), NULL);
  return self->error;
}

void
vt_poller_notify_n_in_flight (VtPoller *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_IN_FLIGHT]);
}

void
vt_poller_notify_resume_time (VtPoller *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RESUME_TIME]);
}

void
vt_poller_emit_task_finished (VtPoller *self,
                              VtTask   *task)
{
  g_signal_emit (self, signals [TASK_FINISHED], 0, task);
}

void
vt_poller_emit_checking_changed (VtPoller *self,
                                 VtTask   *task)
{
  g_signal_emit (self, signals [CHECKING_CHANGED], 0, task);
}

/* Whether a query about @task is on its way now. */
gboolean
vt_poller_is_checking (VtPoller *self,
                       VtTask   *task)
{
  TaskState *state;

  g_return_val_if_fail (VT_IS_POLLER (self), FALSE);
  g_return_val_if_fail (VT_IS_TASK (task), FALSE);

  state = g_hash_table_lookup (self->states, task);
  return state != NULL && state->in_flight;
}

/**
 * vt_poller_dup_failed_at:
 *
 * When the last check of @task failed, whatever the reason: also when the error is the same
 * for every task (the network, the key), which the task itself does not keep.
 *
 * Returns: (transfer full) (nullable): that time, or %NULL when its last check was answered
 *   or it has not been checked in this session
 */
GDateTime *
vt_poller_dup_failed_at (VtPoller *self,
                         VtTask   *task)
{
  TaskState *state;

  g_return_val_if_fail (VT_IS_POLLER (self), NULL);
  g_return_val_if_fail (VT_IS_TASK (task), NULL);

  state = g_hash_table_lookup (self->states, task);
  if (state == NULL || state->failed_at == 0)
    return NULL;
  return g_date_time_new_from_unix_utc (state->failed_at);
}

static void
update_state (VtPoller *self,
              gboolean  anything_to_check)
{
  VtPollerState state;

  if (self->stopped)
    state = VT_POLLER_STATE_STOPPED;
  else if (self->backoff_until != 0)
    state = VT_POLLER_STATE_BACKING_OFF;
  else if (!self->online)
    state = VT_POLLER_STATE_OFFLINE;
  else if (self->unreachable)
    state = VT_POLLER_STATE_UNREACHABLE;
  else if (!anything_to_check && self->n_in_flight == 0)
    state = VT_POLLER_STATE_IDLE;
  else if (!self->auto_refresh && self->n_in_flight == 0)
    state = VT_POLLER_STATE_PAUSED;
  else
    state = VT_POLLER_STATE_CHECKING;

  if (state != VT_POLLER_STATE_STOPPED && state != VT_POLLER_STATE_BACKING_OFF &&
      state != VT_POLLER_STATE_UNREACHABLE)
    vt_poller_set_error (self, NULL);

  if (state != self->state)
    {
      g_debug ("State %d → %d", self->state, state);
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
    }
}

/* Wall-clock seconds since the task was added decide how often it is checked. */
guint
vt_poller_interval_for (VtPoller  *self,
                        VtTask    *task,
                        GDateTime *now)
{
  GDateTime *added = vt_task_get_added (task);

  if (added != NULL && g_date_time_difference (now, added) >= VT_POLLER_SLOW_AFTER * G_TIME_SPAN_SECOND)
    return MAX (self->interval, VT_POLLER_SLOW_INTERVAL);

  return self->interval;
}

/* Microseconds between two requests, by the rate cap. */
gint64
vt_poller_gap (VtPoller *self)
{
  return (60 * G_USEC_PER_SEC) / MAX (self->max_per_minute, 1);
}

/* A Hailuo task that succeeded, whose last check failed: its video's file could not be had
 * (see VT_ERROR_FILE_NOT_READY), and is asked for again. Read from the task, so that it holds
 * after a restart too. */
static gboolean
awaits_file (VtTask *task)
{
  return vt_task_get_kind (task) == VT_TASK_KIND_VIDEO &&
         vt_task_get_status (task) == VT_TASK_STATUS_SUCCESS && vt_task_get_check_failed (task);
}

/* Finished, and nothing more to ask MiniMax. */
static gboolean
is_done (VtTask *task)
{
  return vt_task_is_finished (task) && !awaits_file (task);
}

static gboolean
is_candidate (VtPoller  *self,
              VtTask    *task,
              TaskState *state)
{
  if (state->in_flight)
    return FALSE;
  if (state->forced)
    return TRUE;
  if (is_done (task) || state->held || !self->auto_refresh)
    return FALSE;
  return TRUE;
}

static gboolean
timer_cb (gpointer user_data)
{
  VtPoller *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  vt_poller_reschedule (self);
  return G_SOURCE_REMOVE;
}

static void
set_timer (VtPoller *self,
           gint64    when)
{
  self->timer = vt_clock_source_new (self->clock, when);
  g_source_set_callback (self->timer, timer_cb, self, NULL);
  g_source_set_static_name (self->timer, "[vt-poller] timer");
  g_source_attach (self->timer, g_main_context_get_thread_default ());
}

/* The candidate that is due first, and whether any task still needs checking at all. */
static VtTask *
next_candidate (VtPoller *self,
                gint64   *due,
                gboolean *unfinished)
{
  guint n = g_list_model_get_n_items (self->tasks);
  g_autoptr(VtTask) best = NULL;

  *due = G_MAXINT64;
  *unfinished = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VtTask) task = g_list_model_get_item (self->tasks, i);
      TaskState *state = g_hash_table_lookup (self->states, task);
      gint64 task_due;

      /* A finished task nothing was asked of is no candidate, and gets no state: a long
       * list of finished tasks costs a look each, not an allocation each. */
      if (state == NULL && is_done (task))
        continue;
      if (state == NULL)
        state = vt_poller_task_state (self, task);

      if (!is_done (task) && !state->held)
        *unfinished = TRUE;

      if (!is_candidate (self, task, state))
        continue;

      task_due = state->forced ? 0 : state->due;
      if (task_due < *due)
        {
          *due = task_due;
          g_set_object (&best, task);
        }
    }

  return g_steal_pointer (&best);
}

/* Starts every query that is due now, then sets the one timer for the next. */
void
vt_poller_reschedule (VtPoller *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }

  if (self->shut_down)
    return;

  for (;;)
    {
      gint64 now = vt_clock_get_monotonic (self->clock);
      gboolean unfinished;
      gint64 due;
      gint64 start_at;
      g_autoptr(VtTask) best = NULL;

      if (self->backoff_until != 0 && self->backoff_until <= now)
        {
          self->backoff_until = 0;
          vt_poller_notify_resume_time (self);
        }

      best = next_candidate (self, &due, &unfinished);
      update_state (self, best != NULL || unfinished);

      if (best == NULL || self->stopped)
        return;

      if (self->backoff_until != 0)
        {
          set_timer (self, self->backoff_until);
          return;
        }

      /* At the cap, the next completion calls back here. */
      if (self->n_in_flight >= self->max_in_flight)
        return;

      start_at = MAX (due, self->last_start + vt_poller_gap (self));
      if (start_at > now)
        {
          set_timer (self, start_at);
          return;
        }

      vt_poller_start_query (self, best);
    }
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  VtPoller   *self)
{
  if (removed > 0)
    prune_states (self);
  if (added > 0)
    vt_poller_reschedule (self);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    VtPoller        *self)
{
  vt_poller_set_online (self, available);
}

static void
vt_poller_dispose (GObject *object)
{
  VtPoller *self = (VtPoller *)object;

  vt_poller_shutdown (self);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_func (self->monitor, network_changed_cb, self);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_func (self->client, client_held_cb, self);
  if (self->tasks != NULL)
    g_signal_handlers_disconnect_by_func (self->tasks, items_changed_cb, self);
  g_clear_object (&self->monitor);
  g_clear_object (&self->tasks);
  g_clear_object (&self->client);
  g_clear_object (&self->clock);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->states, g_hash_table_unref);

  G_OBJECT_CLASS (vt_poller_parent_class)->dispose (object);
}

static void
vt_poller_finalize (GObject *object)
{
  VtPoller *self = (VtPoller *)object;

  g_clear_pointer (&self->message, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (vt_poller_parent_class)->finalize (object);
}

static void
vt_poller_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  VtPoller *self = VT_POLLER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_RESUME_TIME:
      g_value_set_int64 (value, vt_poller_get_resume_time (self));
      break;
    case PROP_N_IN_FLIGHT:
      g_value_set_uint (value, self->n_in_flight);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_poller_class_init (VtPollerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_poller_dispose;
  object_class->finalize = vt_poller_finalize;
  object_class->get_property = vt_poller_get_property;

  properties [PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, VT_TYPE_POLLER_STATE, VT_POLLER_STATE_IDLE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_RESUME_TIME] =
    g_param_spec_int64 ("resume-time", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_N_IN_FLIGHT] =
    g_param_spec_uint ("n-in-flight", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VtPoller::task-finished:
   * @task: a task that a check found succeeded or failed
   */
  signals [TASK_FINISHED] =
    g_signal_new ("task-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, VT_TYPE_TASK);

  /**
   * VtPoller::checking-changed:
   * @task: a task whose query started or ended (vt_poller_is_checking())
   */
  signals [CHECKING_CHANGED] =
    g_signal_new ("checking-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, VT_TYPE_TASK);
}

static void
vt_poller_init (VtPoller *self)
{
  self->interval = VT_POLLER_DEFAULT_INTERVAL;
  self->max_per_minute = VT_POLLER_DEFAULT_PER_MINUTE;
  self->max_in_flight = VT_POLLER_DEFAULT_MAX_IN_FLIGHT;
  self->auto_refresh = TRUE;
  self->online = TRUE;
  self->cancellable = g_cancellable_new ();
  self->states = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
}

/* MiniMax asked the account to wait, whoever's request it answered (a download's link, an
 * import page): checking waits as long, and says so. */
static void
client_held_cb (VtPoller *self)
{
  gint64 now = vt_clock_get_monotonic (self->clock);
  gint64 held = vt_client_get_held_until (self->client);

  if (self->shut_down || held <= now || held <= self->backoff_until)
    return;
  self->backoff_until = held;
  vt_poller_notify_resume_time (self);
  vt_poller_reschedule (self);
}

/**
 * vt_poller_new:
 * @tasks: a list model of #VtTask
 * @clock: (nullable): the clock that schedules checks; %NULL for the system's
 *
 * Starts checking right away; changes to @tasks are followed.
 */
VtPoller *
vt_poller_new (VtClient   *client,
               GListModel *tasks,
               VtClock    *clock)
{
  VtPoller *self;

  g_return_val_if_fail (VT_IS_CLIENT (client), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (tasks), NULL);
  g_return_val_if_fail (clock == NULL || VT_IS_CLOCK (clock), NULL);

  self = g_object_new (VT_TYPE_POLLER, NULL);
  self->clock = g_object_ref (clock != NULL ? clock : vt_clock_get_system ());
  self->client = g_object_ref (client);
  self->tasks = g_object_ref (tasks);
  g_signal_connect (tasks, "items-changed", G_CALLBACK (items_changed_cb), self);

  self->monitor = g_object_ref (g_network_monitor_get_default ());
  g_signal_connect (self->monitor, "network-changed", G_CALLBACK (network_changed_cb), self);
  g_signal_connect_swapped (client, "notify::held-until", G_CALLBACK (client_held_cb), self);

  vt_poller_reschedule (self);
  return self;
}

VtPollerState
vt_poller_get_state (VtPoller *self)
{
  g_return_val_if_fail (VT_IS_POLLER (self), VT_POLLER_STATE_IDLE);
  return self->state;
}

/**
 * vt_poller_get_clock:
 *
 * Returns: (transfer none): the clock the poller schedules by
 */
VtClock *
vt_poller_get_clock (VtPoller *self)
{
  g_return_val_if_fail (VT_IS_POLLER (self), NULL);
  return self->clock;
}

const char *
vt_poller_get_message (VtPoller *self)
{
  g_return_val_if_fail (VT_IS_POLLER (self), NULL);
  return self->message;
}

/**
 * vt_poller_get_resume_time:
 *
 * Returns: when checking resumes after slowing down, in the clock's real time (µs); 0 when not
 *   slowing down
 */
gint64
vt_poller_get_resume_time (VtPoller *self)
{
  g_return_val_if_fail (VT_IS_POLLER (self), 0);

  if (self->backoff_until == 0)
    return 0;
  return vt_clock_get_real (self->clock) + (self->backoff_until - vt_clock_get_monotonic (self->clock));
}

guint
vt_poller_get_n_in_flight (VtPoller *self)
{
  g_return_val_if_fail (VT_IS_POLLER (self), 0);
  return self->n_in_flight;
}

guint64
vt_poller_get_n_requests (VtPoller *self)
{
  g_return_val_if_fail (VT_IS_POLLER (self), 0);
  return self->n_requests;
}

void
vt_poller_set_auto_refresh (VtPoller *self,
                            gboolean  auto_refresh)
{
  g_return_if_fail (VT_IS_POLLER (self));

  if (self->auto_refresh != !!auto_refresh)
    {
      self->auto_refresh = !!auto_refresh;
      vt_poller_reschedule (self);
    }
}

void
vt_poller_set_interval (VtPoller *self,
                        guint     seconds)
{
  g_return_if_fail (VT_IS_POLLER (self));
  g_return_if_fail (seconds > 0);

  self->interval = seconds;
  vt_poller_reschedule (self);
}

void
vt_poller_set_max_per_minute (VtPoller *self,
                              guint     max_per_minute)
{
  g_return_if_fail (VT_IS_POLLER (self));
  g_return_if_fail (max_per_minute > 0);

  self->max_per_minute = max_per_minute;
  /* The setting is the account's cap: every request of the client's account keeps to it. */
  vt_client_set_per_minute (self->client, max_per_minute);
  vt_poller_reschedule (self);
}

void
vt_poller_set_max_in_flight (VtPoller *self,
                             guint     max_in_flight)
{
  g_return_if_fail (VT_IS_POLLER (self));
  g_return_if_fail (max_in_flight > 0);

  self->max_in_flight = max_in_flight;
  vt_poller_reschedule (self);
}

/* Back online: every task is checked again right away (spread out by the rate cap). */
void
vt_poller_set_online (VtPoller *self,
                      gboolean  online)
{
  g_return_if_fail (VT_IS_POLLER (self));

  online = !!online;
  if (self->online == online)
    return;

  self->online = online;
  if (online)
    {
      guint n = g_list_model_get_n_items (self->tasks);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(VtTask) task = g_list_model_get_item (self->tasks, i);
          TaskState *state = g_hash_table_lookup (self->states, task);

          /* One without a state is due now already. */
          if (state == NULL)
            continue;
          state->due = 0;
          state->failures = 0;
        }
    }

  vt_poller_reschedule (self);
}

/**
 * vt_poller_refresh:
 * @task: (nullable): the task to check now, or %NULL for every unfinished task
 *
 * A check the user asked for: it also clears a stop caused by the key, so that a fixed
 * key is tried at once.
 */
void
vt_poller_refresh (VtPoller *self,
                   VtTask   *task)
{
  g_return_if_fail (VT_IS_POLLER (self));
  g_return_if_fail (!task || VT_IS_TASK (task));

  self->stopped = FALSE;

  if (task != NULL)
    vt_poller_task_state (self, task)->forced = TRUE;
  else
    {
      guint n = g_list_model_get_n_items (self->tasks);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(VtTask) item = g_list_model_get_item (self->tasks, i);

          if (!vt_task_is_finished (item) || vt_task_get_check_failed (item))
            vt_poller_task_state (self, item)->forced = TRUE;
        }
    }

  vt_poller_reschedule (self);
}

/* The key, region or host changed: whatever stopped checking may be fixed. */
void
vt_poller_resume (VtPoller *self)
{
  g_return_if_fail (VT_IS_POLLER (self));

  self->stopped = FALSE;
  vt_poller_reschedule (self);
}

/* Cancels every query in flight and starts no more. */
void
vt_poller_shutdown (VtPoller *self)
{
  g_return_if_fail (VT_IS_POLLER (self));

  self->shut_down = TRUE;
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}
