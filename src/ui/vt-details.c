/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-details"

/* One task seen whole: its video playing in the app, where it stands and what happened to
 * it, where its file and link are, and what can be done with it. Beside the list where the
 * window is wide, a page over it where it is not (VtSplit decides). It is given the task to
 * show and the saved files' answers; its buttons are the task actions of the window it is
 * in (win.*-task, with the task's ID), as the rows' are. */

#include "config.h"

#include <glib/gi18n.h>

#include "vt-api.h"
#include "vt-details.h"
#include "vt-display.h"
#include "vt-task-asked.h"
#include "vt-text.h"

struct _VtDetails
{
  AdwBin          parent_instance;

  VtSavedFiles   *saved_files;
  VtTask         *task;
  gboolean        shown;

  AdwHeaderBar   *header_bar;
  AdwWindowTitle *title;
  GtkStack       *stack;
  GtkScrolledWindow *scroller;
  VtPreview      *preview;
  GtkWidget      *preview_frame;
  AdwActionRow   *status_row;
  GtkImage       *status_icon;
  AdwActionRow   *kind_row;
  AdwActionRow   *id_row;
  AdwActionRow   *added_row;
  AdwActionRow   *created_row;
  AdwActionRow   *checked_row;
  AdwActionRow   *file_row;
  AdwActionRow   *link_row;
  AdwActionRow   *prompt_row;
  AdwActionRow   *model_row;
  AdwActionRow   *settings_row;
  AdwActionRow   *template_row;
  AdwActionRow   *images_row;
  GtkWidget      *actions[7];
};

G_DEFINE_FINAL_TYPE (VtDetails, vt_details, ADW_TYPE_BIN)

static void ensure_task_page (VtDetails *self);

/* The window's task actions offered here, in this order. */
static const struct
{
  const char *label;
  const char *icon_name;
  const char *action_name;
} task_actions[] = {
  { N_("Open in Player"), "external-link-symbolic", "win.open-task" },
  { N_("Save As…"), "document-save-as-symbolic", "win.save-as-task" },
  { N_("Show in Folder"), "folder-open-symbolic", "win.show-in-folder-task" },
  { N_("Copy Link"), "edit-copy-symbolic", "win.copy-link-task" },
  { N_("Copy Task ID"), "edit-copy-symbolic", "win.copy-id-task" },
  /* The application's: New Video is a window of its own. */
  { N_("Create Again…"), "view-refresh-symbolic", "app.create-again" },
  { N_("Remove"), "user-trash-symbolic", "win.remove-task" },
};
G_STATIC_ASSERT (G_N_ELEMENTS (task_actions) == G_N_ELEMENTS (((VtDetails *) NULL)->actions));

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return NULL;
  local = g_date_time_to_local (time);
  /* TRANSLATORS: a date and time in the details of a task; see g_date_time_format() */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

static void
set_time_row (AdwActionRow *row,
              GDateTime    *time)
{
  g_autofree char *text = format_time (time);

  vt_row_set_subtitle_text (row, text);
  gtk_widget_set_visible (GTK_WIDGET (row), text != NULL);
}

/* The saved file when it is there, else the link, else nothing to play. */
static GFile *
playable_source (VtDetails *self)
{
  const char *path = vt_task_get_file_path (self->task);
  const char *url = vt_task_get_video_url (self->task);

  if (path != NULL && vt_saved_files_lookup (self->saved_files, path, NULL))
    return g_file_new_for_path (path);
  if (vt_task_get_status (self->task) == VT_TASK_STATUS_SUCCESS && url != NULL && vt_api_link_is_safe (url))
    return g_file_new_for_uri (url);
  return NULL;
}

static void
update_preview (VtDetails *self)
{
  g_autoptr(GFile) source = NULL;

  if (self->preview == NULL)
    return;
  if (self->task != NULL)
    source = playable_source (self);

  gtk_widget_set_visible (self->preview_frame, source != NULL);
  /* Only details someone can see hold a pipeline. */
  vt_preview_set_source (self->preview, self->shown ? source : NULL, "win.open-task",
                         self->task != NULL ? g_variant_new_string (vt_task_get_id (self->task)) : NULL);
}

