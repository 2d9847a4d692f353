/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VT_TYPE_LAUNCHER (vt_launcher_get_type ())

G_DECLARE_DERIVABLE_TYPE (VtLauncher, vt_launcher, VT, LAUNCHER, GObject)

/* Hands videos and folders to the desktop. Tests bring a subclass that records instead. */
struct _VtLauncherClass
{
  GObjectClass parent_class;

  void     (*open_uri_async)        (VtLauncher           *self,
                                     GtkWindow            *parent,
                                     const char           *uri,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
  gboolean (*open_uri_finish)       (VtLauncher           *self,
                                     GAsyncResult         *result,
                                     GError              **error);
  void     (*show_in_folder_async)  (VtLauncher           *self,
                                     GtkWindow            *parent,
                                     GFile                *file,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
  gboolean (*show_in_folder_finish) (VtLauncher           *self,
                                     GAsyncResult         *result,
                                     GError              **error);
};

VtLauncher *vt_launcher_new                   (void);
void        vt_launcher_open_uri_async        (VtLauncher           *self,
                                               GtkWindow            *parent,
                                               const char           *uri,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean    vt_launcher_open_uri_finish       (VtLauncher           *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void        vt_launcher_show_in_folder_async  (VtLauncher           *self,
                                               GtkWindow            *parent,
                                               GFile                *file,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean    vt_launcher_show_in_folder_finish (VtLauncher           *self,
                                               GAsyncResult         *result,
                                               GError              **error);
gboolean    vt_launcher_error_is_dismissal    (const GError         *error);

typedef void (*VtAnswerFunc) (const char *response,
                              gpointer    user_data);

void        vt_ask                            (GtkWindow            *parent,
                                               const char           *heading,
                                               const char           *body,
                                               GtkWidget            *extra_child,
                                               const char           *response,
                                               const char           *response_label,
                                               VtAnswerFunc          func,
                                               gpointer              user_data,
                                               GDestroyNotify        destroy);
void        vt_ask_choice                     (GtkWindow            *parent,
                                               const char           *heading,
                                               const char           *body,
                                               const char           *safe,
                                               const char           *safe_label,
                                               const char           *destructive,
                                               const char           *destructive_label,
                                               VtAnswerFunc          func,
                                               gpointer              user_data,
                                               GDestroyNotify        destroy);
void        vt_tell                           (GtkWindow            *parent,
                                               const char           *heading,
                                               const char           *body);
void        vt_file_chooser_show_in           (GtkFileChooserNative *chooser,
                                               GFile                *folder);

G_END_DECLS
