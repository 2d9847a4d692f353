/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-tooltip"

#include "config.h"

#include "vt-tooltip.h"

/*
 * Tooltips that cost nothing to set.
 *
 * gtk_widget_set_tooltip_text() on a shown widget asks where the pointer is, to update a
 * tooltip that may be on screen: on X11 that is three round trips to the server. The window
 * sets its tooltips before its first frame and every row sets its own each time it is made
 * or shows another task, so with a list those waits added up on the way to the first frame. Here the text stays on the
 * widget and is handed to GTK when it wants a tooltip (::query-tooltip); the screen-reader
 * description is the same text, as GTK's own tooltips make it.
 */

static GQuark
tooltip_quark (void)
{
  return g_quark_from_static_string ("vt-tooltip");
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = vt_tooltip_get (widget);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/**
 * vt_tooltip_set:
 * @text: (nullable): the tooltip; %NULL or "" for none
 *
 * Sets @widget's tooltip text, as gtk_widget_set_tooltip_text() does, without a round trip
 * to the display server. A tooltip on screen shows the new text when next shown.
 */
void
vt_tooltip_set (GtkWidget  *widget,
                const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (text, vt_tooltip_get (widget)) == 0)
    return;

  if (g_signal_handler_find (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, query_tooltip_cb, NULL) == 0)
    g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  g_object_set_qdata_full (G_OBJECT (widget), tooltip_quark (), g_strdup (text), g_free);
  gtk_widget_set_has_tooltip (widget, text != NULL);
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/**
 * vt_tooltip_get:
 *
 * Returns: (nullable): the text vt_tooltip_set() gave @widget
 */
const char *
vt_tooltip_get (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return g_object_get_qdata (G_OBJECT (widget), tooltip_quark ());
}
