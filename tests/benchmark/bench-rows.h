/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the window benchmarks. */
#pragma once

#include <gtk/gtk.h>

#include "vt-task-row.h"

/* Whether a task row is on screen somewhere under @widget. */
static inline gboolean
bench_shows_a_row (GtkWidget *widget)
{
  if (VT_IS_TASK_ROW (widget) && gtk_widget_get_mapped (widget))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (bench_shows_a_row (child))
      return TRUE;
  return FALSE;
}
