/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "vt-recording-launcher.h"

struct _VtRecordingLauncher
{
  VtLauncher  parent_instance;

  GPtrArray  *launched;
  gboolean    failing;
};

G_DEFINE_FINAL_TYPE (VtRecordingLauncher, vt_recording_launcher, VT_TYPE_LAUNCHER)

static void
record (VtRecordingLauncher *self,
        const char          *verb,
        const char          *uri,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_ptr_array_add (self->launched, g_strdup_printf ("%s %s", verb, uri));
  if (self->failing)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "No application for %s", uri);
  else
    g_task_return_boolean (task, TRUE);
}

static void
recording_open_uri_async (VtLauncher          *launcher,
                          GtkWindow           *parent,
                          const char          *uri,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  record (VT_RECORDING_LAUNCHER (launcher), "open", uri, callback, user_data);
}

static void
recording_show_in_folder_async (VtLauncher          *launcher,
                                GtkWindow           *parent,
                                GFile               *file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *uri = g_file_get_uri (file);

  record (VT_RECORDING_LAUNCHER (launcher), "show", uri, callback, user_data);
}

static gboolean
recording_finish (VtLauncher    *launcher,
                  GAsyncResult  *result,
                  GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
vt_recording_launcher_finalize (GObject *object)
{
  VtRecordingLauncher *self = VT_RECORDING_LAUNCHER (object);

  g_clear_pointer (&self->launched, g_ptr_array_unref);

  G_OBJECT_CLASS (vt_recording_launcher_parent_class)->finalize (object);
}

static void
vt_recording_launcher_class_init (VtRecordingLauncherClass *klass)
{
  VtLauncherClass *launcher_class = VT_LAUNCHER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = vt_recording_launcher_finalize;
  launcher_class->open_uri_async = recording_open_uri_async;
  launcher_class->open_uri_finish = recording_finish;
  launcher_class->show_in_folder_async = recording_show_in_folder_async;
  launcher_class->show_in_folder_finish = recording_finish;
}

static void
vt_recording_launcher_init (VtRecordingLauncher *self)
{
  self->launched = g_ptr_array_new_with_free_func (g_free);
}

VtRecordingLauncher *
vt_recording_launcher_new (void)
{
  return g_object_new (VT_TYPE_RECORDING_LAUNCHER, NULL);
}

/**
 * vt_recording_launcher_get_launched:
 *
 * Returns: (transfer none) (element-type utf8): "open URI" and "show URI", in order
 */
GPtrArray *
vt_recording_launcher_get_launched (VtRecordingLauncher *self)
{
  return self->launched;
}

void
vt_recording_launcher_set_failing (VtRecordingLauncher *self,
                                   gboolean             failing)
{
  self->failing = failing;
}
