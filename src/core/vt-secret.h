/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The API key of each API host, kept in the user's keyring and nowhere else. */

void      vt_secret_store_async  (const char           *host,
                                  const char           *api_key,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
gboolean  vt_secret_store_finish (GAsyncResult         *result,
                                  GError              **error);
void      vt_secret_lookup_async (const char           *host,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
char     *vt_secret_lookup_finish (GAsyncResult        *result,
                                   GError             **error);
void      vt_secret_clear_async  (const char           *host,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
gboolean  vt_secret_clear_finish (GAsyncResult         *result,
                                  GError              **error);
void      vt_secret_free         (char                 *api_key);



G_END_DECLS