/* What a task made here was asked, row by row; a row with nothing to say is hidden. */
static void
show_row (AdwActionRow *row,
          const char   *text)
{
  gtk_widget_set_visible (GTK_WIDGET (row), text != NULL && *text != '\0');
  vt_row_set_subtitle_text (row, text);
}

static void
update_asked (VtDetails *self)
{
  const VtTaskAsked *asked = vt_task_get_asked (self->task);
  g_autoptr(GString) model = g_string_new (NULL);
  g_autoptr(GString) settings = g_string_new (NULL);
  g_autofree char *images = NULL;
  const VtCreateTemplate *template;
  const char *template_name = NULL;

  if (asked == NULL)
    {
      show_row (self->prompt_row, NULL);
      show_row (self->model_row, NULL);
      show_row (self->settings_row, NULL);
      show_row (self->template_row, NULL);
      show_row (self->images_row, NULL);
      return;
    }
  /* "MiniMax-Hailuo-02, from a first frame" */
  if (asked->model != NULL)
    g_string_append (model, asked->model);
  if (asked->mode != VT_CREATE_MODE_TEMPLATE)
    g_string_append_printf (model, "%s%s", model->len > 0 ? ", " : "", vt_create_mode_describe (asked->mode));
  if (asked->resolution != NULL)
    g_string_append (settings, asked->resolution);
  if (asked->duration > 0)
    {
      /* Translators: a video's length in seconds: "6 s" */
      g_autofree char *seconds = g_strdup_printf (_("%d s"), asked->duration);

      g_string_append_printf (settings, "%s%s", settings->len > 0 ? " · " : "", seconds);
    }
  if (asked->ratio != NULL)
    g_string_append_printf (settings, "%s%s", settings->len > 0 ? " · " : "", asked->ratio);
  if ((template = vt_create_template_lookup (asked->template_id)) != NULL)
    template_name = _(template->name);
  images = g_strjoinv (", ", asked->images);
  show_row (self->prompt_row, asked->prompt);
  show_row (self->model_row, model->str);
  show_row (self->settings_row, settings->str);
  show_row (self->template_row, template_name != NULL ? template_name : asked->template_id);
  show_row (self->images_row, images);
}

static void
update (VtDetails *self)
{
  VtTask *task = self->task;
  const char *label;
  const char *path;
  const char *url;
  g_autofree char *reason = NULL;
  g_autofree char *status = NULL;
  gboolean success, saved;

  if (task == NULL)
    {
      adw_window_title_set_title (self->title, "");
      adw_window_title_set_subtitle (self->title, "");
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_preview (self);
      return;
    }

  ensure_task_page (self);
  label = vt_task_get_label (task);
  path = vt_task_get_file_path (task);
  url = vt_task_get_video_url (task);
  success = vt_task_get_status (task) == VT_TASK_STATUS_SUCCESS;
  saved = path != NULL && vt_saved_files_lookup (self->saved_files, path, NULL);

  /* AdwWindowTitle does not read markup. */
  adw_window_title_set_title (self->title, label != NULL ? label : vt_task_get_id (task));
  adw_window_title_set_subtitle (self->title, vt_display_kind (vt_task_get_kind (task)));
  gtk_stack_set_visible_child_name (self->stack, "task");

  reason = vt_task_dup_reason (task);
  status = g_strdup (vt_display_status_label (task, FALSE));
  vt_row_set_title_text (ADW_PREFERENCES_ROW (self->status_row), status);
  vt_row_set_subtitle_text (self->status_row, reason);
  gtk_image_set_from_icon_name (self->status_icon, vt_display_status_icon (task));

  vt_row_set_subtitle_text (self->id_row, vt_task_get_id (task));
  vt_row_set_subtitle_text (self->kind_row, vt_display_kind (vt_task_get_kind (task)));
  set_time_row (self->added_row, vt_task_get_added (task));
  set_time_row (self->created_row, vt_task_get_created (task));
  set_time_row (self->checked_row, vt_task_get_last_checked (task));

  if (saved)
    {
      g_autofree char *shown = vt_display_folder (path);

      vt_row_set_subtitle_text (self->file_row, shown);
    }
  else if (path != NULL)
    vt_row_set_subtitle_text (self->file_row, _("The saved file is no longer there"));
  else
    vt_row_set_subtitle_text (self->file_row, success ? _("Not saved yet") : _("No video yet"));

  if (url == NULL)
    vt_row_set_subtitle_text (self->link_row, _("No link yet"));
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) expiry = vt_task_dup_link_expiry (task);
      g_autofree char *when = format_time (expiry);
      g_autofree char *text = NULL;

      if (vt_task_link_is_expired (task, now))
        text = g_strdup (_("Expired; a new one is asked for when needed"));
      else if (when != NULL)
        /* TRANSLATORS: %s is a date and time */
        text = g_strdup_printf (_("Works until %s"), when);
      vt_row_set_subtitle_text (self->link_row, text);
    }

  /* The target first: an action with no target yet would be looked up with none. */
  for (guint i = 0; i < G_N_ELEMENTS (self->actions); i++)
    {
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->actions[i]),
                                              g_variant_new_string (vt_task_get_id (task)));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->actions[i]), task_actions[i].action_name);
    }
  gtk_widget_set_visible (self->actions[0], success || saved);
  gtk_widget_set_visible (self->actions[1], success || saved);
  gtk_widget_set_visible (self->actions[2], saved);
  gtk_widget_set_visible (self->actions[3], url != NULL);
  gtk_widget_set_visible (self->actions[5], vt_task_get_asked (task) != NULL);
  update_asked (self);

  update_preview (self);
}

