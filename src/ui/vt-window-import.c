/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-text.h"
#include "vt-window-private.h"

/* Import Recent Tasks: the way into the app that needs no pasting. MiniMax lists only H3
 * tasks of the last 7 days; the dialog says so before anything is asked. */

/* "Asking MiniMax…" stays until the answer, which then shows at once. */
static void
dismiss_asking (VtWindow *self)
{
  AdwToast *asking = g_object_steal_data (G_OBJECT (self), "vt-import-toast");

  if (asking != NULL)
    {
      adw_toast_dismiss (asking);
      g_object_unref (asking);
    }
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VtWindow) self = user_data;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-recent", TRUE);
  dismiss_asking (self);
  ids = vt_poller_list_recent_finish (VT_POLLER (object), result, &error);
  if (ids == NULL)
    {
      AdwToast *toast = vt_toast_new_text (error->message);

      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }

  if (ids->len == 0)
    {
      vt_window_show_toast (self, _("MiniMax lists no H3 tasks of the last 7 days"));
      return;
    }

  g_ptr_array_add (ids, NULL);
  /* Says how many were added and how many were listed already. */
  vt_window_add_ids (self, (const char * const *) ids->pdata, VT_TASK_KIND_H3, NULL);
}

static void
answered_cb (const char *response,
             gpointer    user_data)
{
  VtWindow *self = user_data;
  AdwToast *asking;

  if (!g_str_equal (response, "import"))
    return;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-recent", FALSE);
  /* It can take a while: a request a gap, under the rate cap. */
  asking = vt_toast_new_text (_("Asking MiniMax for recent tasks…"));
  adw_toast_set_timeout (asking, 0);
  g_object_set_data (G_OBJECT (self), "vt-import-toast", g_object_ref (asking));
  adw_toast_overlay_add_toast (self->toast_overlay, asking);
  vt_poller_list_recent_async (self->poller, NULL, listed_cb, g_object_ref (self));
}

static void
import_recent_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  vt_ask (GTK_WINDOW (widget), _("Import Recent Tasks"),
          _("MiniMax lists only MiniMax-H3 tasks, and only those of the last 7 days. Video Agent "
            "and Hailuo tasks are added by pasting their IDs."),
          NULL, "import", _("_Import"), answered_cb, g_object_ref (widget), g_object_unref);
}

void
vt_window_class_init_import (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import-recent", NULL, import_recent_action);
}
