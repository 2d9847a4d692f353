/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-clock"

#include "config.h"

#include "vt-clock.h"

struct _VtClock
{
  GObject    parent_instance;

  gboolean   manual;
  gint64     monotonic;     /* manual clocks only: µs */
  gint64     real;          /* manual clocks only: µs since the epoch */
  GPtrArray *sources;       /* manual clocks only: ClockSource, not owned */
};

G_DEFINE_FINAL_TYPE (VtClock, vt_clock, G_TYPE_OBJECT)

/* Dispatched when its clock reaches `due`: a GSource ready time for the system clock, and
 * for a manual clock one that the clock sets when it is advanced past `due`. */
typedef struct
{
  GSource  parent;
  VtClock *clock;
  gint64   due;
  guint    interval;        /* ms; 0 for a one-shot source */
} ClockSource;

static void
clock_source_arm (ClockSource *source)
{
  if (!source->clock->manual)
    g_source_set_ready_time ((GSource *) source, source->due);
  else
    g_source_set_ready_time ((GSource *) source, source->due <= source->clock->monotonic ? 0 : -1);
}

static gboolean
clock_source_dispatch (GSource     *base,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  ClockSource *source = (ClockSource *) base;

  if (callback == NULL || !callback (user_data))
    return G_SOURCE_REMOVE;

  source->due = vt_clock_get_monotonic (source->clock) + (gint64) source->interval * 1000;
  clock_source_arm (source);
  return G_SOURCE_CONTINUE;
}

static void
clock_source_finalize (GSource *base)
{
  ClockSource *source = (ClockSource *) base;

  if (source->clock->manual)
    g_ptr_array_remove_fast (source->clock->sources, source);
  g_clear_object (&source->clock);
}

static GSourceFuncs clock_source_funcs = {
  .dispatch = clock_source_dispatch,
  .finalize = clock_source_finalize,
};

static void
vt_clock_finalize (GObject *object)
{
  VtClock *self = (VtClock *)object;

  g_clear_pointer (&self->sources, g_ptr_array_unref);

  G_OBJECT_CLASS (vt_clock_parent_class)->finalize (object);
}

static void
vt_clock_class_init (VtClockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vt_clock_finalize;
}

static void
vt_clock_init (VtClock *self)
{
}

/**
 * vt_clock_get_system:
 *
 * Returns: (transfer none): the clock of the system, shared
 */
VtClock *
vt_clock_get_system (void)
{
  static VtClock *system_clock;

  if (g_once_init_enter (&system_clock))
    g_once_init_leave (&system_clock, g_object_new (VT_TYPE_CLOCK, NULL));
  return system_clock;
}

/**
 * vt_clock_new_manual:
 *
 * Returns: (transfer full): a clock that starts at the present time and moves only by
 *   vt_clock_advance()
 */
VtClock *
vt_clock_new_manual (void)
{
  VtClock *self = g_object_new (VT_TYPE_CLOCK, NULL);

  self->manual = TRUE;
  self->monotonic = g_get_monotonic_time ();
  self->real = g_get_real_time ();
  self->sources = g_ptr_array_new ();
  return self;
}

gint64
vt_clock_get_monotonic (VtClock *self)
{
  g_return_val_if_fail (VT_IS_CLOCK (self), 0);
  return self->manual ? self->monotonic : g_get_monotonic_time ();
}

gint64
vt_clock_get_real (VtClock *self)
{
  g_return_val_if_fail (VT_IS_CLOCK (self), 0);
  return self->manual ? self->real : g_get_real_time ();
}

GDateTime *
vt_clock_dup_now_utc (VtClock *self)
{
  g_return_val_if_fail (VT_IS_CLOCK (self), NULL);

  g_autoptr(GDateTime) seconds = NULL;

  if (!self->manual)
    return g_date_time_new_now_utc ();
  seconds = g_date_time_new_from_unix_utc (self->real / G_USEC_PER_SEC);
  return g_date_time_add (seconds, self->real % G_USEC_PER_SEC);
}

/**
 * vt_clock_source_new:
 * @ready_time: when to dispatch, on the clock's monotonic time (µs)
 *
 * Returns: (transfer full): a source, not attached yet
 */
GSource *
vt_clock_source_new (VtClock *self,
                     gint64   ready_time)
{
  ClockSource *source;

  g_return_val_if_fail (VT_IS_CLOCK (self), NULL);

  source = (ClockSource *) g_source_new (&clock_source_funcs, sizeof (ClockSource));
  source->clock = g_object_ref (self);
  source->due = ready_time;
  if (self->manual)
    g_ptr_array_add (self->sources, source);
  clock_source_arm (source);
  return (GSource *) source;
}

/* As g_timeout_add(), on this clock, in the thread-default main context. */
guint
vt_clock_timeout_add (VtClock     *self,
                      guint        interval_ms,
                      GSourceFunc  function,
                      gpointer     data)
{
  GSource *source;
  guint id;

  g_return_val_if_fail (VT_IS_CLOCK (self), 0);

  source = vt_clock_source_new (self, vt_clock_get_monotonic (self) + (gint64) interval_ms * 1000);
  ((ClockSource *) source)->interval = interval_ms;
  g_source_set_callback (source, function, data, NULL);
  id = g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
  return id;
}

/* Removes a source vt_clock_timeout_add() attached, from the thread-default main context
 * (g_source_remove() looks in the global default one only). */
void
vt_clock_source_remove (guint id)
{
  GSource *source = g_main_context_find_source_by_id (g_main_context_get_thread_default (), id);

  if (source != NULL)
    g_source_destroy (source);
}

/* Moves a manual clock on; what falls due is dispatched by its main context. */
void
vt_clock_advance (VtClock   *self,
                  GTimeSpan  span)
{
  g_return_if_fail (VT_IS_CLOCK (self));
  g_return_if_fail (self->manual);
  g_return_if_fail (span >= 0);

  self->monotonic += span;
  self->real += span;
  for (guint i = 0; i < self->sources->len; i++)
    clock_source_arm (g_ptr_array_index (self->sources, i));
}
