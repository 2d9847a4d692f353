/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * Where the core reads the time and waits for it. The program uses the system clock; tests
 * use a manual clock that moves only when told, so backoff and "nothing happened for a
 * minute" are checked in milliseconds. The exceptions belong to the file system, whose
 * times are the wall clock's: the age of a temporary file left behind (its mtime) and the
 * date in the name of a list moved aside; and how long another process has held the list's
 * lock, which no test clock moves.
 */

#define VT_TYPE_CLOCK (vt_clock_get_type ())

G_DECLARE_FINAL_TYPE (VtClock, vt_clock, VT, CLOCK, GObject)

VtClock   *vt_clock_get_system      (void);
VtClock   *vt_clock_new_manual      (void);
gint64     vt_clock_get_monotonic   (VtClock     *self);
gint64     vt_clock_get_real        (VtClock     *self);
GDateTime *vt_clock_dup_now_utc     (VtClock     *self);
GSource   *vt_clock_source_new      (VtClock     *self,
                                     gint64       ready_time);
guint      vt_clock_timeout_add     (VtClock     *self,
                                     guint        interval_ms,
                                     GSourceFunc  function,
                                     gpointer     data);
void       vt_clock_source_remove   (guint        id);
void       vt_clock_advance         (VtClock     *self,
                                     GTimeSpan    span);

G_END_DECLS
