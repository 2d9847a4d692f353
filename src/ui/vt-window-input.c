/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-task-ids.h"
#include "vt-window-private.h"

/* Adding tasks: typed into the entry, pasted with Ctrl+V, or dropped on the window. */

static void
show_add_error (VtWindow   *self,
                const char *message)
{
  gtk_label_set_label (self->add_error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->add_error), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->task_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->task_entry), "error");
}

/**
 * vt_window_add_text:
 * @text: typed, pasted or dropped text with task IDs in it
 *
 * Returns: %FALSE, with an error that says why, when @text holds no task ID
 */
gboolean
vt_window_add_text (VtWindow    *self,
                    const char  *text,
                    GError     **error)
{
  g_auto(GStrv) ids = NULL;

  g_return_val_if_fail (VT_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  ids = vt_task_ids_extract (text, error);
  if (ids == NULL)
    return FALSE;

  vt_window_add_ids (self, (const char * const *) ids, VT_TASK_KIND_UNKNOWN, NULL);
  return TRUE;
}

/**
 * vt_window_add_ids:
 * @ids: valid task IDs (see vt_task_id_is_valid())
 * @kind: what they are, or %VT_TASK_KIND_UNKNOWN to find out when they are checked
 * @n_existing: (out) (optional): how many of them were listed already
 *
 * Adds the tasks, shows them, and says so in a toast.
 *
 * Returns: how many were added
 */
guint
vt_window_add_ids (VtWindow           *self,
                   const char * const *ids,
                   VtTaskKind          kind,
                   guint              *n_existing)
{
  g_autoptr(GPtrArray) existing = NULL;
  g_autofree char *message = NULL;
  guint added;

  g_return_val_if_fail (VT_IS_WINDOW (self), 0);
  g_return_val_if_fail (ids != NULL, 0);

  added = vt_task_store_add_ids_of_kind (self->store, ids, kind, &existing);
  if (n_existing != NULL)
    *n_existing = existing->len;

  if (added > 0)
    {
      g_autoptr(VtTask) first = g_list_model_get_item (G_LIST_MODEL (self->store), 0);

      if (existing->len > 0)
        message = g_strdup_printf (ngettext ("Added %u task; %u already listed",
                                             "Added %u tasks; %u already listed", added),
                                   added, existing->len);
      else if (added > 1)
        message = g_strdup_printf (ngettext ("Added %u task", "Added %u tasks", added), added);
      vt_window_reveal_task (self, first, FALSE);
    }
  else
    {
      message = g_strdup (existing->len == 1 ? _("This task is already in the list")
                                             : _("These tasks are already in the list"));
      vt_window_show_task (self, g_ptr_array_index (existing, 0));
    }

  if (message != NULL)
    vt_window_show_toast (self, message);

  return added;
}

typedef struct
{
  VtWindow *window;
  char     *text;
} Paste;

static void
extracted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Paste *paste = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = vt_task_ids_extract_finish (result, &error);

  if (ids != NULL)
    vt_window_add_ids (paste->window, (const char * const *) ids, VT_TASK_KIND_UNKNOWN, NULL);
  else
    {
      /* Text that held no task ID goes into the entry, for the user to fix, with the
       * reason. */
      gtk_editable_set_text (GTK_EDITABLE (paste->window->task_entry), paste->text);
      show_add_error (paste->window, error->message);
    }

  g_object_unref (paste->window);
  g_free (paste->text);
  g_free (paste);
}

/* Pasted or dropped text can be up to 4 MiB: its IDs are found in a worker thread. */
static void
add_or_explain (VtWindow   *self,
                const char *text)
{
  Paste *paste = g_new0 (Paste, 1);

  paste->window = g_object_ref (self);
  paste->text = g_strdup (text);
  vt_task_ids_extract_async (text, NULL, extracted_cb, paste);
}

static void
add_clicked_cb (VtWindow *self)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->task_entry));

  /* On a mistake the text stays for the user to correct. */
  if (!vt_window_add_text (self, text, &error))
    {
      show_add_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->task_entry));
      return;
    }

  show_add_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->task_entry), "");
}

static void
entry_changed_cb (VtWindow *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->add_error)))
    show_add_error (self, NULL);
}

static void
paste_text_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VtWindow) self = user_data;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);

  if (text != NULL)
    add_or_explain (self, text);
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, paste_text_cb,
                                 g_object_ref (widget));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         VtWindow      *self)
{
  if (!G_VALUE_HOLDS_STRING (value) || g_value_get_string (value) == NULL)
    return FALSE;

  add_or_explain (self, g_value_get_string (value));
  return TRUE;
}

void
vt_window_init_input (VtWindow *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY);

  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

void
vt_window_class_init_input (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.paste", NULL, paste_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "win.paste", NULL);
}
