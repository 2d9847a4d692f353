/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-downloads-button"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-downloads-button.h"
#include "vt-text.h"

/*
 * The header bar's downloads indicator, as GNOME Web's and Files' are: shown while videos
 * download, with their overall progress under its icon; its popover lists each, with its
 * progress and a button that cancels it. It reads the download manager it is given, a few
 * times a second while something downloads, and nothing at all otherwise.
 */

#define REFRESH_MS 500

struct _VtDownloadsButton
{
  GtkWidget          parent_instance;

  VtDownloadManager *downloads;
  GtkMenuButton     *button;
  GtkProgressBar    *overall;
  GtkLabel          *count;        /* how many, when more than one */
  GtkBox            *list;
  GPtrArray         *shown;        /* VtTask, as listed */
  guint              refresh_source;
};

G_DEFINE_FINAL_TYPE (VtDownloadsButton, vt_downloads_button, GTK_TYPE_WIDGET)

static char *
task_name (VtTask *task)
{
  return g_strdup (vt_task_get_label (task) != NULL ? vt_task_get_label (task) : vt_task_get_id (task));
}

/* "12.0 MB of 60.0 MB", "12.0 MB", or "Starting…" before the first byte. */
static char *
progress_text (VtDownload *download)
{
  g_autofree char *received = NULL;
  g_autofree char *total = NULL;

  if (download == NULL || vt_download_get_received (download) == 0)
    return g_strdup (C_("download", "Starting…"));
  received = g_format_size (vt_download_get_received (download));
  if (vt_download_get_total (download) == 0)
    return g_steal_pointer (&received);
  total = g_format_size (vt_download_get_total (download));
  /* Translators: "12.0 MB of 60.0 MB" */
  return g_strdup_printf (_("%s of %s"), received, total);
}

static GtkWidget *
make_entry (VtDownloadsButton *self,
            VtTask            *task)
{
  GtkWidget *entry = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  g_autofree char *name = task_name (task);
  GtkWidget *title = gtk_label_new (name);
  GtkWidget *bar = gtk_progress_bar_new ();
  GtkWidget *status = gtk_label_new (NULL);
  GtkWidget *cancel = gtk_button_new_from_icon_name ("process-stop-symbolic");

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 30);
  gtk_label_set_xalign (GTK_LABEL (status), 0);
  gtk_widget_add_css_class (status, "dim-label");
  gtk_widget_add_css_class (status, "caption");
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), bar);
  gtk_box_append (GTK_BOX (text), status);
  gtk_widget_set_hexpand (text, TRUE);

  gtk_widget_set_valign (cancel, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (cancel, "flat");
  gtk_widget_add_css_class (cancel, "circular");
  gtk_widget_set_tooltip_text (cancel, _("Cancel Download"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (cancel), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Cancel Download"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "win.cancel-download-task");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (cancel), "s", vt_task_get_id (task));

  gtk_box_append (GTK_BOX (entry), text);
  gtk_box_append (GTK_BOX (entry), cancel);
  g_object_set_data (G_OBJECT (entry), "vt-bar", bar);
  g_object_set_data (G_OBJECT (entry), "vt-status", status);
  return entry;
}

/* An entry as its download is now: its bar and its words. */
static void
update_entry (VtDownloadsButton *self,
              GtkWidget         *entry,
              VtTask            *task)
{
  VtDownload *download = vt_download_manager_lookup (self->downloads, task);
  g_autofree char *detail = progress_text (download);

  if (download != NULL && vt_download_get_total (download) > 0)
    gtk_progress_bar_set_fraction (g_object_get_data (G_OBJECT (entry), "vt-bar"),
                                   (double) vt_download_get_received (download) /
                                   vt_download_get_total (download));
  gtk_label_set_text (g_object_get_data (G_OBJECT (entry), "vt-status"), detail);
}

static gboolean
same_tasks (GPtrArray *a,
            GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!g_ptr_array_find (b, a->pdata[i], NULL))
      return FALSE;
  return TRUE;
}

/* The list in the popover, the overall progress and the tooltip, as they are now. */
static void
refresh (VtDownloadsButton *self)
{
  g_autoptr(GPtrArray) tasks = vt_download_manager_dup_tasks (self->downloads);
  g_autofree char *tooltip = NULL;
  guint64 received = 0;
  guint64 total = 0;
  GtkWidget *child;

  gtk_widget_set_visible (GTK_WIDGET (self), tasks->len > 0);
  /* The same downloads: their entries are brought up to date, not made again (a pointer on
   * a cancel button stays on it). */
  if (!same_tasks (tasks, self->shown))
    {
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
        gtk_box_remove (self->list, child);
      g_ptr_array_set_size (self->shown, 0);
      for (guint i = 0; i < tasks->len; i++)
        {
          gtk_box_append (self->list, make_entry (self, tasks->pdata[i]));
          g_ptr_array_add (self->shown, g_object_ref (tasks->pdata[i]));
        }
    }
  child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
  for (guint i = 0; i < self->shown->len; i++, child = gtk_widget_get_next_sibling (child))
    {
      VtDownload *download = vt_download_manager_lookup (self->downloads, self->shown->pdata[i]);

      update_entry (self, child, self->shown->pdata[i]);
      if (download != NULL && vt_download_get_total (download) > 0)
        {
          received += vt_download_get_received (download);
          total += vt_download_get_total (download);
        }
    }

  gtk_progress_bar_set_fraction (self->overall, total > 0 ? (double) received / total : 0);
  {
    g_autofree char *n = g_strdup_printf ("%u", tasks->len);

    gtk_label_set_text (self->count, n);
    gtk_widget_set_visible (GTK_WIDGET (self->count), tasks->len > 1);
  }
  if (total > 0)
    /* Translators: the downloads button's tooltip: "2 videos downloading, 45 %" */
    tooltip = g_strdup_printf (ngettext ("%u video downloading, %d %%", "%u videos downloading, %d %%",
                                         tasks->len),
                               tasks->len, (int) (100 * received / total));
  else
    tooltip = g_strdup_printf (ngettext ("%u video downloading", "%u videos downloading", tasks->len),
                               tasks->len);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
}

static gboolean
refresh_cb (gpointer user_data)
{
  refresh (user_data);
  return G_SOURCE_CONTINUE;
}

/* Read again now, and a few times a second while anything downloads. */
static void
downloads_changed_cb (VtDownloadsButton *self)
{
  gboolean running = vt_download_manager_get_n_running (self->downloads) > 0;

  refresh (self);
  if (running && self->refresh_source == 0)
    self->refresh_source = g_timeout_add (REFRESH_MS, refresh_cb, self);
  else if (!running)
    {
      g_clear_handle_id (&self->refresh_source, g_source_remove);
      gtk_menu_button_popdown (self->button);
    }
}

static void
vt_downloads_button_dispose (GObject *object)
{
  VtDownloadsButton *self = VT_DOWNLOADS_BUTTON (object);
  GtkWidget *child;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->downloads != NULL)
    g_signal_handlers_disconnect_by_data (self->downloads, self);
  g_clear_object (&self->downloads);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (vt_downloads_button_parent_class)->dispose (object);
}

