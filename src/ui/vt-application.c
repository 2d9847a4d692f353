/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-application"

#include "config.h"

#include <signal.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "vt-application-private.h"
#include "vt-config.h"
#include "vt-create.h"
#include "vt-display.h"
#include "vt-enums.h"
#include "vt-error.h"
#include "vt-new-video-window.h"
#include "vt-preferences-window.h"
#include "vt-secret.h"
#include "vt-task-asked.h"
#include "vt-task-ids.h"
#include "vt-text.h"
#include "vt-thumbnailer.h"
#include "vt-window.h"


G_DEFINE_FINAL_TYPE (VtApplication, vt_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_TASKS_FILE,
  PROP_LAUNCHER,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];


VtWindow *
vt_application_ensure_window (VtApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (vt_window_new (self));
  return VT_WINDOW (window);
}

static void
vt_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (vt_application_ensure_window (VT_APPLICATION (app))));
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
                        "website", "https://github.com/videotasks/VideoTasks",
                        "issue-url", "https://github.com/videotasks/VideoTasks/issues",
                        "comments", _("Follow MiniMax video generation tasks until their videos are ready"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  VtApplication *self = user_data;
  GtkWindow *parent = GTK_WINDOW (vt_application_ensure_window (self));
  VtPreferencesWindow *preferences = vt_preferences_window_new (self, parent);

  gtk_window_present (GTK_WINDOW (preferences));
}

/* The window, made if there is none, in front. */
static VtWindow *
present_window (VtApplication *self)
{
  VtWindow *window = vt_application_ensure_window (self);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
show_task_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  VtApplication *self = user_data;
  VtWindow *window = present_window (self);
  VtTask *task = vt_task_store_lookup (self->store, g_variant_get_string (parameter, NULL));

  if (task != NULL)
    vt_window_show_task (window, task);
}

/* A task made at MiniMax (the New Video window, or `video-tasks --create` while this runs)
 * joins the list at the top, with the kind and label it was made with (no detection). */
static VtTask *
add_created (VtApplication *self,
             const char    *id,
             VtTaskKind     kind,
             const char    *label)
{
  const char *ids[2] = { id, NULL };
  VtTask *task;

  if (!vt_task_id_is_valid (id))
    return NULL;
  vt_task_store_add_ids_of_kind (self->store, ids, kind, NULL);
  task = vt_task_store_lookup (self->store, id);
  if (task != NULL && label != NULL && *label != '\0' && vt_task_get_label (task) == NULL)
    vt_task_set_label (task, label);
  return task;
}

static void
add_created_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  VtApplication *self = user_data;
  const char *id, *kind_name, *label;
  VtTaskKind kind = VT_TASK_KIND_UNKNOWN;

  g_variant_get (parameter, "(&s&s&s)", &id, &kind_name, &label);
  if (vt_task_kind_from_string (kind_name, &kind))
    add_created (self, id, kind, label);
}

/* --create's task with what it was asked, as the New Video window's tasks remember it. (The
 * action without it stays for a --create of an earlier version.) */
static void
add_created_asked_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  VtApplication *self = user_data;
  g_autoptr(GVariant) asked_dict = NULL;
  g_autoptr(VtTaskAsked) asked = NULL;
  const char *id, *kind_name, *label;
  VtTaskKind kind = VT_TASK_KIND_UNKNOWN;
  VtTask *task;

  g_variant_get (parameter, "(&s&s&s@a{sv})", &id, &kind_name, &label, &asked_dict);
  if (!vt_task_kind_from_string (kind_name, &kind) || (task = add_created (self, id, kind, label)) == NULL)
    return;
  asked = vt_task_asked_new_from_variant (asked_dict);
  if (asked != NULL && vt_task_get_asked (task) == NULL)
    vt_task_set_asked (task, asked);
}

/* The New Video window's task: in the list, at the top, selected. */
static void
video_created_cb (VtNewVideoWindow *window,
                  const char       *id,
                  int               kind,
                  const char       *label,
                  VtTaskAsked      *asked,
                  VtApplication    *self)
{
  VtTask *task = add_created (self, id, (VtTaskKind) kind, label);

  if (task == NULL)
    return;
  vt_task_set_asked (task, asked);
  vt_window_show_task (present_window (self), task);
}

typedef struct
{
  VtApplication *app;
  VtTaskKind     kind;
  VtTaskAsked   *asked;   /* Create Again: what to fill the form with; NULL: a new form */
} Opening;

