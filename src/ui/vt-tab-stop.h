/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VT_TYPE_TAB_STOP (vt_tab_stop_get_type ())

G_DECLARE_FINAL_TYPE (VtTabStop, vt_tab_stop, VT, TAB_STOP, GtkWidget)

/* The widget inside @stop that Tab gives the focus to, or %NULL for the first that takes it. */
typedef GtkWidget *(*VtTabStopEntryFunc) (VtTabStop *stop,
                                          gpointer   user_data);

void vt_tab_stop_set_entry_func (VtTabStop          *self,
                                 VtTabStopEntryFunc  func,
                                 gpointer            user_data);

G_END_DECLS
