/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the window benchmarks. */
#pragma once

#include <gtk/gtk.h>

#include "vt-application.h"
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

/* Runs the application as the program does, with its task list in @tasks_path; @window_added
 * (a GtkApplication::window-added handler) hooks the benchmark to the window. */
static inline int
bench_run_app (const char *program,
               const char *tasks_path,
               GCallback   window_added)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (tasks_path);
  g_autoptr(VtApplication) app = vt_application_new_with (file, NULL);
  char *app_argv[] = { (char *) program, NULL };

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE);
  g_signal_connect (app, "window-added", window_added, NULL);
  return g_application_run (G_APPLICATION (app), 1, app_argv);
}