static void
new_video_built_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Opening *opening = user_data;
  g_autoptr(VtNewVideoWindow) window = vt_new_video_window_new_finish (result);

  g_signal_connect_object (window, "created", G_CALLBACK (video_created_cb), opening->app, 0);
  if (opening->asked != NULL)
    vt_new_video_window_fill (window, opening->kind, opening->asked);
  gtk_window_present (GTK_WINDOW (window));
  g_object_unref (opening->app);
  g_clear_pointer (&opening->asked, vt_task_asked_unref);
  g_free (opening);
}

/* New Video, built a step at a time between the main window's frames, then shown. */
static void
open_new_video (VtApplication     *self,
                VtTaskKind         kind,
                const VtTaskAsked *asked)
{
  VtWindow *parent = present_window (self);
  VtRegion region = vt_config_region_of_host (vt_client_get_host (self->client));
  Opening *opening = g_new0 (Opening, 1);

  opening->app = g_object_ref (self);
  opening->kind = kind;
  opening->asked = asked != NULL ? vt_task_asked_ref ((VtTaskAsked *) asked) : NULL;
  vt_new_video_window_new_async (GTK_WINDOW (parent), self->client, region == VT_REGION_CHINA ? "cn" : "global",
                                 new_video_built_cb, opening);
}

static void
new_video_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  open_new_video (user_data, VT_TASK_KIND_VIDEO, NULL);
}

static void
cancelled_at_minimax_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(VtTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GApplication *app = g_application_get_default ();

  if (!vt_create_cancel_finish (result, &error))
    {
      if (VT_IS_APPLICATION (app))
        vt_window_show_toast (present_window (VT_APPLICATION (app)), error->message);
      return;
    }
  vt_task_set_status (task, VT_TASK_STATUS_CANCELLED);
}

/* An H3 task still queued is cancelled at MiniMax (its menu's Cancel at MiniMax). */
static void
cancel_at_minimax_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  VtApplication *self = user_data;
  VtTask *task = vt_task_store_lookup (self->store, g_variant_get_string (parameter, NULL));

  if (task == NULL || vt_task_get_kind (task) != VT_TASK_KIND_H3)
    return;
  vt_create_cancel_async (self->client, vt_task_get_id (task), NULL, cancelled_at_minimax_cb, g_object_ref (task));
}

/* Create Again, from a task's menu or details: New Video filled in as the task was asked. */
static void
create_again_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  VtApplication *self = user_data;
  VtTask *task = vt_task_store_lookup (self->store, g_variant_get_string (parameter, NULL));

  if (task == NULL || vt_task_get_asked (task) == NULL)
    return;
  open_new_video (self, vt_task_get_kind (task), vt_task_get_asked (task));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* Closing the windows runs their own clean-up, then the application quits. */
  for (GList *l = g_list_copy (windows); l != NULL; l = g_list_delete_link (l, l))
    gtk_window_destroy (l->data);
}

/* SIGTERM (a session ending, `kill`) and SIGINT (Ctrl+C in a terminal) end the app as Quit
 * does, and do not wait for running downloads as Quit does: the list is written first, and
 * each download stops with its part file kept (see vt_download_manager_cancel_all() in
 * shutdown). Nothing restarts it by itself (which downloads ran is not remembered): the next
 * download of the same task, in a later run, goes on from that part with a Range request. */
static gboolean
quit_signal_cb (gpointer user_data)
{
  VtApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  g_debug ("Quitting on a signal");
  if (!vt_task_store_flush (self->store, &error))
    g_message ("%s", error->message);
  quit_action (NULL, NULL, self);
  /* Running downloads hold the application: it ends now all the same. */
  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_CONTINUE;
}

/* The buttons of a notification about a video act through the window, which shows what
 * went wrong, if anything. */
static void
open_task_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  VtApplication *self = user_data;
  VtWindow *window = present_window (self);

  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.open-task", parameter);
}

/* A video is ready long before it is saved, so "Show in Folder" on a notification that says
 * so would have nothing to show: a video not saved yet is downloaded into the download
 * folder first (the row shows its progress), and shown there once saved. */
static void
show_in_folder_task_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  VtApplication *self = user_data;
  VtWindow *window = present_window (self);
  VtTask *task = vt_task_store_lookup (self->store, g_variant_get_string (parameter, NULL));

  if (task == NULL)
    return;
  if (vt_task_get_file_path (task) != NULL)
    {
      gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.show-in-folder-task",
                                          parameter);
      return;
    }
  g_object_set_data (G_OBJECT (task), "vt-show-when-saved", GINT_TO_POINTER (TRUE));
  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.download-task", parameter);
}

