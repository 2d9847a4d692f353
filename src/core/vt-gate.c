/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-gate"

#include "config.h"

#include "vt-gate.h"

/*
 * One account's door to MiniMax: every request of the account (one host and one key) waits
 * here until its budget allows it.
 *  - A budget allows so many starts in any minute, and a small burst in any second.
 *  - When MiniMax asks to wait (1002, HTTP 429, a Retry-After), every budget holds until
 *    the wait ends: nothing of the account is sent meanwhile.
 *  - Creating tasks has budgets of its own; H3's also caps the tasks in flight.
 * Waiters go in the order they came, each budget on its own. Time is the gate's VtClock.
 */

typedef struct
{
  guint per_minute;
  guint burst;           /* starts in any second */
  guint max_in_flight;   /* 0: no cap */
} Rule;

/* MiniMax's published limits disagree between snapshots (CREATE-API.md §2.6 and §3.6):
 * the lower numbers, in one place. Queries follow the setting (60 a minute by default). */
static const Rule default_rules[VT_GATE_N_BUDGETS] = {
  [VT_GATE_QUERY]     = { 60, 10, 0 },
  [VT_GATE_CREATE_V1] = { 5, 1, 0 },     /* Hailuo and Video Agent: 5 RPM, or 20 */
  [VT_GATE_CREATE_H3] = { 300, 10, 30 }, /* H3: 300 RPM, 30 tasks in flight */
};

typedef struct
{
  Rule    rule;
  GArray *starts;        /* gint64 monotonic µs, oldest first, within the last minute */
  guint   in_flight;
  GQueue  waiting;       /* GTask */
} Budget;

struct _VtGate
{
  GObject  parent_instance;

  VtClock *clock;
  Budget   budgets[VT_GATE_N_BUDGETS];
  gint64   held_until;   /* monotonic µs; 0 when not held */
  GSource *timer;
  GSource *idle;
};

