/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-ticker"

#include "config.h"

#include "vt-ticker.h"

/* How often "5 min ago" is brought up to date, while anything on screen shows one. */
#define TICK_SECONDS 30

/* One clock for every row: its timer runs only while somebody listens. */
struct _VtTicker
{
  GObject    parent_instance;

  GDateTime *now;           /* the time every row reads "5 min ago" against */
  guint      source;
  guint      n_listeners;
};

G_DEFINE_FINAL_TYPE (VtTicker, vt_ticker, G_TYPE_OBJECT)

enum {
  TICK,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
set_now (VtTicker *self)
{
  g_clear_pointer (&self->now, g_date_time_unref);
  self->now = g_date_time_new_now_utc ();
}

static gboolean
tick_cb (gpointer user_data)
{
  VtTicker *self = user_data;

  set_now (self);
  g_signal_emit (self, signals [TICK], 0);
  return G_SOURCE_CONTINUE;
}

static void
vt_ticker_finalize (GObject *object)
{
  VtTicker *self = (VtTicker *)object;

  g_clear_handle_id (&self->source, g_source_remove);
  g_clear_pointer (&self->now, g_date_time_unref);

  G_OBJECT_CLASS (vt_ticker_parent_class)->finalize (object);
}

static void
vt_ticker_class_init (VtTickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vt_ticker_finalize;

  /**
   * VtTicker::tick:
   *
   * Time to bring relative times on screen up to date.
   */
  signals [TICK] =
    g_signal_new ("tick", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vt_ticker_init (VtTicker *self)
{
}

/* The window makes one and hands it to each of its rows. */
VtTicker *
vt_ticker_new (void)
{
  return g_object_new (VT_TYPE_TICKER, NULL);
}

/* Calls @callback (with @data first) on every tick until vt_ticker_disconnect(). */
gulong
vt_ticker_connect (VtTicker  *self,
                   GCallback  callback,
                   gpointer   data)
{
  g_return_val_if_fail (VT_IS_TICKER (self), 0);

  if (self->n_listeners++ == 0)
    {
      set_now (self);
      self->source = g_timeout_add_seconds (TICK_SECONDS, tick_cb, self);
    }
  return g_signal_connect_swapped (self, "tick", callback, data);
}

/**
 * vt_ticker_get_now:
 *
 * Returns: (transfer none): the time of the last tick. Rows read relative times against it,
 *   so that tasks added together say the same, whenever each row was drawn.
 */
GDateTime *
vt_ticker_get_now (VtTicker *self)
{
  g_return_val_if_fail (VT_IS_TICKER (self), NULL);

  if (self->now == NULL)
    set_now (self);
  return self->now;
}

void
vt_ticker_disconnect (VtTicker *self,
                      gulong   *handler)
{
  g_return_if_fail (VT_IS_TICKER (self));

  if (*handler == 0)
    return;

  g_clear_signal_handler (handler, self);
  if (--self->n_listeners == 0)
    g_clear_handle_id (&self->source, g_source_remove);
}