/* "Stop Downloads" in the notification that says they go on without a window. */
static void
cancel_downloads_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  VtApplication *self = user_data;

  vt_download_manager_cancel_all (self->downloads);
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "preferences", preferences_action },
  { "show-task", show_task_action, "s" },
  { "open-task", open_task_action, "s" },
  { "show-in-folder-task", show_in_folder_task_action, "s" },
  { "quit", quit_action },
  { "cancel-downloads", cancel_downloads_action },
  { "add-created", add_created_action, "(sss)" },
  { "add-created-asked", add_created_asked_action, "(sssa{sv})" },
  { "new-video", new_video_action },
  { "create-again", create_again_action, "s" },
  { "cancel-at-minimax", cancel_at_minimax_action, "s" },
};

/* Open and Show in Folder, for a notification about a video that can be had. */
static void
add_video_buttons (GNotification *notification,
                   VtTask        *task)
{
  /* Notifications show no mnemonics. */
  g_notification_add_button_with_target (notification, _("Open"), "app.open-task", "s",
                                         vt_task_get_id (task));
  g_notification_add_button_with_target (notification, _("Show in Folder"),
                                         "app.show-in-folder-task", "s", vt_task_get_id (task));
}

static void
task_finished_cb (VtPoller      *poller,
                  VtTask        *task,
                  VtApplication *self)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *notification_id = NULL;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *name = vt_task_get_label (task) ? vt_task_get_label (task) : vt_task_get_id (task);
  VtTaskStatus status = vt_task_get_status (task);
  gboolean success = status == VT_TASK_STATUS_SUCCESS;

  if (self->settings != NULL && !g_settings_get_boolean (self->settings, "notify-on-finish"))
    return;
  /* The user is looking at the list already. */
  if (window != NULL && gtk_window_is_active (window))
    return;

  notification = g_notification_new (success ? _("Video ready")
                                     : status == VT_TASK_STATUS_CANCELLED ? _("Video task cancelled")
                                     : _("Video task failed"));
  /* GNOME Shell reads a notification's body as markup: the label and MiniMax's words go in
   * escaped, or an "&" would lose the text and an <a href> make a link on the desktop. */
  if (success || status == VT_TASK_STATUS_CANCELLED)
    vt_notification_set_body_text (notification, name);
  else
    {
      g_autofree char *reason = vt_task_dup_reason (task);
      g_autofree char *body = g_strdup_printf ("%s — %s", name,
                                               reason != NULL ? reason : _("The task failed."));
      vt_notification_set_body_text (notification, body);
    }
  g_notification_set_default_action_and_target (notification, "app.show-task", "s",
                                                vt_task_get_id (task));
  if (success)
    add_video_buttons (notification, task);
  notification_id = g_strdup_printf ("task-%s", vt_task_get_id (task));
  g_application_send_notification (G_APPLICATION (self), notification_id, notification);
}

/* Finished videos save themselves, into the download folder, unless the setting says no. */
static void
apply_download_settings (VtApplication *self)
{
  g_autoptr(GFile) folder = vt_application_dup_download_folder (self);

  vt_auto_download_set_folder (self->auto_download, folder);
  vt_auto_download_set_enabled (self->auto_download,
                                self->settings == NULL ||
                                g_settings_get_boolean (self->settings, "download-finished"));
}

static void
apply_poll_settings (VtApplication *self)
{
  if (self->settings == NULL)
    return;

  vt_poller_set_auto_refresh (self->poller, g_settings_get_boolean (self->settings, "auto-refresh"));
  vt_poller_set_interval (self->poller, g_settings_get_uint (self->settings, "refresh-interval"));
  vt_poller_set_max_per_minute (self->poller,
                                g_settings_get_uint (self->settings, "max-requests-per-minute"));
}

static void
settings_changed_cb (GSettings     *settings,
                     const char    *key,
                     VtApplication *self)
{
  if (g_str_equal (key, "download-finished") || g_str_equal (key, "download-folder"))
    apply_download_settings (self);
  else if (g_str_equal (key, "auto-refresh") || g_str_equal (key, "refresh-interval") ||
           g_str_equal (key, "max-requests-per-minute"))
    apply_poll_settings (self);
}

