/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the window benchmarks. */
#pragma once

#include <gtk/gtk.h>

#include "vt-application.h"
#include "vt-task-row.h"

/* The first task row on screen under @widget, or NULL. */
static inline GtkWidget *
bench_find_row (GtkWidget *widget)
{
  if (VT_IS_TASK_ROW (widget) && gtk_widget_get_mapped (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = bench_find_row (child);

      if (row != NULL)
        return row;
    }
  return NULL;
}

/* Whether a task row is on screen somewhere under @widget. */
static inline gboolean
bench_shows_a_row (GtkWidget *widget)
{
  return bench_find_row (widget) != NULL;
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

typedef void (*BenchPaintFunc) (GdkFrameClock *clock,
                                GtkWidget     *window);

static BenchPaintFunc bench_after_paint;

static inline void
bench_realize_cb (GtkWidget *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (bench_after_paint), window, 0);
}

static inline void
bench_window_added_cb (GtkApplication *app,
                       GtkWindow      *window)
{
  g_signal_connect (window, "realize", G_CALLBACK (bench_realize_cb), NULL);
}

/* As bench_run_app(), with @after_paint called after each frame of the application's window
 * (a GdkFrameClock::after-paint handler whose data is the window); it ends the run. */
static inline int
bench_run_app_painting (const char     *program,
                        const char     *tasks_path,
                        BenchPaintFunc  after_paint)
{
  bench_after_paint = after_paint;
  return bench_run_app (program, tasks_path, G_CALLBACK (bench_window_added_cb));
}