static void
task_notify_cb (VtDetails *self)
{
  update (self);
}

static void
saved_files_changed_cb (VtDetails  *self,
                        const char *path)
{
  if (self->task != NULL && g_strcmp0 (path, vt_task_get_file_path (self->task)) == 0)
    update (self);
}

/* The task shown, or NULL for none. A new task starts at the top, its video paused. */
void
vt_details_set_task (VtDetails *self,
                     VtTask    *task)
{
  g_return_if_fail (VT_IS_DETAILS (self));
  g_return_if_fail (task == NULL || VT_IS_TASK (task));

  if (task == self->task)
    return;
  if (self->task != NULL)
    g_signal_handlers_disconnect_by_data (self->task, self);
  g_set_object (&self->task, task);
  if (task != NULL)
    g_signal_connect_object (task, "notify", G_CALLBACK (task_notify_cb), self, G_CONNECT_SWAPPED);
  if (self->scroller != NULL)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  update (self);
}

VtTask *
vt_details_get_task (VtDetails *self)
{
  g_return_val_if_fail (VT_IS_DETAILS (self), NULL);

  return self->task;
}

/* Whether the details can be seen. Hidden details (the list's page in front, a window
 * closed) stop the video and let its pipeline go: GTK keeps playing an unmapped video. */
void
vt_details_set_shown (VtDetails *self,
                      gboolean   shown)
{
  g_return_if_fail (VT_IS_DETAILS (self));

  if (self->shown == shown)
    return;
  self->shown = shown;
  update_preview (self);
}

/* Plays the task's video from where it is, if the details can be seen. */
void
vt_details_play (VtDetails *self)
{
  g_return_if_fail (VT_IS_DETAILS (self));

  if (self->shown && self->preview != NULL)
    vt_preview_play (self->preview);
}

AdwHeaderBar *
vt_details_get_header_bar (VtDetails *self)
{
  g_return_val_if_fail (VT_IS_DETAILS (self), NULL);

  return self->header_bar;
}

VtPreview *
vt_details_get_preview (VtDetails *self)
{
  g_return_val_if_fail (VT_IS_DETAILS (self), NULL);

  ensure_task_page (self);
  return self->preview;
}

static void
vt_details_dispose (GObject *object)
{
  VtDetails *self = VT_DETAILS (object);

  if (self->task != NULL)
    g_signal_handlers_disconnect_by_data (self->task, self);
  g_clear_object (&self->task);
  if (self->saved_files != NULL)
    g_signal_handlers_disconnect_by_data (self->saved_files, self);
  g_clear_object (&self->saved_files);

  G_OBJECT_CLASS (vt_details_parent_class)->dispose (object);
}

static void
vt_details_class_init (VtDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_details_dispose;
}