G_DEFINE_FINAL_TYPE (VtGate, vt_gate, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HELD_UNTIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void pump (VtGate *self);

/* A request waiting to start. */
typedef struct
{
  GCancellable *cancellable;
  gulong        cancelled_id;
} Waiter;

/* Done waiting: the cancellable no longer needs to wake the gate. */
static void
waiter_done (GTask *task)
{
  Waiter *waiter = g_task_get_task_data (task);

  if (waiter->cancelled_id != 0)
    g_cancellable_disconnect (waiter->cancellable, waiter->cancelled_id);
  waiter->cancelled_id = 0;
}

static void
waiter_free (Waiter *waiter)
{
  g_clear_object (&waiter->cancellable);
  g_free (waiter);
}

/* The first time a request of @budget may start, from @now on; G_MAXINT64 when a request
 * must end first. */
static gint64
next_start (VtGate *self,
            Budget *budget,
            gint64  now)
{
  GArray *starts = budget->starts;
  gint64 when = MAX (now, self->held_until);

  if (budget->rule.max_in_flight > 0 && budget->in_flight >= budget->rule.max_in_flight)
    return G_MAXINT64;
  if (starts->len >= budget->rule.per_minute)
    when = MAX (when, g_array_index (starts, gint64, starts->len - budget->rule.per_minute) +
                      60 * G_USEC_PER_SEC);
  if (budget->rule.burst > 0 && starts->len >= budget->rule.burst)
    when = MAX (when, g_array_index (starts, gint64, starts->len - budget->rule.burst) +
                      G_USEC_PER_SEC);
  return when;
}

static void
forget_old_starts (Budget *budget,
                   gint64  now)
{
  guint old = 0;

  while (old < budget->starts->len &&
         g_array_index (budget->starts, gint64, old) <= now - 60 * G_USEC_PER_SEC)
    old++;
  if (old > 0)
    g_array_remove_range (budget->starts, 0, old);
}

static gboolean
timer_cb (gpointer user_data)
{
  VtGate *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  pump (self);
  return G_SOURCE_REMOVE;
}

static gboolean
idle_cb (gpointer user_data)
{
  VtGate *self = user_data;

  g_clear_pointer (&self->idle, g_source_unref);
  pump (self);
  return G_SOURCE_REMOVE;
}

/* Soon, from the main loop: a waiter was cancelled (perhaps from inside a callback). */
static void
pump_soon (VtGate *self)
{
  if (self->idle != NULL)
    return;
  self->idle = g_idle_source_new ();
  g_source_set_callback (self->idle, idle_cb, self, NULL);
  g_source_set_static_name (self->idle, "[vt-gate] cancelled");
  g_source_attach (self->idle, g_main_context_get_thread_default ());
}

/* Lets in every waiter whose budget allows it now, and sets the timer for the next. */
static void
pump (VtGate *self)
{
  gint64 now = vt_clock_get_monotonic (self->clock);
  gint64 next = G_MAXINT64;

  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }

  for (guint i = 0; i < VT_GATE_N_BUDGETS; i++)
    {
      Budget *budget = &self->budgets[i];

      /* Whoever gave up leaves at once, wherever it waited. */
      for (GList *l = budget->waiting.head; l != NULL;)
        {
          GList *next_link = l->next;
          GTask *task = l->data;

          if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
            {
              g_queue_delete_link (&budget->waiting, l);
              waiter_done (task);
              g_task_return_error_if_cancelled (task);
              g_object_unref (task);
            }
          l = next_link;
        }

      forget_old_starts (budget, now);
      while (!g_queue_is_empty (&budget->waiting))
        {
          GTask *task = g_queue_peek_head (&budget->waiting);
          gint64 when;

          when = next_start (self, budget, now);
          if (when > now)
            {
              next = MIN (next, when);
              break;
            }
          g_array_append_val (budget->starts, now);
          budget->in_flight++;
          g_queue_pop_head (&budget->waiting);
          waiter_done (task);
          g_task_return_boolean (task, TRUE);
          g_object_unref (task);
        }
    }

  if (next != G_MAXINT64)
    {
      self->timer = vt_clock_source_new (self->clock, next);
      g_source_set_callback (self->timer, timer_cb, self, NULL);
      g_source_set_static_name (self->timer, "[vt-gate] next start");
      g_source_attach (self->timer, g_main_context_get_thread_default ());
    }
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  pump_soon (user_data);
}

/**
 * vt_gate_enter_async:
 * @budget: what the request spends
 *
 * Finishes when a request of @budget may start. Every one that entered must leave
 * (vt_gate_leave()) when its answer arrived or it failed.
 */
void
vt_gate_enter_async (VtGate              *self,
                     VtGateBudget         budget,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task;
  Waiter *waiter;

  g_return_if_fail (VT_IS_GATE (self));
  g_return_if_fail (budget < VT_GATE_N_BUDGETS);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_gate_enter_async);
  /* Let in is let in: a cancellable that fires after that must not turn the answer into
   * "cancelled", or the request would never leave. */
  g_task_set_check_cancellable (task, FALSE);
  waiter = g_new0 (Waiter, 1);
  g_task_set_task_data (task, waiter, (GDestroyNotify) waiter_free);
  g_queue_push_tail (&self->budgets[budget].waiting, task);
  if (cancellable != NULL)
    {
      /* The task holds the gate while it waits, so the gate outlives the handler. */
      waiter->cancellable = g_object_ref (cancellable);
      waiter->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);
    }
  pump (self);
}