static void
store_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VtApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vt_task_store_load_finish (VT_TASK_STORE (object), result, &error))
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

      g_message ("%s", error->message);
      if (VT_IS_WINDOW (window))
        vt_window_show_toast (VT_WINDOW (window), error->message);
      else
        {
          g_free (self->startup_message);
          self->startup_message = g_strdup (error->message);
        }
    }
}

/* Downloads go on when the window closes: the application stays until they are done. */
/* The last window closed, or Quit, while videos download: they go on, the application stays
 * until they are saved, and the desktop says so, with a button that stops them. */
static void
window_removed_cb (GtkApplication *app,
                   GtkWindow      *window,
                   VtApplication  *self)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;
  guint n = vt_download_manager_get_n_running (self->downloads);

  if (n == 0 || gtk_application_get_windows (app) != NULL)
    return;
  notification = g_notification_new (_("Downloads Continue"));
  body = g_strdup_printf (ngettext ("%u video is still downloading. Video Tasks quits when it is saved.",
                                    "%u videos are still downloading. Video Tasks quits when they are saved.",
                                    n),
                          n);
  vt_notification_set_body_text (notification, body);
  g_notification_add_button (notification, _("Stop Downloads"), "app.cancel-downloads");
  g_application_send_notification (G_APPLICATION (self), "downloads-continue", notification);
}

static void
downloads_changed_cb (VtApplication *self)
{
  guint n = vt_download_manager_get_n_running (self->downloads);

  if (n == 0)
    g_application_withdraw_notification (G_APPLICATION (self), "downloads-continue");

  for (; self->n_held < n; self->n_held++)
    g_application_hold (G_APPLICATION (self));
  for (; self->n_held > n; self->n_held--)
    g_application_release (G_APPLICATION (self));
}

