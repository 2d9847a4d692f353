/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-launcher"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "vt-launcher.h"

/*
 * Opening a video and showing a file in its folder, through the desktop (portal-aware:
 * inside Flatpak these go through the OpenURI portal), and asking the user a question.
 * The one place that picks GTK and libadwaita API by version.
 */

G_DEFINE_TYPE (VtLauncher, vt_launcher, G_TYPE_OBJECT)

static void
launched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean ok;

#if GTK_CHECK_VERSION (4, 10, 0)
  if (GTK_IS_URI_LAUNCHER (object))
    ok = gtk_uri_launcher_launch_finish (GTK_URI_LAUNCHER (object), result, &error);
  else
    ok = gtk_file_launcher_open_containing_folder_finish (GTK_FILE_LAUNCHER (object), result, &error);
#else
  ok = gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error);
#endif

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
open_uri (GtkWindow    *parent,
          const char   *uri,
          GCancellable *cancellable,
          GTask        *task)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (uri);

  gtk_uri_launcher_launch (launcher, parent, cancellable, launched_cb, task);
#else
  if (parent == NULL)
    {
      /* gtk_show_uri_full() reports back through a window. */
      GError *error = NULL;

      if (g_app_info_launch_default_for_uri (uri, NULL, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  gtk_show_uri_full (parent, uri, GDK_CURRENT_TIME, cancellable, launched_cb, task);
#endif
}

static void
vt_launcher_real_open_uri_async (VtLauncher          *self,
                                 GtkWindow           *parent,
                                 const char          *uri,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, vt_launcher_real_open_uri_async);
  open_uri (parent, uri, cancellable, task);
}

static gboolean
vt_launcher_real_finish (VtLauncher    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

#if !GTK_CHECK_VERSION (4, 10, 0)
static void
show_items_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GFile *folder = g_task_get_task_data (task);
  g_autofree char *folder_uri = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* No file manager that can point at a file: open the folder instead. */
  g_debug ("ShowItems failed: %s", error->message);
  folder_uri = g_file_get_uri (folder);
  open_uri (g_object_get_data (G_OBJECT (task), "vt-parent"), folder_uri,
            g_task_get_cancellable (task), g_steal_pointer (&task));
}
#endif

static void
vt_launcher_real_show_in_folder_async (VtLauncher          *self,
                                       GtkWindow           *parent,
                                       GFile               *file,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, vt_launcher_real_show_in_folder_async);

#if GTK_CHECK_VERSION (4, 10, 0)
  /* Selects the file in the file manager; in the sandbox through the OpenURI portal's
   * OpenDirectory, as FileManager1 is out of reach there. */
  {
    g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (file);
    gtk_file_launcher_open_containing_folder (launcher, parent, cancellable, launched_cb, task);
  }
#else
  /* GTK 4.8 has no GtkFileLauncher: ask the file manager over D-Bus to point at the file. */
  {
    g_autofree char *uri = g_file_get_uri (file);
    const char *uris[] = { uri, NULL };
    GApplication *app = g_application_get_default ();
    GDBusConnection *bus = app != NULL ? g_application_get_dbus_connection (app) : NULL;

    g_task_set_task_data (task, g_file_get_parent (file), g_object_unref);
    if (parent != NULL)
      g_object_set_data_full (G_OBJECT (task), "vt-parent", g_object_ref (parent), g_object_unref);

    if (bus == NULL)
      {
        g_autofree char *folder_uri = g_file_get_uri (g_task_get_task_data (task));
        open_uri (parent, folder_uri, cancellable, task);
        return;
      }

    g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                            "org.freedesktop.FileManager1", "ShowItems",
                            g_variant_new ("(^ass)", uris, ""), NULL, G_DBUS_CALL_FLAGS_NONE,
                            5000, cancellable, show_items_cb, task);
  }
#endif
}

static void
vt_launcher_class_init (VtLauncherClass *klass)
{
  klass->open_uri_async = vt_launcher_real_open_uri_async;
  klass->open_uri_finish = vt_launcher_real_finish;
  klass->show_in_folder_async = vt_launcher_real_show_in_folder_async;
  klass->show_in_folder_finish = vt_launcher_real_finish;
}

static void
vt_launcher_init (VtLauncher *self)
{
}

VtLauncher *
vt_launcher_new (void)
{
  return g_object_new (VT_TYPE_LAUNCHER, NULL);
}

void
vt_launcher_open_uri_async (VtLauncher          *self,
                            GtkWindow           *parent,
                            const char          *uri,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (VT_IS_LAUNCHER (self));
  g_return_if_fail (uri != NULL);

  VT_LAUNCHER_GET_CLASS (self)->open_uri_async (self, parent, uri, cancellable, callback, user_data);
}

gboolean
vt_launcher_open_uri_finish (VtLauncher    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (VT_IS_LAUNCHER (self), FALSE);
  return VT_LAUNCHER_GET_CLASS (self)->open_uri_finish (self, result, error);
}

void
vt_launcher_show_in_folder_async (VtLauncher          *self,
                                  GtkWindow           *parent,
                                  GFile               *file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (VT_IS_LAUNCHER (self));
  g_return_if_fail (G_IS_FILE (file));

  VT_LAUNCHER_GET_CLASS (self)->show_in_folder_async (self, parent, file, cancellable, callback,
                                                      user_data);
}

