/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-launcher"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-launcher.h"

/*
 * Opening a video and showing a file in its folder, through the desktop (portal-aware:
 * inside Flatpak these go through the OpenURI portal). The one place that picks GTK API by
 * version. VT_TEST_LAUNCH_LOG, for tests only, appends what would be launched to a file
 * instead of launching it.
 */

static gboolean
log_for_tests (const char *verb,
               const char *uri)
{
  const char *path = g_getenv ("VT_TEST_LAUNCH_LOG");
  g_autofree char *line = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;

  if (path == NULL || *path == '\0')
    return FALSE;

  file = g_file_new_for_path (path);
  stream = g_file_append_to (file, G_FILE_CREATE_NONE, NULL, NULL);
  line = g_strdup_printf ("%s %s\n", verb, uri);
  if (stream != NULL)
    g_output_stream_write_all (G_OUTPUT_STREAM (stream), line, strlen (line), NULL, NULL, NULL);
  return TRUE;
}

void
vt_launcher_open_uri (GtkWindow  *parent,
                      const char *uri)
{
  g_return_if_fail (uri != NULL);

  if (log_for_tests ("open", uri))
    return;

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (uri);
    gtk_uri_launcher_launch (launcher, parent, NULL, NULL, NULL);
  }
#else
  gtk_show_uri (parent, uri, GDK_CURRENT_TIME);
#endif
}

#if !GTK_CHECK_VERSION (4, 10, 0)
typedef struct
{
  GtkWindow *parent;
  char      *folder_uri;
} ShowData;

static void
show_items_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ShowData *data = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      /* No file manager that can point at a file: open the folder instead. */
      g_debug ("ShowItems failed: %s", error->message);
      vt_launcher_open_uri (data->parent, data->folder_uri);
    }

  g_clear_object (&data->parent);
  g_free (data->folder_uri);
  g_free (data);
}

/* GTK 4.8 has no GtkFileLauncher: ask the file manager over D-Bus to point at the file. */
static void
show_with_file_manager (GtkWindow  *parent,
                        GFile      *file,
                        const char *uri)
{
  g_autoptr(GFile) folder = g_file_get_parent (file);
  const char *uris[] = { uri, NULL };
  GDBusConnection *bus;
  ShowData *data;

  data = g_new0 (ShowData, 1);
  data->parent = parent != NULL ? g_object_ref (parent) : NULL;
  data->folder_uri = g_file_get_uri (folder);

  bus = g_application_get_dbus_connection (g_application_get_default ());
  if (bus == NULL)
    {
      vt_launcher_open_uri (parent, data->folder_uri);
      g_free (data->folder_uri);
      g_clear_object (&data->parent);
      g_free (data);
      return;
    }

  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL, G_DBUS_CALL_FLAGS_NONE,
                          5000, NULL, show_items_cb, data);
}
#endif

void
vt_launcher_show_in_folder (GtkWindow *parent,
                            GFile     *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  if (log_for_tests ("show", uri))
    return;

#if GTK_CHECK_VERSION (4, 10, 0)
  /* Selects the file in the file manager; in the sandbox through the OpenURI portal's
   * OpenDirectory, as FileManager1 is out of reach there. */
  {
    g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (file);
    gtk_file_launcher_open_containing_folder (launcher, parent, NULL, NULL, NULL);
  }
#else
  show_with_file_manager (parent, file, uri);
#endif
}