static void
download_finished_cb (VtDownloadManager *downloads,
                      VtTask            *task,
                      GError            *error,
                      GFile             *saved,
                      VtApplication     *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *message = NULL;
  g_autofree char *name = NULL;
  gboolean show = g_object_get_data (G_OBJECT (task), "vt-show-when-saved") != NULL;
  /* Save As of a video saved earlier: the task's own file is elsewhere. */
  gboolean copy = saved != NULL && g_file_peek_path (saved) != NULL &&
                  g_strcmp0 (g_file_peek_path (saved), vt_task_get_file_path (task)) != 0;
  AdwToast *toast;

  /* Show in Folder was asked for before the video was saved: it is saved now. */
  g_object_set_data (G_OBJECT (task), "vt-show-when-saved", NULL);
  if (show && error == NULL && vt_task_get_file_path (task) != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (vt_task_get_file_path (task));

      vt_launcher_show_in_folder_async (self->launcher, window, file, NULL, NULL, NULL);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup (_("Download cancelled"));
  else if (error != NULL)
    message = g_strdup (error->message);
  else if (copy)
    {
      /* The task keeps its first file: this toast is the one place the copy is named. */
      g_autofree char *folder = g_path_get_dirname (g_file_peek_path (saved));
      g_autofree char *shown = vt_display_folder (folder);

      name = g_file_get_basename (saved);
      /* Translators: "Saved a copy as “video.mp4” in ~/Videos" */
      message = g_strdup_printf (_("Saved a copy as “%s” in %s"), name, shown);
    }
  else if (vt_task_get_file_path (task) == NULL)
    /* Saved As a name the file rule refuses ("clip", without .mp4): the file is there, but
     * the task does not keep its path, so there is nothing to name or open. */
    message = g_strdup (_("Video saved"));
  else
    {
      name = g_path_get_basename (vt_task_get_file_path (task));
      message = g_strdup_printf (_("Saved “%s”"), name);
    }

  /* The window was closed while the download went on: the desktop says it is done. */
  if (!VT_IS_WINDOW (window))
    {
      g_autoptr(GNotification) notification = NULL;
      /* The task's own: "Video saved" takes the place of "Video ready" on the desktop (one
       * notification for a video that saved itself). */
      g_autofree char *notification_id = g_strdup_printf ("task-%s", vt_task_get_id (task));

      if (error != NULL)
        notification = g_notification_new (_("Download failed"));
      else
        notification = g_notification_new (_("Video saved"));
      /* Escaped: GNOME Shell reads the body as markup (see task_finished_cb). */
      vt_notification_set_body_text (notification, name != NULL ? name : message);
      g_notification_set_default_action_and_target (notification, "app.show-task", "s",
                                                    vt_task_get_id (task));
      if (error == NULL)
        add_video_buttons (notification, task);
      g_application_send_notification (G_APPLICATION (self), notification_id, notification);
      return;
    }

  toast = vt_toast_new_text (message);
  if (name != NULL && !copy)
    {
      adw_toast_set_button_label (toast, _("_Open"));
      adw_toast_set_action_name (toast, "win.open-task");
      adw_toast_set_action_target_value (toast, g_variant_new_string (vt_task_get_id (task)));
    }
  vt_window_add_toast (VT_WINDOW (window), toast);
}

/* Until a key is known nothing could succeed: checking waits for one instead of failing
 * every task, and starts when there is one. */
static void
key_state_changed_cb (VtApplication *self)
{
  if (vt_account_get_key_state (self->account) != VT_KEY_STATE_PRESENT)
    {
      vt_poller_set_auto_refresh (self->poller, FALSE);
      return;
    }

  apply_poll_settings (self);
  if (self->settings == NULL)
    vt_poller_set_auto_refresh (self->poller, TRUE);
  vt_poller_resume (self->poller);
}

static void
vt_application_startup (GApplication *app)
{
  VtApplication *self = VT_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_video_accels[] = { "<Control>n", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  g_autoptr(GFile) default_file = NULL;

  /* The list is read in a worker thread while GTK starts: with thousands of tasks, reading
   * them takes about as long as GTK's own start. */
  if (self->tasks_file == NULL)
    default_file = vt_task_store_default_file ();
  self->store = vt_task_store_new (self->tasks_file != NULL ? self->tasks_file : default_file);
  vt_task_store_load_async (self->store, NULL, store_loaded_cb, g_object_ref (self));

  G_APPLICATION_CLASS (vt_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.new-video", new_video_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", shortcuts_accels);

  self->settings = vt_config_new_settings ();
  if (self->settings != NULL)
    g_signal_connect (self->settings, "changed", G_CALLBACK (settings_changed_cb), self);

  if (self->launcher == NULL)
    self->launcher = vt_launcher_new ();
  self->client = vt_client_new ();
  self->account = vt_account_new (self->client, self->settings);
  g_signal_connect_swapped (self->account, "notify::key-state", G_CALLBACK (key_state_changed_cb), self);
  self->poller = vt_poller_new (self->client, G_LIST_MODEL (self->store), NULL);
  /* Until a key is known nothing could succeed: wait for it instead of failing every task. */
  vt_poller_set_auto_refresh (self->poller, FALSE);
  g_signal_connect (self->poller, "task-finished", G_CALLBACK (task_finished_cb), self);
  self->downloads = vt_download_manager_new (self->client);
  g_signal_connect_swapped (self->downloads, "notify::n-running", G_CALLBACK (downloads_changed_cb), self);
  g_signal_connect (self->downloads, "finished", G_CALLBACK (download_finished_cb), self);
  g_signal_connect (self, "window-removed", G_CALLBACK (window_removed_cb), self);
  self->auto_download = vt_auto_download_new (self->poller, self->downloads);
  apply_download_settings (self);

  vt_account_reload (self->account);

  self->sigterm_source = g_unix_signal_add (SIGTERM, quit_signal_cb, self);
  self->sigint_source = g_unix_signal_add (SIGINT, quit_signal_cb, self);
}

static void
vt_application_shutdown (GApplication *app)
{
  VtApplication *self = VT_APPLICATION (app);

  g_clear_handle_id (&self->sigterm_source, g_source_remove);
  g_clear_handle_id (&self->sigint_source, g_source_remove);
  if (self->poller != NULL)
    vt_poller_shutdown (self->poller);
  if (self->downloads != NULL)
    vt_download_manager_cancel_all (self->downloads);
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_func (self->account, key_state_changed_cb, self);
  if (!vt_thumbnailer_wait_closed ())
    g_message ("Quitting with thumbnail pipelines still closing");

  /* The last changes must reach the disk before the process ends. */
  if (self->store != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!vt_task_store_flush (self->store, &error))
        g_warning ("%s", error->message);
    }

  G_APPLICATION_CLASS (vt_application_parent_class)->shutdown (app);
}

static void
vt_application_dispose (GObject *object)
{
  VtApplication *self = (VtApplication *)object;
  gpointer held[] = { self->settings, self->account, self->poller, self->downloads, self->store };

  /* What it listens to may outlive it (held by a window still closing, a test). */
  for (guint i = 0; i < G_N_ELEMENTS (held); i++)
    if (held[i] != NULL)
      g_signal_handlers_disconnect_by_data (held[i], self);
  g_clear_object (&self->auto_download);
  g_clear_object (&self->poller);
  g_clear_object (&self->downloads);
  g_clear_object (&self->account);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->launcher);
  g_clear_object (&self->tasks_file);
  g_clear_pointer (&self->startup_message, g_free);

  G_OBJECT_CLASS (vt_application_parent_class)->dispose (object);
}