gboolean
vt_launcher_show_in_folder_finish (VtLauncher    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (VT_IS_LAUNCHER (self), FALSE);
  return VT_LAUNCHER_GET_CLASS (self)->show_in_folder_finish (self, result, error);
}

/* The user closed a chooser or cancelled: nothing to tell them. */
gboolean
vt_launcher_error_is_dismissal (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return TRUE;
#if GTK_CHECK_VERSION (4, 10, 0)
  if (g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) ||
      g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
    return TRUE;
#endif
  return FALSE;
}

typedef struct
{
  VtAnswerFunc   func;
  gpointer       user_data;
  GDestroyNotify destroy;
} Answer;

static void
answer_free (gpointer  data,
             GClosure *closure)
{
  Answer *answer = data;

  if (answer->destroy != NULL)
    answer->destroy (answer->user_data);
  g_free (answer);
}

static void
answered_cb (GObject    *dialog,
             const char *response,
             Answer     *answer)
{
  answer->func (response, answer->user_data);
}

/* A dialog over @parent with two answers and a close ("cancel"); @styled gets @appearance.
 * On libadwaita 1.5 and later this is an AdwAlertDialog: AdwMessageDialog is deprecated
 * there, and under GTK 4.18 it warns while it measures a body of more than one line. Text is
 * plain, not markup. */
static void
ask (GtkWindow              *parent,
     const char             *heading,
     const char             *body,
     GtkWidget              *extra_child,
     const char             *first,
     const char             *first_label,
     const char             *second,
     const char             *second_label,
     const char             *styled,
     AdwResponseAppearance   appearance,
     const char             *default_response,
     VtAnswerFunc            func,
     gpointer                user_data,
     GDestroyNotify          destroy)
{
  Answer *answer = g_new0 (Answer, 1);
  GObject *dialog;

  answer->func = func;
  answer->user_data = user_data;
  answer->destroy = destroy;

#if ADW_CHECK_VERSION (1, 5, 0)
  dialog = G_OBJECT (adw_alert_dialog_new (heading, body));
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), first, first_label,
                                  second, second_label, NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), styled, appearance);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), default_response);
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
  if (extra_child != NULL)
    adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (dialog), extra_child);
  g_signal_connect_data (dialog, "response", G_CALLBACK (answered_cb), answer, answer_free, 0);
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (parent));
#else
  dialog = G_OBJECT (adw_message_dialog_new (parent, heading, body));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), first, first_label,
                                    second, second_label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), styled, appearance);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), default_response);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  if (extra_child != NULL)
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), extra_child);
  g_signal_connect_data (dialog, "response", G_CALLBACK (answered_cb), answer, answer_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
#endif
}

/**
 * vt_ask:
 * @extra_child: (nullable): shown under the body (an entry, say)
 * @response: the one answer besides Cancel; the suggested, default one
 *
 * Asks a question in a dialog over @parent; @func gets "cancel" or @response.
 */
void
vt_ask (GtkWindow      *parent,
        const char     *heading,
        const char     *body,
        GtkWidget      *extra_child,
        const char     *response,
        const char     *response_label,
        VtAnswerFunc    func,
        gpointer        user_data,
        GDestroyNotify  destroy)
{
  ask (parent, heading, body, extra_child, "cancel", _("_Cancel"), response, response_label,
       response, ADW_RESPONSE_SUGGESTED, response, func, user_data, destroy);
}

/**
 * vt_ask_choice:
 * @safe: the answer that loses nothing; the default one
 * @destructive: the answer that throws something away, styled as such
 *
 * Asks a question with two answers besides closing; @func gets "cancel" (the dialog was
 * closed), @safe or @destructive.
 */
void
vt_ask_choice (GtkWindow      *parent,
               const char     *heading,
               const char     *body,
               const char     *safe,
               const char     *safe_label,
               const char     *destructive,
               const char     *destructive_label,
               VtAnswerFunc    func,
               gpointer        user_data,
               GDestroyNotify  destroy)
{
  ask (parent, heading, body, NULL, safe, safe_label, destructive, destructive_label,
       destructive, ADW_RESPONSE_DESTRUCTIVE, safe, func, user_data, destroy);
}

static void
chooser_folder_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GtkFileChooserNative) chooser = user_data;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, NULL);

  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), G_FILE (object), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * vt_file_chooser_show_in:
 *
 * Shows @chooser in @folder when that folder is there (a chooser sent to a missing one
 * shows an error instead of a folder), looked at off the main thread.
 */
void
vt_file_chooser_show_in (GtkFileChooserNative *chooser,
                         GFile                *folder)
{
  g_return_if_fail (GTK_IS_FILE_CHOOSER_NATIVE (chooser));
  g_return_if_fail (G_IS_FILE (folder));

  g_file_query_info_async (folder, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, NULL, chooser_folder_cb, g_object_ref (chooser));
}

/* A message with a single Close button: something the user has to know, with nothing to
 * decide. */
void
vt_tell (GtkWindow  *parent,
         const char *heading,
         const char *body)
{
  GObject *dialog;

#if ADW_CHECK_VERSION (1, 5, 0)
  dialog = G_OBJECT (adw_alert_dialog_new (heading, body));
  adw_alert_dialog_add_response (ADW_ALERT_DIALOG (dialog), "close", _("_Close"));
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (parent));
#else
  dialog = G_OBJECT (adw_message_dialog_new (parent, heading, body));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
#endif
}