static void
vt_downloads_button_class_init (VtDownloadsButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_downloads_button_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vt_downloads_button_init (VtDownloadsButton *self)
{
  GtkWidget *face = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();

  self->shown = g_ptr_array_new_with_free_func (g_object_unref);
  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Downloads"), -1);

  /* The icon and how many, and the overall progress in a thin bar under them. */
  {
    GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

    gtk_box_append (GTK_BOX (top), gtk_image_new_from_icon_name ("folder-download-symbolic"));
    self->count = GTK_LABEL (gtk_label_new (NULL));
    gtk_widget_add_css_class (GTK_WIDGET (self->count), "numeric");
    gtk_widget_add_css_class (GTK_WIDGET (self->count), "caption-heading");
    gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->count));
    gtk_widget_set_halign (top, GTK_ALIGN_CENTER);
    gtk_box_append (GTK_BOX (face), top);
  }
  self->overall = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->overall), "osd");
  gtk_widget_add_css_class (GTK_WIDGET (self->overall), "vt-downloads-progress");
  gtk_box_append (GTK_BOX (face), GTK_WIDGET (self->overall));
  gtk_widget_set_valign (face, GTK_ALIGN_CENTER);
  gtk_menu_button_set_child (self->button, face);

  self->list = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 12));
  gtk_widget_set_margin_top (GTK_WIDGET (self->list), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self->list), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->list), 6);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_widget_set_size_request (scroller, 280, -1);
  gtk_popover_set_child (GTK_POPOVER (popover), scroller);
  gtk_menu_button_set_popover (self->button, popover);

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * vt_downloads_button_new:
 * @downloads: the downloads it shows
 */
GtkWidget *
vt_downloads_button_new (VtDownloadManager *downloads)
{
  VtDownloadsButton *self;

  g_return_val_if_fail (VT_IS_DOWNLOAD_MANAGER (downloads), NULL);

  self = g_object_new (VT_TYPE_DOWNLOADS_BUTTON, NULL);
  self->downloads = g_object_ref (downloads);
  g_signal_connect_swapped (downloads, "notify::n-running", G_CALLBACK (downloads_changed_cb), self);
  g_signal_connect_swapped (downloads, "changed", G_CALLBACK (downloads_changed_cb), self);
  downloads_changed_cb (self);
  return GTK_WIDGET (self);
}

/* Returns: (transfer none): the button that opens the list (for tests) */
GtkMenuButton *
vt_downloads_button_get_menu_button (VtDownloadsButton *self)
{
  g_return_val_if_fail (VT_IS_DOWNLOADS_BUTTON (self), NULL);
  return self->button;
}