static void
vt_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VtApplication *self = VT_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_TASKS_FILE:
      g_value_set_object (value, self->tasks_file);
      break;
    case PROP_LAUNCHER:
      g_value_set_object (value, self->launcher);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_application_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  VtApplication *self = VT_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_TASKS_FILE:
      self->tasks_file = g_value_dup_object (value);
      break;
    case PROP_LAUNCHER:
      self->launcher = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_application_class_init (VtApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = vt_application_dispose;
  object_class->get_property = vt_application_get_property;
  object_class->set_property = vt_application_set_property;
  vt_application_class_init_command_line (app_class);
  app_class->startup = vt_application_startup;
  app_class->shutdown = vt_application_shutdown;
  app_class->activate = vt_application_activate;

  /* Where the task list is kept; the default is in the user's data folder. */
  properties [PROP_TASKS_FILE] =
    g_param_spec_object ("tasks-file", NULL, NULL, G_TYPE_FILE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /* What opens videos and folders; the default hands them to the desktop. */
  properties [PROP_LAUNCHER] =
    g_param_spec_object ("launcher", NULL, NULL, VT_TYPE_LAUNCHER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vt_application_init (VtApplication *self)
{
  vt_application_init_command_line (self);
}

VtApplication *
vt_application_new (void)
{
  return vt_application_new_with (NULL, NULL);
}

/**
 * vt_application_new_with:
 * @tasks_file: (nullable): where the task list is kept, instead of the default
 * @launcher: (nullable): what opens videos and folders, instead of the desktop
 */
VtApplication *
vt_application_new_with (GFile      *tasks_file,
                         VtLauncher *launcher)
{
  return g_object_new (VT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_CAN_OVERRIDE_APP_ID,
                       "resource-base-path", "/io/github/videotasks/VideoTasks",
                       "tasks-file", tasks_file,
                       "launcher", launcher,
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
  return self->settings;
}

VtTaskStore *
vt_application_get_store (VtApplication *self)
{
  g_return_val_if_fail (VT_IS_APPLICATION (self), NULL);
  return self->store;
}

VtPoller *
vt_application_get_poller (VtApplication *self)
{
  g_return_val_if_fail (VT_IS_APPLICATION (self), NULL);
  return self->poller;
}

VtDownloadManager *
vt_application_get_downloads (VtApplication *self)
{
  g_return_val_if_fail (VT_IS_APPLICATION (self), NULL);
  return self->downloads;
}

VtLauncher *
vt_application_get_launcher (VtApplication *self)
{
  g_return_val_if_fail (VT_IS_APPLICATION (self), NULL);
  return self->launcher;
}

/**
 * vt_application_take_startup_message:
 *
 * Returns: (transfer full) (nullable): what went wrong before a window could say it
 */
char *
vt_application_take_startup_message (VtApplication *self)
{
  g_return_val_if_fail (VT_IS_APPLICATION (self), NULL);
  return g_steal_pointer (&self->startup_message);
}

/**
 * vt_application_dup_download_folder:
 *
 * Returns: (transfer full): the `download-folder` setting, or "Video Tasks" in the Videos
 *   folder when it is empty
 */
GFile *
vt_application_dup_download_folder (VtApplication *self)
{
  g_autofree char *setting = NULL;
  const char *videos;

  g_return_val_if_fail (VT_IS_APPLICATION (self), NULL);

  if (self->settings != NULL)
    setting = g_settings_get_string (self->settings, "download-folder");
  if (setting != NULL && *setting != '\0')
    return g_file_new_for_commandline_arg (setting);

  videos = g_get_user_special_dir (G_USER_DIRECTORY_VIDEOS);
  if (videos == NULL)
    return g_file_new_build_filename (g_get_home_dir (), "Videos", "Video Tasks", NULL);
  return g_file_new_build_filename (videos, "Video Tasks", NULL);
}

/* Returns: (transfer none): the MiniMax account: its key, host and region, and where each
 * came from */
VtAccount *
vt_application_get_account (VtApplication *self)
{
  g_return_val_if_fail (VT_IS_APPLICATION (self), NULL);
  return self->account;
}
