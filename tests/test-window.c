/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real application and window under Xvfb. */

#include "config.h"

#include <locale.h>

#include "test-util.h"
#include "vt-application.h"
#include "vt-window.h"

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);
      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  GtkWindow *window;
  gboolean   checked;
} Check;

static gboolean
check_window_cb (gpointer user_data)
{
  GApplication *app = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  AdwStatusPage *page;
  Check *check = g_object_get_data (G_OBJECT (app), "check");

  if (window == NULL || !gtk_widget_get_mapped (GTK_WIDGET (window)))
    return G_SOURCE_CONTINUE;

  g_assert_true (VT_IS_WINDOW (window));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Video Tasks");

  page = ADW_STATUS_PAGE (find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE));
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page)));
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "No Video Tasks Yet");

  /* The shortcuts window is installed from the resource path. */
  g_assert_nonnull (gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit")[0]);

  check->checked = TRUE;
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static void
activate_cb (GApplication *app)
{
  g_timeout_add (50, check_window_cb, app);
}

static void
test_window_opens (void)
{
  g_autoptr(VtApplication) app = vt_application_new ();
  Check check = { 0 };
  const char *argv[] = { "video-tasks", NULL };
  int status;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_object_set_data (G_OBJECT (app), "check", &check);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), NULL);

  status = g_application_run (G_APPLICATION (app), 1, (char **) argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (check.checked);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  if (gdk_display_get_default () == NULL)
    {
      g_printerr ("No display: run through build-aux/test, which starts Xvfb\n");
      return 77;
    }

  g_test_add_func ("/window/opens", test_window_opens);

  return g_test_run ();
}
