/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-application.h"

G_BEGIN_DECLS

#define VT_TYPE_PREFERENCES_WINDOW (vt_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (VtPreferencesWindow, vt_preferences_window, VT, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

VtPreferencesWindow *vt_preferences_window_new (VtApplication *application,
                                                GtkWindow     *parent);

G_END_DECLS