static AdwActionRow *
info_row (AdwPreferencesGroup *group,
          const char          *title)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  vt_row_set_title_text (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (GTK_WIDGET (row), "property");
  adw_preferences_group_add (group, GTK_WIDGET (row));
  return row;
}

static AdwPreferencesGroup *
group_new (GtkBox     *box,
           const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (box, group);
  return ADW_PREFERENCES_GROUP (group);
}

static GtkWidget *
action_row (AdwPreferencesGroup *group,
            const char          *title,
            const char          *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  vt_row_set_title_text (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon_name));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_preferences_group_add (group, row);
  return row;
}

/* The task's page, made when a task is first shown: most windows start with none, and its
 * rows and GtkVideo cost the start-up a noticeable part of a frame. */
static void
ensure_task_page (VtDetails *self)
{
  GtkWidget *content;
  GtkWidget *clamp;
  AdwPreferencesGroup *group;

  if (self->scroller != NULL)
    return;

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  clamp = adw_clamp_new ();
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 24);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);

  /* The video, 16:9 at the pane's width, on a dark card. */
  self->preview = VT_PREVIEW (vt_preview_new ());
  self->preview_frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (self->preview_frame), GTK_WIDGET (self->preview));
  gtk_widget_add_css_class (self->preview_frame, "vt-preview-frame");
  gtk_box_append (GTK_BOX (content), self->preview_frame);

  group = group_new (GTK_BOX (content), NULL);
  self->status_row = info_row (group, "");
  self->status_icon = GTK_IMAGE (gtk_image_new ());
  adw_action_row_add_prefix (self->status_row, GTK_WIDGET (self->status_icon));

  group = group_new (GTK_BOX (content), _("Video"));
  self->file_row = info_row (group, _("File"));
  self->link_row = info_row (group, _("Link"));

  /* What was asked: the ID and the kind, and for a task made here what it was made of. */
  group = group_new (GTK_BOX (content), _("Task"));
  self->id_row = info_row (group, _("Task ID"));
  gtk_widget_add_css_class (GTK_WIDGET (self->id_row), "monospace-subtitle");
  self->kind_row = info_row (group, _("Kind"));
  /* Made in this app: what it was asked. */
  self->prompt_row = info_row (group, _("Prompt"));
  self->model_row = info_row (group, _("Model"));
  self->settings_row = info_row (group, _("Video"));
  self->template_row = info_row (group, _("Template"));
  self->images_row = info_row (group, _("Pictures"));

  group = group_new (GTK_BOX (content), _("History"));
  self->created_row = info_row (group, _("Created at MiniMax"));
  self->added_row = info_row (group, _("Added to the List"));
  self->checked_row = info_row (group, _("Last Checked"));

  group = group_new (GTK_BOX (content), _("Actions"));
  for (guint i = 0; i < G_N_ELEMENTS (task_actions); i++)
    self->actions[i] = action_row (group, _(task_actions[i].label), task_actions[i].icon_name);
  gtk_widget_add_css_class (self->actions[G_N_ELEMENTS (task_actions) - 1], "error");

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 860);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (self->scroller, clamp);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->scroller), "task");
}

static void
vt_details_init (VtDetails *self)
{
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *empty = adw_status_page_new ();

  self->title = ADW_WINDOW_TITLE (adw_window_title_new ("", NULL));
  self->header_bar = ADW_HEADER_BAR (adw_header_bar_new ());
  adw_header_bar_set_title_widget (self->header_bar, GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->header_bar));

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "video-x-generic-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Task Selected"));
  vt_status_page_set_description_text (ADW_STATUS_PAGE (empty),
                                       _("Pick a task in the list to see its video and details."));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_stack_add_named (self->stack, empty, "empty");
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->stack));
  adw_bin_set_child (ADW_BIN (self), page);
}

GtkWidget *
vt_details_new (VtSavedFiles *saved_files)
{
  VtDetails *self;

  g_return_val_if_fail (VT_IS_SAVED_FILES (saved_files), NULL);

  self = g_object_new (VT_TYPE_DETAILS, NULL);
  self->saved_files = g_object_ref (saved_files);
  g_signal_connect_object (saved_files, "changed", G_CALLBACK (saved_files_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}
