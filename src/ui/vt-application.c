/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-application"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-application.h"
#include "vt-config.h"
#include "vt-status-command.h"
#include "vt-window.h"

struct _VtApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (VtApplication, vt_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
  { "status", 's', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Print the status of the given tasks and exit, without opening a window"), NULL },
  { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("With --status, print one JSON object per task"), NULL },
  { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { G_OPTION_REMAINING, 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY, NULL,
    NULL, N_("[TASK_ID…]") },
  { NULL }
};

static int
vt_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  g_autofree const char **task_ids = NULL;
  gboolean status = g_variant_dict_contains (options, "status");
  gboolean json = g_variant_dict_contains (options, "json");

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("video-tasks %s\n", PACKAGE_VERSION);
      return 0;
    }

  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &task_ids);

  if (json && !status)
    {
      g_printerr ("%s\n", _("--json goes with --status."));
      return VT_EXIT_USAGE;
    }

  if (status)
    return vt_status_command_run (task_ids, json, stdout, stderr);

  return G_APPLICATION_CLASS (vt_application_parent_class)->handle_local_options (app, options);
}

static void
vt_application_activate (GApplication *app)
{
  VtApplication *self = VT_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (vt_window_new (self));

  gtk_window_present (window);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "The Video Tasks developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Video Tasks"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Video Tasks developers"),
                        "developers", developers,
                        "comments", _("Follow MiniMax video generation tasks until their videos are ready"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

static void
vt_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (vt_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
vt_application_dispose (GObject *object)
{
  VtApplication *self = (VtApplication *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vt_application_parent_class)->dispose (object);
}

static void
vt_application_class_init (VtApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = vt_application_dispose;
  app_class->handle_local_options = vt_application_handle_local_options;
  app_class->startup = vt_application_startup;
  app_class->activate = vt_application_activate;
}

static void
vt_application_init (VtApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Follow MiniMax Video Agent tasks until their videos are ready."));
}

VtApplication *
vt_application_new (void)
{
  return g_object_new (VT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/videotasks/VideoTasks",
                       NULL);
}

/**
 * vt_application_get_settings:
 *
 * Returns: (transfer none) (nullable): the settings, %NULL when the schema is not installed
 */
GSettings *
vt_application_get_settings (VtApplication *self)
{
  g_return_val_if_fail (VT_IS_APPLICATION (self), NULL);

  if (self->settings == NULL)
    self->settings = vt_config_new_settings ();
  return self->settings;
}