gboolean
vt_gate_enter_finish (VtGate        *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* A request that entered through @budget is over. */
void
vt_gate_leave (VtGate       *self,
               VtGateBudget  budget)
{
  g_return_if_fail (VT_IS_GATE (self));
  g_return_if_fail (self->budgets[budget].in_flight > 0);

  self->budgets[budget].in_flight--;
  pump (self);
}

/**
 * vt_gate_hold:
 *
 * MiniMax asked the account to wait: nothing of any budget starts for @seconds (or until an
 * earlier hold ends, if that is later).
 */
void
vt_gate_hold (VtGate *self,
              guint   seconds)
{
  gint64 until;

  g_return_if_fail (VT_IS_GATE (self));

  until = vt_clock_get_monotonic (self->clock) + (gint64) seconds * G_USEC_PER_SEC;
  if (until <= self->held_until)
    return;
  g_debug ("Holding every request for %u s", seconds);
  self->held_until = until;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HELD_UNTIL]);
  pump (self);
}

/* Returns: the monotonic time (µs) until which the account waits; 0 or past when it does not */
gint64
vt_gate_get_held_until (VtGate *self)
{
  g_return_val_if_fail (VT_IS_GATE (self), 0);
  return self->held_until;
}

void
vt_gate_set_per_minute (VtGate       *self,
                        VtGateBudget  budget,
                        guint         per_minute)
{
  g_return_if_fail (VT_IS_GATE (self));
  g_return_if_fail (budget < VT_GATE_N_BUDGETS && per_minute > 0);

  self->budgets[budget].rule.per_minute = per_minute;
  pump (self);
}

guint
vt_gate_get_per_minute (VtGate       *self,
                        VtGateBudget  budget)
{
  g_return_val_if_fail (VT_IS_GATE (self), 0);
  return self->budgets[budget].rule.per_minute;
}

/* Returns: the requests waiting to start, of every budget */
guint
vt_gate_get_n_waiting (VtGate *self)
{
  guint n = 0;

  g_return_val_if_fail (VT_IS_GATE (self), 0);
  for (guint i = 0; i < VT_GATE_N_BUDGETS; i++)
    n += g_queue_get_length (&self->budgets[i].waiting);
  return n;
}

void
vt_gate_set_clock (VtGate  *self,
                   VtClock *clock)
{
  g_return_if_fail (VT_IS_GATE (self));
  g_return_if_fail (VT_IS_CLOCK (clock));

  g_set_object (&self->clock, clock);
  pump (self);
}

static void
vt_gate_dispose (GObject *object)
{
  VtGate *self = VT_GATE (object);

  if (self->timer != NULL)
    g_source_destroy (self->timer);
  g_clear_pointer (&self->timer, g_source_unref);
  if (self->idle != NULL)
    g_source_destroy (self->idle);
  g_clear_pointer (&self->idle, g_source_unref);

  G_OBJECT_CLASS (vt_gate_parent_class)->dispose (object);
}

static void
vt_gate_finalize (GObject *object)
{
  VtGate *self = VT_GATE (object);

  for (guint i = 0; i < VT_GATE_N_BUDGETS; i++)
    {
      /* A waiter holds the gate, so none is left here. */
      g_assert (g_queue_is_empty (&self->budgets[i].waiting));
      g_array_unref (self->budgets[i].starts);
    }
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (vt_gate_parent_class)->finalize (object);
}

static void
vt_gate_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  VtGate *self = VT_GATE (object);

  switch (prop_id)
    {
    case PROP_HELD_UNTIL:
      g_value_set_int64 (value, self->held_until);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_gate_class_init (VtGateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_gate_dispose;
  object_class->finalize = vt_gate_finalize;
  object_class->get_property = vt_gate_get_property;

  properties[PROP_HELD_UNTIL] =
    g_param_spec_int64 ("held-until", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vt_gate_init (VtGate *self)
{
  for (guint i = 0; i < VT_GATE_N_BUDGETS; i++)
    {
      self->budgets[i].rule = default_rules[i];
      self->budgets[i].starts = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_queue_init (&self->budgets[i].waiting);
    }
}

/**
 * vt_gate_new:
 * @clock: the time the budgets are counted in
 */
VtGate *
vt_gate_new (VtClock *clock)
{
  VtGate *self = g_object_new (VT_TYPE_GATE, NULL);

  self->clock = g_object_ref (clock);
  return self;
}
