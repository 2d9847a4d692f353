/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-new-video-window"

/*
 * New Video: one page per family (Hailuo, MiniMax-H3, Video Agent templates). Each offers
 * only what the rule table (vt-create-rules.c) allows for what is chosen so far: the models
 * of the mode, the resolutions of the model, the durations of both. The form's request is
 * checked on every change; Create stays insensitive, with the rule's words under the form,
 * until it passes. Images come from a file chooser, a drop or the clipboard and are read,
 * typed and measured in a worker thread; the body (data URLs and all) is made in one too.
 * A refusal from MiniMax shows above the form and keeps everything.
 *
 * It is handed the client it sends through and the account's region (for the region's
 * templates), and says what it made with ::created; it knows nothing of the list.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "vt-create.h"
#include "vt-error.h"
#include "vt-image-info.h"
#include "vt-json.h"
#include "vt-new-video-window.h"
#include "vt-price.h"
#include "vt-task-asked.h"
#include "vt-text.h"

#define MAX_REFERENCES 9

typedef struct _Slot Slot;

struct _Slot
{
  VtNewVideoWindow *window;
  const char       *name;
  AdwActionRow     *row;
  GtkPicture       *picture;
  GtkWidget        *clear;
  VtCreateImage    *image;
  GCancellable     *loading;
  char             *error;
};

struct _VtNewVideoWindow
{
  AdwWindow          parent_instance;

  AdwViewSwitcherTitle *switcher_title;
  GtkWidget         *cancel_button;
  GtkStack          *create_stack;
  GtkWidget         *create_button;
  GtkSpinner        *spinner;
  GtkRevealer       *error_revealer;
  GtkLabel          *error_label;
  AdwViewStack      *stack;
  GtkLabel          *reason_label;
  GtkLabel          *price_label;

  VtClient          *client;
  char              *region;
  GCancellable      *cancellable;
  GPtrArray         *pasted;
  JsonParser        *prices;        /* data/prices.json, once read */        /* GFile: pasted images written to the temporary folder */
  gboolean           submitting;
  gboolean           updating;
  guint              update_source;
  char              *reason;

  /* Hailuo */
  AdwComboRow       *mode_row;
  AdwComboRow       *model_row;
  AdwComboRow       *resolution_row;
  AdwComboRow       *duration_row;
  GtkTextView       *prompt;
  GtkLabel          *prompt_count;
  GtkWidget         *camera_button;
  GtkSwitch         *optimizer;
  GtkSwitch         *fast;
  AdwActionRow      *fast_row;
  Slot               first, last, subject;

  /* MiniMax-H3 */
  AdwComboRow       *h3_model_row;
  AdwComboRow       *source_row;
  AdwComboRow       *ratio_row;
  AdwComboRow       *h3_resolution_row;
  GtkSpinButton     *h3_duration;
  GtkTextView       *h3_prompt;
  GtkLabel          *h3_prompt_count;
  Slot               h3_first, h3_last;
  Slot               references[MAX_REFERENCES];
  AdwPreferencesGroup *references_group;
  GtkWidget         *add_reference;
  guint              n_references;

  /* Video Agent */
  AdwComboRow       *template_row;
  AdwEntryRow       *template_id;
  AdwEntryRow       *template_text;
  Slot               media;
  GPtrArray         *templates;   /* const VtCreateTemplate *, in the combo's order */
};

G_DEFINE_FINAL_TYPE (VtNewVideoWindow, vt_new_video_window, ADW_TYPE_WINDOW)

enum
{
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const VtCreateMode hailuo_modes[] = {
  VT_CREATE_MODE_TEXT, VT_CREATE_MODE_FIRST_FRAME, VT_CREATE_MODE_FIRST_LAST, VT_CREATE_MODE_SUBJECT,
};
static const char *hailuo_resolutions[] = { "512P", "720P", "768P", "1080P" };
static const int hailuo_durations[] = { 6, 10 };
static const char *h3_models[] = { "MiniMax-H3", "MiniMax-H3-Max" };
static const char *h3_resolutions[] = { "480P", "768P", "2K" };
static const char *ratios[] = { "16:9", "9:16", "1:1", "4:3", "3:4", "21:9" };

/* §2.4's moves, as the prompt takes them. */
static const char *camera_moves[] = {
  "[Pan left]", "[Pan right]", "[Truck left]", "[Truck right]", "[Push in]", "[Pull out]",
  "[Pedestal up]", "[Pedestal down]", "[Tilt up]", "[Tilt down]", "[Zoom in]", "[Zoom out]",
  "[Shake]", "[Tracking shot]", "[Static shot]",
};

static void update (VtNewVideoWindow *self);

/* Rows */

static AdwComboRow *
combo_row (const char *title,
           const char *name)
{
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());

  vt_row_set_title_text (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (row, G_LIST_MODEL (gtk_string_list_new (NULL)));
  gtk_widget_set_name (GTK_WIDGET (row), name);
  return row;
}

static void
set_choices (AdwComboRow        *row,
             const char * const *items,
             const char         *keep)
{
  GtkStringList *list = GTK_STRING_LIST (adw_combo_row_get_model (row));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  guint selected = 0;

  gboolean same = n == g_strv_length ((char **) items);

  /* The same choices stay as they are: splicing a row's list under its own selection's
   * notification is what sends AdwComboRow round in circles. */
  for (guint i = 0; same && i < n; i++)
    same = g_str_equal (gtk_string_list_get_string (list, i), items[i]);
  if (!same)
    gtk_string_list_splice (list, 0, n, items);
  else
    selected = adw_combo_row_get_selected (row);
  for (guint i = 0; keep != NULL && items[i] != NULL; i++)
    if (g_str_equal (items[i], keep))
      selected = i;
  if (adw_combo_row_get_selected (row) != selected)
    adw_combo_row_set_selected (row, selected);
}

static const char *
chosen (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

static char *
text_of (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static GtkWidget *
prompt_group (VtNewVideoWindow *self,
              GtkTextView     **view,
              GtkLabel        **count,
              const char       *name)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Prompt"));
  *view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_widget_set_name (GTK_WIDGET (*view), name);
  gtk_text_view_set_wrap_mode (*view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (*view, 8);
  gtk_text_view_set_bottom_margin (*view, 8);
  gtk_text_view_set_left_margin (*view, 8);
  gtk_text_view_set_right_margin (*view, 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (*view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Prompt"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (*view));
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 110);
  gtk_frame_set_child (GTK_FRAME (frame), scrolled);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);
  *count = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (*count, 1);
  gtk_widget_add_css_class (GTK_WIDGET (*count), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (*count), "dim-label");
  gtk_widget_set_margin_top (GTK_WIDGET (*count), 4);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (*count));
  g_signal_connect_swapped (gtk_text_view_get_buffer (*view), "changed", G_CALLBACK (update), self);
  return group;
}

static GtkWidget *
switch_row (VtNewVideoWindow *self,
            const char       *title,
            const char       *subtitle,
            GtkSwitch       **toggle,
            gboolean          active)
{
  GtkWidget *row = adw_action_row_new ();

  vt_row_set_title_text (ADW_PREFERENCES_ROW (row), title);
  vt_row_set_subtitle_text (ADW_ACTION_ROW (row), subtitle);
  *toggle = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (*toggle, active);
  gtk_widget_set_valign (GTK_WIDGET (*toggle), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (*toggle));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (*toggle));
  g_signal_connect_swapped (*toggle, "notify::active", G_CALLBACK (update), self);
  return row;
}

/* Image slots */

typedef struct
{
  VtCreateImage *image;
  GdkTexture    *texture;
} Loaded;

/* Twice the picture's size in a row (64×36 and up), for a display at scale 2. */
#define THUMBNAIL_WIDTH  192
#define THUMBNAIL_HEIGHT 108

static void
loaded_free (Loaded *loaded)
{
  vt_create_image_free (loaded->image);
  g_clear_object (&loaded->texture);
  g_free (loaded);
}

/* Read, typed and measured by its contents, with a texture for the slot when GDK reads the
 * type (PNG, JPEG): in a worker thread, never on the main one. */
static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *uri = g_file_get_uri (file);
  GError *error = NULL;
  Loaded *loaded = g_new0 (Loaded, 1);

  loaded->image = vt_create_image_load (path != NULL ? path : uri, cancellable, &error);
  if (loaded->image == NULL)
    {
      loaded_free (loaded);
      g_task_return_error (task, error);
      return;
    }
  /* The form's thumbnail, decoded here at its size: a 19 MB picture handed to the main
   * thread whole held the window's frames for over a second as it was scaled. */
  if (loaded->image->bytes != NULL)
    {
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (loaded->image->bytes);
      g_autoptr(GdkPixbuf) small = gdk_pixbuf_new_from_stream_at_scale (stream, THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT,
                                                                        TRUE, cancellable, NULL);

      if (small != NULL)
        loaded->texture = gdk_texture_new_for_pixbuf (small);
    }
  g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
}

static void
slot_show (Slot *slot)
{
  const char *name = NULL;

  if (slot->image != NULL)
    {
      const char *slash = strrchr (slot->image->source, '/');

      name = slot->image->bytes != NULL && slash != NULL ? slash + 1 : slot->image->source;
    }
  if (slot->loading != NULL)
    vt_row_set_subtitle_text (slot->row, _("Reading…"));
  else if (slot->error != NULL)
    vt_row_set_subtitle_text (slot->row, slot->error);
  else if (name != NULL && slot->image->width > 0)
    {
      /* Translators: an image's file name and size: "cat.jpg · 1280×720" */
      g_autofree char *text = g_strdup_printf (_("%s · %d×%d"), name, slot->image->width, slot->image->height);

      vt_row_set_subtitle_text (slot->row, text);
    }
  else
    vt_row_set_subtitle_text (slot->row, name != NULL ? name : _("Choose, drop or paste an image"));
  gtk_widget_set_visible (slot->clear, slot->image != NULL || slot->error != NULL);
  gtk_widget_set_visible (GTK_WIDGET (slot->picture), gtk_picture_get_paintable (slot->picture) != NULL);
}

static void
slot_clear (Slot *slot)
{
  if (slot->loading != NULL)
    g_cancellable_cancel (slot->loading);
  g_clear_object (&slot->loading);
  g_clear_pointer (&slot->image, vt_create_image_free);
  g_clear_pointer (&slot->error, g_free);
  gtk_picture_set_paintable (slot->picture, NULL);
  slot_show (slot);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Slot *slot = user_data;
  g_autoptr(GError) error = NULL;
  Loaded *loaded = g_task_propagate_pointer (G_TASK (result), &error);

  /* A slot cleared, or given another image, meanwhile: this one is not wanted. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != slot->loading)
    {
      g_clear_pointer (&loaded, loaded_free);
      return;
    }
  g_clear_object (&slot->loading);
  if (loaded == NULL)
    slot->error = g_strdup (error->message);
  else
    {
      slot->image = g_steal_pointer (&loaded->image);
      gtk_picture_set_paintable (slot->picture, GDK_PAINTABLE (loaded->texture));
      loaded_free (loaded);
    }
  slot_show (slot);
  update (slot->window);
}

static void
slot_load (Slot  *slot,
           GFile *file)
{
  g_autoptr(GTask) task = NULL;

  slot_clear (slot);
  slot->loading = g_cancellable_new ();
  task = g_task_new (NULL, slot->loading, loaded_cb, slot);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_set_priority (task, G_PRIORITY_LOW);
  g_task_run_in_thread (task, load_in_thread);
  slot_show (slot);
  update (slot->window);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     Slot            *slot)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        slot_load (slot, file);
    }
  g_object_unref (chooser);
}

static void
choose_clicked_cb (Slot *slot)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose an Image"), GTK_WINDOW (slot->window),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/webp");
  gtk_file_filter_add_mime_type (filter, "image/heic");
  gtk_file_filter_add_mime_type (filter, "image/heif");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), slot);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
slot_drop_cb (GtkDropTarget *target,
              const GValue  *value,
              double         x,
              double         y,
              Slot          *slot)
{
  GFile *file = G_VALUE_HOLDS (value, G_TYPE_FILE) ? g_value_get_object (value) : NULL;

  if (file == NULL)
    return FALSE;
  slot_load (slot, file);
  return TRUE;
}

static GtkWidget *
slot_init (VtNewVideoWindow *self,
           Slot             *slot,
           const char       *name,
           const char       *title)
{
  GtkWidget *choose = gtk_button_new_from_icon_name ("document-open-symbolic");
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);

  slot->window = self;
  slot->name = name;
  slot->row = ADW_ACTION_ROW (adw_action_row_new ());
  gtk_widget_set_name (GTK_WIDGET (slot->row), name);
  vt_row_set_title_text (ADW_PREFERENCES_ROW (slot->row), title);
  slot->picture = GTK_PICTURE (gtk_picture_new ());
  gtk_widget_set_size_request (GTK_WIDGET (slot->picture), 64, 36);
  gtk_picture_set_can_shrink (slot->picture, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (slot->picture), GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (slot->row, GTK_WIDGET (slot->picture));
  slot->clear = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  gtk_widget_set_tooltip_text (slot->clear, _("Remove the Image"));
  gtk_widget_set_valign (slot->clear, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (slot->clear, "flat");
  g_signal_connect_swapped (slot->clear, "clicked", G_CALLBACK (slot_clear), slot);
  g_signal_connect_swapped (slot->clear, "clicked", G_CALLBACK (update), self);
  adw_action_row_add_suffix (slot->row, slot->clear);
  gtk_widget_set_tooltip_text (choose, _("Choose an Image"));
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (choose, "flat");
  g_signal_connect_swapped (choose, "clicked", G_CALLBACK (choose_clicked_cb), slot);
  adw_action_row_add_suffix (slot->row, choose);
  adw_action_row_set_activatable_widget (slot->row, choose);
  g_signal_connect (drop, "drop", G_CALLBACK (slot_drop_cb), slot);
  gtk_widget_add_controller (GTK_WIDGET (slot->row), GTK_EVENT_CONTROLLER (drop));
  slot_show (slot);
  return GTK_WIDGET (slot->row);
}

static VtCreateImage *
image_dup (const VtCreateImage *image)
{
  VtCreateImage *copy;

  if (image == NULL)
    return NULL;
  copy = g_new0 (VtCreateImage, 1);
  copy->source = g_strdup (image->source);
  copy->bytes = image->bytes != NULL ? g_bytes_ref (image->bytes) : NULL;
  copy->mime_type = g_strdup (image->mime_type);
  copy->width = image->width;
  copy->height = image->height;
  return copy;
}

/* Pages */

static VtCreateMode
hailuo_mode (VtNewVideoWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->mode_row);

  return selected < G_N_ELEMENTS (hailuo_modes) ? hailuo_modes[selected] : VT_CREATE_MODE_TEXT;
}

static VtCreateMode
h3_mode (VtNewVideoWindow *self)
{
  switch (adw_combo_row_get_selected (self->source_row))
    {
    case 1:
      return self->h3_last.image != NULL || self->h3_last.loading != NULL ? VT_CREATE_MODE_FIRST_LAST
                                                                          : VT_CREATE_MODE_FIRST_FRAME;
    case 2:
      return VT_CREATE_MODE_REFERENCE;
    default:
      return VT_CREATE_MODE_TEXT;
    }
}

/* What the table allows for what is chosen: models of the mode, resolutions of the model,
 * durations of both; each list keeps the choice when it still can. */
static void
refresh_choices (VtNewVideoWindow *self)
{
  VtCreateMode mode = hailuo_mode (self);
  g_autofree const char **models = vt_create_models (VT_TASK_KIND_VIDEO, mode);
  g_autoptr(GPtrArray) resolutions = g_ptr_array_new ();
  g_autoptr(GPtrArray) durations = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *model = g_strdup (chosen (self->model_row));
  g_autofree char *resolution = g_strdup (chosen (self->resolution_row));
  g_autofree char *duration = g_strdup (chosen (self->duration_row));
  const char *default_model = vt_create_default_model (VT_TASK_KIND_VIDEO, mode);
  gboolean keep_model = model != NULL && g_strv_contains (models, model);

  self->updating = TRUE;
  set_choices (self->model_row, models, keep_model ? model : default_model);
  g_free (model);
  model = g_strdup (chosen (self->model_row));
  for (guint i = 0; i < G_N_ELEMENTS (hailuo_resolutions); i++)
    if (vt_create_model_takes (model, mode, hailuo_resolutions[i], 0))
      g_ptr_array_add (resolutions, (gpointer) hailuo_resolutions[i]);
  g_ptr_array_add (resolutions, NULL);
  set_choices (self->resolution_row, (const char * const *) resolutions->pdata,
               resolution != NULL && g_strv_contains ((const char * const *) resolutions->pdata, resolution)
                 ? resolution : vt_create_default_resolution (model));
  for (guint i = 0; i < G_N_ELEMENTS (hailuo_durations); i++)
    if (vt_create_model_takes (model, mode, chosen (self->resolution_row), hailuo_durations[i]))
      /* Translators: a video's length in seconds: "6 s" */
      g_ptr_array_add (durations, g_strdup_printf (_("%d s"), hailuo_durations[i]));
  g_ptr_array_add (durations, NULL);
  set_choices (self->duration_row, (const char * const *) durations->pdata, duration);
  gtk_widget_set_visible (self->camera_button, vt_create_model_takes_camera (model, mode));
  gtk_widget_set_visible (GTK_WIDGET (self->first.row), mode == VT_CREATE_MODE_FIRST_FRAME || mode == VT_CREATE_MODE_FIRST_LAST);
  gtk_widget_set_visible (GTK_WIDGET (self->last.row), mode == VT_CREATE_MODE_FIRST_LAST);
  gtk_widget_set_visible (GTK_WIDGET (self->subject.row), mode == VT_CREATE_MODE_SUBJECT);
  gtk_widget_set_visible (GTK_WIDGET (self->fast_row), mode == VT_CREATE_MODE_TEXT || mode == VT_CREATE_MODE_FIRST_FRAME);

  /* H3: its model's resolutions and durations; a ratio for text, none for frames. */
  {
    const char *h3_model = chosen (self->h3_model_row);
    VtCreateMode source = h3_mode (self);
    g_autoptr(GPtrArray) h3_res = g_ptr_array_new ();
    g_autofree char *h3_resolution = g_strdup (chosen (self->h3_resolution_row));
    int min = 0, max = 0;

    for (guint i = 0; i < G_N_ELEMENTS (h3_resolutions); i++)
      if (vt_create_model_takes (h3_model, source, h3_resolutions[i], 0))
        g_ptr_array_add (h3_res, (gpointer) h3_resolutions[i]);
    g_ptr_array_add (h3_res, NULL);
    set_choices (self->h3_resolution_row, (const char * const *) h3_res->pdata,
                 h3_resolution != NULL && g_strv_contains ((const char * const *) h3_res->pdata, h3_resolution)
                   ? h3_resolution : vt_create_default_resolution (h3_model));
    for (int d = 1; d <= 30; d++)
      if (vt_create_model_takes (h3_model, source, chosen (self->h3_resolution_row), d))
        {
          min = min == 0 ? d : min;
          max = d;
        }
    if (min > 0)
      gtk_spin_button_set_range (self->h3_duration, min, max);
    gtk_widget_set_visible (GTK_WIDGET (self->ratio_row), source != VT_CREATE_MODE_FIRST_FRAME &&
                                                          source != VT_CREATE_MODE_FIRST_LAST);
    gtk_widget_set_visible (GTK_WIDGET (self->h3_first.row), adw_combo_row_get_selected (self->source_row) == 1);
    gtk_widget_set_visible (GTK_WIDGET (self->h3_last.row), adw_combo_row_get_selected (self->source_row) == 1);
    for (guint i = 0; i < MAX_REFERENCES; i++)
      gtk_widget_set_visible (GTK_WIDGET (self->references[i].row), source == VT_CREATE_MODE_REFERENCE &&
                                                                    i < self->n_references);
    gtk_widget_set_visible (self->add_reference, source == VT_CREATE_MODE_REFERENCE &&
                                                 self->n_references < MAX_REFERENCES);
  }

  /* Video Agent: a template typed by hand, or the one chosen; its inputs. */
  {
    guint selected = adw_combo_row_get_selected (self->template_row);
    const VtCreateTemplate *template = selected < self->templates->len ? self->templates->pdata[selected] : NULL;

    if (template == NULL)
      vt_row_set_subtitle_text (ADW_ACTION_ROW (self->template_row), _("Any template MiniMax lists, by its ID"));
    else if (template->media && template->text)
      vt_row_set_subtitle_text (ADW_ACTION_ROW (self->template_row), _("Takes a picture and a text"));
    else if (template->media)
      vt_row_set_subtitle_text (ADW_ACTION_ROW (self->template_row), _("Takes a picture"));
    else
      vt_row_set_subtitle_text (ADW_ACTION_ROW (self->template_row), _("Takes a text"));
    gtk_widget_set_visible (GTK_WIDGET (self->template_id), template == NULL);
    gtk_widget_set_visible (GTK_WIDGET (self->template_text), template == NULL || template->text);
    gtk_widget_set_visible (GTK_WIDGET (self->media.row), template == NULL || template->media);
  }
  self->updating = FALSE;
}

static const char *
page_name (VtNewVideoWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);

  return name != NULL ? name : "hailuo";
}

static gboolean
any_loading (VtNewVideoWindow *self)
{
  Slot *slots[] = { &self->first, &self->last, &self->subject, &self->h3_first, &self->h3_last, &self->media };

  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    if (slots[i]->loading != NULL)
      return TRUE;
  for (guint i = 0; i < self->n_references; i++)
    if (self->references[i].loading != NULL)
      return TRUE;
  return FALSE;
}

/* The request the page shown describes, as it is now. */
static VtCreateRequest *
form_request (VtNewVideoWindow *self)
{
  const char *page = page_name (self);
  VtCreateRequest *request;

  if (g_str_equal (page, "h3"))
    {
      VtCreateMode source = h3_mode (self);

      request = vt_create_request_new (VT_TASK_KIND_H3);
      request->model = g_strdup (chosen (self->h3_model_row));
      request->prompt = text_of (self->h3_prompt);
      request->resolution = g_strdup (chosen (self->h3_resolution_row));
      request->duration = gtk_spin_button_get_value_as_int (self->h3_duration);
      if (source == VT_CREATE_MODE_FIRST_FRAME || source == VT_CREATE_MODE_FIRST_LAST)
        {
          request->first_frame = image_dup (self->h3_first.image);
          request->last_frame = image_dup (self->h3_last.image);
        }
      else
        request->ratio = g_strdup (chosen (self->ratio_row));
      if (source == VT_CREATE_MODE_REFERENCE)
        for (guint i = 0; i < self->n_references; i++)
          if (self->references[i].image != NULL)
            g_ptr_array_add (request->references, image_dup (self->references[i].image));
    }
  else if (g_str_equal (page, "agent"))
    {
      guint selected = adw_combo_row_get_selected (self->template_row);
      const VtCreateTemplate *template = selected < self->templates->len ? self->templates->pdata[selected] : NULL;
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->template_text));

      request = vt_create_request_new (VT_TASK_KIND_AGENT);
      request->template_id = g_strdup (template != NULL ? template->id
                                                        : gtk_editable_get_text (GTK_EDITABLE (self->template_id)));
      g_strstrip (request->template_id);
      if (gtk_widget_get_visible (GTK_WIDGET (self->template_text)) && *text != '\0')
        g_ptr_array_add (request->texts, g_strdup (text));
      if (gtk_widget_get_visible (GTK_WIDGET (self->media.row)) && self->media.image != NULL)
        g_ptr_array_add (request->media, image_dup (self->media.image));
    }
  else
    {
      VtCreateMode mode = hailuo_mode (self);
      const char *duration = chosen (self->duration_row);

      request = vt_create_request_new (VT_TASK_KIND_VIDEO);
      request->model = g_strdup (chosen (self->model_row));
      request->prompt = text_of (self->prompt);
      if (*request->prompt == '\0')
        g_clear_pointer (&request->prompt, g_free);
      request->resolution = g_strdup (chosen (self->resolution_row));
      request->duration = duration != NULL ? atoi (duration) : 0;
      if (!gtk_switch_get_active (self->optimizer))
        request->prompt_optimizer = FALSE;
      request->fast_pretreatment = gtk_widget_get_visible (GTK_WIDGET (self->fast_row)) &&
                                   gtk_switch_get_active (self->fast);
      if (mode == VT_CREATE_MODE_FIRST_FRAME || mode == VT_CREATE_MODE_FIRST_LAST)
        request->first_frame = image_dup (self->first.image);
      if (mode == VT_CREATE_MODE_FIRST_LAST)
        request->last_frame = image_dup (self->last.image);
      if (mode == VT_CREATE_MODE_SUBJECT)
        request->subject = image_dup (self->subject.image);
    }
  request->label = vt_create_request_make_label (request);
  return request;
}

/* A mode's images must be there before the table can say more. */
static const char *
missing_image (VtNewVideoWindow *self)
{
  const char *page = page_name (self);

  if (g_str_equal (page, "hailuo"))
    {
      VtCreateMode mode = hailuo_mode (self);

      if ((mode == VT_CREATE_MODE_FIRST_FRAME || mode == VT_CREATE_MODE_FIRST_LAST) && self->first.image == NULL)
        return _("Choose the first frame.");
      if (mode == VT_CREATE_MODE_FIRST_LAST && self->last.image == NULL)
        return _("Choose the last frame.");
      if (mode == VT_CREATE_MODE_SUBJECT && self->subject.image == NULL)
        return _("Choose a picture of the person’s face.");
    }
  else if (g_str_equal (page, "h3"))
    {
      if (adw_combo_row_get_selected (self->source_row) == 1 && self->h3_first.image == NULL)
        return _("Choose the first frame.");
      if (adw_combo_row_get_selected (self->source_row) == 2 && self->n_references == 0)
        return _("Add a reference image.");
    }
  return NULL;
}

static void
update_count (GtkTextView *view,
              GtkLabel    *count,
              int          limit)
{
  g_autofree char *text = text_of (view);
  glong length = g_utf8_strlen (text, -1);
  /* Translators: characters in the prompt, and the most MiniMax takes: "120 / 2000" */
  g_autofree char *words = g_strdup_printf (_("%ld / %d"), length, limit);

  gtk_label_set_text (count, words);
  if (length > limit)
    gtk_widget_add_css_class (GTK_WIDGET (count), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (count), "error");
}

/* After every change: the choices, the counts, and whether Create may be pressed, and why not. */
/* The price table, read once from the resources (data/prices.json). */
static JsonObject *
price_table (VtNewVideoWindow *self)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (self->prices != NULL)
    return json_node_get_object (json_parser_get_root (self->prices));
  bytes = g_resources_lookup_data ("/io/github/videotasks/VideoTasks/prices.json", 0, &error);
  self->prices = json_parser_new ();
  if (bytes == NULL || !vt_json_load (self->prices, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (self->prices)))
    {
      /* Said once: an empty table prices nothing. */
      g_warning ("No price table: %s", error != NULL ? error->message : "not an object");
      json_parser_load_from_data (self->prices, "{}", -1, NULL);
    }
  return json_node_get_object (json_parser_get_root (self->prices));
}

/* "≈ $0.56 · prices of 2026-10" when the form is complete and the table knows it. */
static void
update_price (VtNewVideoWindow      *self,
              const VtCreateRequest *request)
{
  VtPrice price;
  g_autofree char *amount = NULL;
  g_autofree char *text = NULL;

  if (request == NULL || self->reason != NULL ||
      !vt_price_estimate (price_table (self), self->region, request, &price))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->price_label), FALSE);
      return;
    }
  amount = vt_price_format (&price);
  if (g_strcmp0 (price.as_of, "historical") == 0)
    /* Translators: an estimate of what the video costs, from MiniMax's older price list */
    text = g_strdup_printf (_("%s · an earlier price"), amount);
  else if (price.as_of != NULL)
    /* Translators: "≈ $0.56 · prices of 2026-10": the estimate, and when the prices were checked */
    text = g_strdup_printf (_("%s · prices of %s"), amount, price.as_of);
  else
    text = g_strdup (amount);
  gtk_label_set_text (self->price_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->price_label),
                               _("What MiniMax publishes it costs; your account may be billed differently"));
  gtk_widget_set_visible (GTK_WIDGET (self->price_label), TRUE);
  vt_price_clear (&price);
}

static void
update (VtNewVideoWindow *self)
{
  g_autoptr(VtCreateRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  const char *missing;
  gboolean ok = FALSE;

  if (self->updating || self->stack == NULL || self->templates == NULL)
    return;
  refresh_choices (self);
  update_count (self->prompt, self->prompt_count, vt_create_prompt_limit (VT_TASK_KIND_VIDEO));
  update_count (self->h3_prompt, self->h3_prompt_count, vt_create_prompt_limit (VT_TASK_KIND_H3));

  g_clear_pointer (&self->reason, g_free);
  if (self->submitting)
    self->reason = g_strdup (_("Sending to MiniMax…"));
  else if (any_loading (self))
    self->reason = g_strdup (_("Reading the image…"));
  else if ((missing = missing_image (self)) != NULL)
    self->reason = g_strdup (missing);
  else
    {
      request = form_request (self);
      ok = vt_create_request_check (request, &error);
      if (!ok)
        self->reason = g_strdup (error->message);
    }
  gtk_label_set_text (self->reason_label, self->reason != NULL ? self->reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), self->reason != NULL);
  update_price (self, request);
  gtk_widget_set_sensitive (self->create_button, ok && !self->submitting);
}

/* Submitting */

static void
json_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_task_return_pointer (task, vt_create_request_to_body (task_data), (GDestroyNotify) g_bytes_unref);
}

static void
set_submitting (VtNewVideoWindow *self,
                gboolean          submitting)
{
  self->submitting = submitting;
  gtk_stack_set_visible_child (self->create_stack, submitting ? GTK_WIDGET (self->spinner) : self->create_button);
  gtk_spinner_set_spinning (self->spinner, submitting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), !submitting);
  update (self);
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VtNewVideoWindow) self = user_data;
  VtCreateRequest *request = g_object_get_data (G_OBJECT (self), "vt-request");
  g_autoptr(GError) error = NULL;
  g_autofree char *task_id = vt_create_submit_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_submitting (self, FALSE);
  if (task_id == NULL)
    {
      /* Everything typed and chosen stays; what MiniMax said is above it. */
      gtk_label_set_text (self->error_label, error->message);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      return;
    }
  {
    g_autoptr(VtTaskAsked) asked = vt_task_asked_new_for_request (request);

    g_signal_emit (self, signals[CREATED], 0, task_id, (int) request->kind, request->label, asked);
  }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
json_made_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VtNewVideoWindow) self = user_data;
  VtCreateRequest *request = g_object_get_data (G_OBJECT (self), "vt-request");
  g_autoptr(GBytes) body = g_task_propagate_pointer (G_TASK (result), NULL);

  if (g_cancellable_is_cancelled (self->cancellable) || body == NULL)
    return;
  vt_create_submit_async (self->client, request->kind, body, self->cancellable, created_cb, g_object_ref (self));
}

static void
create_clicked_cb (VtNewVideoWindow *self)
{
  VtCreateRequest *request = form_request (self);
  g_autoptr(GTask) task = NULL;

  if (!vt_create_request_check (request, NULL))
    {
      vt_create_request_free (request);
      return;
    }
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  g_object_set_data_full (G_OBJECT (self), "vt-request", request, (GDestroyNotify) vt_create_request_free);
  set_submitting (self, TRUE);
  /* Megabytes of base64 are written off the main thread. */
  task = g_task_new (NULL, self->cancellable, json_made_cb, g_object_ref (self));
  g_task_set_task_data (task, request, NULL);
  g_task_run_in_thread (task, json_in_thread);
}

/* Camera moves go in at the cursor, as typed. */
static void
camera_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VtNewVideoWindow *self = VT_NEW_VIDEO_WINDOW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->prompt);

  gtk_text_buffer_insert_at_cursor (buffer, g_variant_get_string (parameter, NULL), -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->prompt));
}

/* Paste: an image on the clipboard goes to the first empty slot of the page shown. */
static Slot *
paste_slot (VtNewVideoWindow *self)
{
  const char *page = page_name (self);

  if (g_str_equal (page, "agent"))
    return &self->media;
  if (g_str_equal (page, "h3"))
    {
      if (adw_combo_row_get_selected (self->source_row) == 2)
        return self->n_references < MAX_REFERENCES ? &self->references[self->n_references] : NULL;
      return self->h3_first.image == NULL ? &self->h3_first : &self->h3_last;
    }
  switch (hailuo_mode (self))
    {
    case VT_CREATE_MODE_SUBJECT:
      return &self->subject;
    case VT_CREATE_MODE_FIRST_LAST:
      return self->first.image == NULL ? &self->first : &self->last;
    case VT_CREATE_MODE_FIRST_FRAME:
      return &self->first;
    case VT_CREATE_MODE_TEXT:
    case VT_CREATE_MODE_REFERENCE:
    case VT_CREATE_MODE_TEMPLATE:
    default:
      return NULL;
    }
}

static void add_reference_clicked_cb (VtNewVideoWindow *self);

/* The texture pasted, as PNG, in a file of its own for the slot to read like any other. */
static void
save_paste_in_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  g_autoptr(GBytes) png = gdk_texture_save_to_png_bytes (task_data);
  GError *error = NULL;
  GFile *file = vt_image_write_temporary (png, "video-tasks-paste-XXXXXX.png", &error);

  if (file == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, file, g_object_unref);
}

static void
paste_saved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VtNewVideoWindow) self = user_data;
  g_autoptr(GFile) file = g_task_propagate_pointer (G_TASK (result), NULL);
  Slot *slot;

  if (file == NULL)
    return;
  /* Deleted when the window goes (the image is read when it is put in its place). */
  g_ptr_array_add (self->pasted, g_object_ref (file));
  if ((slot = paste_slot (self)) == NULL)
    return;
  if (slot == &self->references[self->n_references])
    add_reference_clicked_cb (self);
  slot_load (slot, file);
}

static void
texture_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VtNewVideoWindow) self = user_data;
  g_autoptr(GdkTexture) texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (object), result, NULL);
  g_autoptr(GTask) task = NULL;

  if (texture == NULL)
    return;
  task = g_task_new (NULL, self->cancellable, paste_saved_cb, g_object_ref (self));
  g_task_set_task_data (task, g_object_ref (texture), g_object_unref);
  g_task_run_in_thread (task, save_paste_in_thread);
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VtNewVideoWindow *self = VT_NEW_VIDEO_WINDOW (widget);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (widget));

  /* Text goes where it is typed; only an image is the form's. */
  if (paste_slot (self) == NULL ||
      !gdk_content_formats_contain_gtype (gdk_clipboard_get_formats (clipboard), GDK_TYPE_TEXTURE))
    {
      if (focus != NULL)
        gtk_widget_activate_action (focus, "clipboard.paste", NULL);
      return;
    }
  gdk_clipboard_read_texture_async (clipboard, self->cancellable, texture_read_cb, g_object_ref (self));
}

static void
add_reference_clicked_cb (VtNewVideoWindow *self)
{
  if (self->n_references >= MAX_REFERENCES)
    return;
  self->n_references++;
  update (self);
}

static void
reference_cleared_cb (Slot *slot)
{
  VtNewVideoWindow *self = slot->window;
  guint index = (guint) (slot - self->references);

  /* The slots after it move up a place. */
  for (guint i = index; i + 1 < self->n_references; i++)
    {
      Slot *here = &self->references[i], *next = &self->references[i + 1];

      here->image = g_steal_pointer (&next->image);
      gtk_picture_set_paintable (here->picture, gtk_picture_get_paintable (next->picture));
      slot_clear (next);
      slot_show (here);
    }
  if (self->n_references > 0)
    self->n_references--;
  update (self);
}

static GtkWidget *
page_for (GtkWidget *first,
          ...)
{
  GtkWidget *page = adw_preferences_page_new ();
  va_list args;

  va_start (args, first);
  for (GtkWidget *group = first; group != NULL; group = va_arg (args, GtkWidget *))
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  va_end (args);
  return page;
}

static GtkWidget *
group_of (const char *title,
          GtkWidget  *first,
          ...)
{
  GtkWidget *group = adw_preferences_group_new ();
  va_list args;

  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  va_start (args, first);
  for (GtkWidget *row = first; row != NULL; row = va_arg (args, GtkWidget *))
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  va_end (args);
  return group;
}

static void
build_hailuo (VtNewVideoWindow *self)
{
  const char *modes[] = { _("Text to video"), _("From a first frame"), _("From first and last frames"),
                          _("From a subject reference"), NULL };
  GtkWidget *optimizer_row, *prompt, *page;
  g_autoptr(GMenu) menu = g_menu_new ();

  self->mode_row = combo_row (_("Make"), "mode");
  set_choices (self->mode_row, modes, NULL);
  self->model_row = combo_row (_("Model"), "model");
  self->resolution_row = combo_row (_("Resolution"), "resolution");
  self->duration_row = combo_row (_("Duration"), "duration");
  prompt = prompt_group (self, &self->prompt, &self->prompt_count, "prompt");
  for (guint i = 0; i < G_N_ELEMENTS (camera_moves); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (camera_moves[i], NULL);

      g_menu_item_set_action_and_target (item, "new-video.camera", "s", camera_moves[i]);
      g_menu_append_item (menu, item);
    }
  self->camera_button = gtk_menu_button_new ();
  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->camera_button), _("Camera Move"));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->camera_button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (self->camera_button, _("Insert a camera move at the cursor"));
  gtk_widget_add_css_class (self->camera_button, "flat");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (prompt), self->camera_button);
  optimizer_row = switch_row (self, _("Prompt Optimizer"), _("MiniMax rewrites the prompt for a better video"),
                              &self->optimizer, TRUE);
  self->fast_row = ADW_ACTION_ROW (switch_row (self, _("Fast Pretreatment"), _("Optimize the prompt faster"),
                                               &self->fast, FALSE));
  page = page_for (group_of (NULL, GTK_WIDGET (self->mode_row),
                             slot_init (self, &self->first, "first-frame", _("First Frame")),
                             slot_init (self, &self->last, "last-frame", _("Last Frame")),
                             slot_init (self, &self->subject, "subject", _("Subject (a person’s face)")), NULL),
                   prompt,
                   group_of (_("Video"), GTK_WIDGET (self->model_row), GTK_WIDGET (self->resolution_row),
                             GTK_WIDGET (self->duration_row), optimizer_row, GTK_WIDGET (self->fast_row), NULL),
                   NULL);
  adw_view_stack_add_titled (self->stack, page, "hailuo", _("Hailuo"));
  adw_view_stack_page_set_icon_name (adw_view_stack_get_page (self->stack, page), "camera-video-symbolic");
}

static void
build_h3 (VtNewVideoWindow *self)
{
  const char *sources[] = { _("Text alone"), _("First and last frames"), _("Reference images"), NULL };
  GtkWidget *duration_row = adw_action_row_new ();
  GtkWidget *prompt, *references, *page;

  self->h3_model_row = combo_row (_("Model"), "h3-model");
  set_choices (self->h3_model_row, h3_models, NULL);
  self->source_row = combo_row (_("Make"), "source");
  set_choices (self->source_row, sources, NULL);
  self->ratio_row = combo_row (_("Ratio"), "ratio");
  set_choices (self->ratio_row, ratios, NULL);
  self->h3_resolution_row = combo_row (_("Resolution"), "h3-resolution");
  self->h3_duration = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (4, 15, 1));
  gtk_widget_set_name (GTK_WIDGET (self->h3_duration), "h3-duration");
  gtk_spin_button_set_value (self->h3_duration, 5);
  gtk_widget_set_valign (GTK_WIDGET (self->h3_duration), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->h3_duration), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Duration in seconds"), -1);
  vt_row_set_title_text (ADW_PREFERENCES_ROW (duration_row), _("Duration (seconds)"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (duration_row), GTK_WIDGET (self->h3_duration));
  g_signal_connect_swapped (self->h3_duration, "value-changed", G_CALLBACK (update), self);
  prompt = prompt_group (self, &self->h3_prompt, &self->h3_prompt_count, "h3-prompt");

  references = group_of (NULL, GTK_WIDGET (self->source_row),
                         slot_init (self, &self->h3_first, "h3-first-frame", _("First Frame")),
                         slot_init (self, &self->h3_last, "h3-last-frame", _("Last Frame (optional)")), NULL);
  self->references_group = ADW_PREFERENCES_GROUP (references);

  page = page_for (references, prompt,
                   group_of (_("Video"), GTK_WIDGET (self->h3_model_row), GTK_WIDGET (self->ratio_row),
                             GTK_WIDGET (self->h3_resolution_row), duration_row, NULL),
                   NULL);
  adw_view_stack_add_titled (self->stack, page, "h3", _("MiniMax-H3"));
  adw_view_stack_page_set_icon_name (adw_view_stack_get_page (self->stack, page), "applications-multimedia-symbolic");
}

/* The nine reference images' slots (hidden until added), a step of their own. */
static void
build_h3_references (VtNewVideoWindow *self)
{
  for (guint i = 0; i < MAX_REFERENCES; i++)
    {
      g_autofree char *title = g_strdup_printf (_("Reference Image %u"), i + 1);

      adw_preferences_group_add (self->references_group, slot_init (self, &self->references[i], "reference", title));
      g_signal_connect_swapped (self->references[i].clear, "clicked", G_CALLBACK (reference_cleared_cb),
                                &self->references[i]);
    }
  self->add_reference = gtk_button_new_with_mnemonic (_("_Add Reference Image"));
  gtk_widget_set_halign (self->add_reference, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->add_reference, 12);
  g_signal_connect_swapped (self->add_reference, "clicked", G_CALLBACK (add_reference_clicked_cb), self);
  adw_preferences_group_add (self->references_group, self->add_reference);
}

static void
build_agent (VtNewVideoWindow *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const VtCreateTemplate *all;
  GtkWidget *page;
  guint n;

  self->templates = g_ptr_array_new ();
  all = vt_create_templates (&n);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (all[i].region, self->region) == 0)
      {
        g_ptr_array_add (self->templates, (gpointer) &all[i]);
        g_ptr_array_add (names, g_strdup (_(all[i].name)));
      }
  g_ptr_array_add (names, g_strdup (_("Other (type its ID)")));
  g_ptr_array_add (names, NULL);
  self->template_row = combo_row (_("Template"), "template");
  set_choices (self->template_row, (const char * const *) names->pdata, NULL);
  self->template_id = ADW_ENTRY_ROW (adw_entry_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->template_id), "template-id");
  vt_row_set_title_text (ADW_PREFERENCES_ROW (self->template_id), _("Template ID"));
  g_signal_connect_swapped (self->template_id, "changed", G_CALLBACK (update), self);
  self->template_text = ADW_ENTRY_ROW (adw_entry_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->template_text), "template-text");
  vt_row_set_title_text (ADW_PREFERENCES_ROW (self->template_text), _("Text"));
  g_signal_connect_swapped (self->template_text, "changed", G_CALLBACK (update), self);
  page = page_for (group_of (_("Template"), GTK_WIDGET (self->template_row), GTK_WIDGET (self->template_id),
                             GTK_WIDGET (self->template_text),
                             slot_init (self, &self->media, "media", _("Picture")), NULL),
                   NULL);
  adw_view_stack_add_titled (self->stack, page, "agent", _("Templates"));
  adw_view_stack_page_set_icon_name (adw_view_stack_get_page (self->stack, page), "view-grid-symbolic");
}

static gboolean
update_idle_cb (gpointer user_data)
{
  VtNewVideoWindow *self = user_data;

  self->update_source = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

/* A choice changed: what depends on it is rebuilt once the combo row is done with its own
 * notification (as GNOME Settings does for its display rows). */
static void
combo_changed_cb (VtNewVideoWindow *self)
{
  if (self->updating || self->update_source != 0)
    return;
  self->update_source = g_idle_add (update_idle_cb, self);
}

/* GObject */

static void
vt_new_video_window_dispose (GObject *object)
{
  VtNewVideoWindow *self = VT_NEW_VIDEO_WINDOW (object);
  Slot *slots[] = { &self->first, &self->last, &self->subject, &self->h3_first, &self->h3_last, &self->media };

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->update_source, g_source_remove);
  for (guint i = 0; self->pasted != NULL && i < self->pasted->len; i++)
    g_file_delete_async (self->pasted->pdata[i], G_PRIORITY_LOW, NULL, NULL, NULL);
  g_clear_pointer (&self->pasted, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    if (slots[i]->loading != NULL)
      g_cancellable_cancel (slots[i]->loading);
  for (guint i = 0; i < MAX_REFERENCES; i++)
    if (self->references[i].loading != NULL)
      g_cancellable_cancel (self->references[i].loading);
  gtk_widget_dispose_template (GTK_WIDGET (self), VT_TYPE_NEW_VIDEO_WINDOW);
  G_OBJECT_CLASS (vt_new_video_window_parent_class)->dispose (object);
}

static void
slot_finalize (Slot *slot)
{
  g_clear_object (&slot->loading);
  g_clear_pointer (&slot->image, vt_create_image_free);
  g_clear_pointer (&slot->error, g_free);
}

static void
vt_new_video_window_finalize (GObject *object)
{
  VtNewVideoWindow *self = VT_NEW_VIDEO_WINDOW (object);
  Slot *slots[] = { &self->first, &self->last, &self->subject, &self->h3_first, &self->h3_last, &self->media };

  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    slot_finalize (slots[i]);
  for (guint i = 0; i < MAX_REFERENCES; i++)
    slot_finalize (&self->references[i]);
  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->prices);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_free (self->region);
  g_free (self->reason);
  G_OBJECT_CLASS (vt_new_video_window_parent_class)->finalize (object);
}

static void
vt_new_video_window_class_init (VtNewVideoWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_new_video_window_dispose;
  object_class->finalize = vt_new_video_window_finalize;

  /**
   * VtNewVideoWindow::created:
   * @task_id: the new task's ID
   * @kind: its VtTaskKind
   * @label: (nullable): its label, from its prompt or template
   *
   * @asked: what it was asked, for the task to remember
   *
   * MiniMax made the video's task; the window closes after this.
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_INT, G_TYPE_STRING,
                                   VT_TYPE_TASK_ASKED);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/videotasks/VideoTasks/vt-new-video-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VtNewVideoWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, VtNewVideoWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, VtNewVideoWindow, create_stack);
  gtk_widget_class_bind_template_child (widget_class, VtNewVideoWindow, create_button);
  gtk_widget_class_bind_template_child (widget_class, VtNewVideoWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, VtNewVideoWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, VtNewVideoWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, VtNewVideoWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, VtNewVideoWindow, reason_label);
  gtk_widget_class_bind_template_child (widget_class, VtNewVideoWindow, price_label);

  gtk_widget_class_install_action (widget_class, "new-video.camera", "s", camera_action);
  gtk_widget_class_install_action (widget_class, "new-video.paste", NULL, paste_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "new-video.paste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vt_new_video_window_init (VtNewVideoWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->pasted = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_swapped (self->create_button, "clicked", G_CALLBACK (create_clicked_cb), self);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->create_button), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->reason_label, NULL, -1);
}

/* What depends on every page, once all are built. */
static void
build_done (VtNewVideoWindow *self)
{
  AdwComboRow *rows[] = { self->mode_row, self->model_row, self->resolution_row, self->duration_row,
                          self->h3_model_row, self->source_row, self->ratio_row, self->h3_resolution_row,
                          self->template_row };

  g_signal_connect_swapped (self->stack, "notify::visible-child", G_CALLBACK (update), self);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_signal_connect_swapped (rows[i], "notify::selected", G_CALLBACK (combo_changed_cb), self);
  update (self);
}

/* The window is built in steps of 5-25 ms (measured on the CI machine with perf: Hailuo's
 * page 22, H3's without its reference images 8, those 18, Templates' 12). */
static void (* const build_steps[]) (VtNewVideoWindow *self) = {
  build_hailuo, build_h3, build_h3_references, build_agent, build_done,
};

static VtNewVideoWindow *
new_unbuilt (GtkWindow  *parent,
             VtClient   *client,
             const char *region)
{
  VtNewVideoWindow *self = g_object_new (VT_TYPE_NEW_VIDEO_WINDOW, "transient-for", parent, NULL);

  self->client = g_object_ref (client);
  self->region = g_strdup (region != NULL ? region : "global");
  return self;
}

/**
 * vt_new_video_window_new:
 * @client: what creations are sent through (the account's gate)
 * @region: "global" or "cn": whose Video Agent templates are offered
 *
 * Returns: (transfer none): the window, built and not shown (GTK owns it, as any window,
 *   until it is destroyed)
 */
VtNewVideoWindow *
vt_new_video_window_new (GtkWindow  *parent,
                         VtClient   *client,
                         const char *region)
{
  VtNewVideoWindow *self = new_unbuilt (parent, client, region);

  for (guint i = 0; i < G_N_ELEMENTS (build_steps); i++)
    build_steps[i] (self);
  return self;
}

/* A parent that draws no frame (hidden, minimized, closed meanwhile) holds a step no longer. */
#define STEP_WAIT_MS 100

typedef struct
{
  GdkFrameClock *clock;       /* the parent's, or NULL: the steps run from idles */
  gulong         painted_id;
  guint          source_id;   /* the next step's timeout, or idle */
  guint          next;
} Building;

static void
building_free (Building *building)
{
  if (building->painted_id != 0)
    g_signal_handler_disconnect (building->clock, building->painted_id);
  g_clear_handle_id (&building->source_id, g_source_remove);
  g_clear_object (&building->clock);
  g_free (building);
}

static void build_next (GTask *task);

static void
task_unref_notify (gpointer  data,
                   GClosure *closure)
{
  g_object_unref (data);
}

static void
painted_cb (GdkFrameClock *clock,
            GTask         *task)
{
  build_next (task);
}

static gboolean
build_source_cb (gpointer user_data)
{
  GTask *task = user_data;
  Building *building = g_task_get_task_data (task);

  building->source_id = 0;
  build_next (task);
  return G_SOURCE_REMOVE;
}

/* The next step: after the parent's next frame, or STEP_WAIT_MS if none comes first. Each
 * way holds the task. */
static void
schedule_next (GTask *task)
{
  Building *building = g_task_get_task_data (task);

  if (building->clock != NULL)
    {
      gdk_frame_clock_request_phase (building->clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);
      building->source_id = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, STEP_WAIT_MS, build_source_cb,
                                                g_object_ref (task), g_object_unref);
    }
  else
    building->source_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, build_source_cb, g_object_ref (task),
                                           g_object_unref);
}

/* One step, then the next once the parent has drawn a frame: each step starts with a whole
 * frame's time ahead of it, and no frame of the parent waits for more than one step. */
static void
build_next (GTask *task)
{
  VtNewVideoWindow *self = g_task_get_source_object (task);
  Building *building = g_task_get_task_data (task);

  g_object_ref (task);
  g_clear_handle_id (&building->source_id, g_source_remove);
  build_steps[building->next++] (self);
  if (building->next < G_N_ELEMENTS (build_steps))
    schedule_next (task);
  else
    {
      if (building->painted_id != 0)
        g_clear_signal_handler (&building->painted_id, building->clock);
      g_task_return_pointer (task, g_object_ref (self), g_object_unref);
    }
  g_object_unref (task);
}

/**
 * vt_new_video_window_new_async:
 *
 * Builds the window a step at a time, each after a frame of @parent, so that opening it
 * holds none of @parent's frames up for long (built at once, it held one 65-95 ms).
 */
void
vt_new_video_window_new_async (GtkWindow           *parent,
                               VtClient            *client,
                               const char          *region,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  /* Owned by GTK, as any window, until destroyed. */
  VtNewVideoWindow *self = new_unbuilt (parent, client, region);
  GTask *task = g_task_new (self, NULL, callback, user_data);
  Building *building = g_new0 (Building, 1);

  g_task_set_source_tag (task, vt_new_video_window_new_async);
  g_task_set_task_data (task, building, (GDestroyNotify) building_free);
  /* The task is held by what runs the next step: the handler on the parent's frame clock
   * (until the last step), and the timeout or idle. */
  if (parent != NULL && gtk_widget_get_frame_clock (GTK_WIDGET (parent)) != NULL)
    {
      building->clock = g_object_ref (gtk_widget_get_frame_clock (GTK_WIDGET (parent)));
      building->painted_id = g_signal_connect_data (building->clock, "after-paint", G_CALLBACK (painted_cb),
                                                    g_object_ref (task), task_unref_notify, 0);
    }
  schedule_next (task);
  g_object_unref (task);
}

/* Returns: (transfer full): the window, built and not shown */
VtNewVideoWindow *
vt_new_video_window_new_finish (GAsyncResult *result)
{
  return g_task_propagate_pointer (G_TASK (result), NULL);
}

void
vt_new_video_window_set_family (VtNewVideoWindow *self,
                                VtTaskKind        kind)
{
  g_return_if_fail (VT_IS_NEW_VIDEO_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->stack, kind == VT_TASK_KIND_H3 ? "h3"
                                                      : kind == VT_TASK_KIND_AGENT ? "agent" : "hailuo");
}

/**
 * vt_new_video_window_set_image:
 * @slot: first-frame, last-frame, subject (Hailuo), h3-first-frame, h3-last-frame, reference
 *   (a new one), or media (Video Agent)
 *
 * What choosing, dropping or pasting a file does: it is read in a worker thread.
 */
void
vt_new_video_window_set_image (VtNewVideoWindow *self,
                               const char       *slot,
                               GFile            *file)
{
  Slot *slots[] = { &self->first, &self->last, &self->subject, &self->h3_first, &self->h3_last, &self->media };

  g_return_if_fail (VT_IS_NEW_VIDEO_WINDOW (self));
  if (g_str_equal (slot, "reference"))
    {
      if (self->n_references >= MAX_REFERENCES)
        return;
      add_reference_clicked_cb (self);
      slot_load (&self->references[self->n_references - 1], file);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    if (g_str_equal (slots[i]->name, slot))
      slot_load (slots[i], file);
}

/* Whether an image is being read or the creation sent. */
gboolean
vt_new_video_window_get_busy (VtNewVideoWindow *self)
{
  g_return_val_if_fail (VT_IS_NEW_VIDEO_WINDOW (self), FALSE);
  return self->submitting || any_loading (self);
}

/* Returns: (nullable): why Create cannot be pressed now */
const char *
vt_new_video_window_get_reason (VtNewVideoWindow *self)
{
  g_return_val_if_fail (VT_IS_NEW_VIDEO_WINDOW (self), NULL);
  return self->reason;
}

static void
select_string (AdwComboRow *row,
               const char  *value)
{
  GListModel *list = adw_combo_row_get_model (row);

  for (guint i = 0; value != NULL && i < g_list_model_get_n_items (list); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (list), i), value))
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
}

static void
set_text (GtkTextView *view,
          const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text != NULL ? text : "", -1);
}

/**
 * vt_new_video_window_fill:
 * @kind: the family's page to show
 * @asked: what an earlier task was asked
 *
 * Create Again: the form as it was for @asked, as far as the rule table still allows it
 * (a model or duration no longer offered falls back to the default). Pictures are known by
 * name only and are chosen again.
 */
void
vt_new_video_window_fill (VtNewVideoWindow  *self,
                          VtTaskKind         kind,
                          const VtTaskAsked *asked)
{
  g_return_if_fail (VT_IS_NEW_VIDEO_WINDOW (self));
  g_return_if_fail (asked != NULL);

  vt_new_video_window_set_family (self, kind);
  self->updating = TRUE;
  if (kind == VT_TASK_KIND_H3)
    {
      adw_combo_row_set_selected (self->source_row,
                                  asked->mode == VT_CREATE_MODE_FIRST_FRAME || asked->mode == VT_CREATE_MODE_FIRST_LAST ? 1
                                  : asked->mode == VT_CREATE_MODE_REFERENCE ? 2 : 0);
      select_string (self->h3_model_row, asked->model);
      refresh_choices (self);
      self->updating = TRUE;
      select_string (self->ratio_row, asked->ratio);
      select_string (self->h3_resolution_row, asked->resolution);
      refresh_choices (self);
      if (asked->duration > 0)
        gtk_spin_button_set_value (self->h3_duration, asked->duration);
      set_text (self->h3_prompt, asked->prompt);
    }
  else if (kind == VT_TASK_KIND_AGENT)
    {
      guint selected = self->templates->len;   /* Other (type its ID) */

      for (guint i = 0; i < self->templates->len; i++)
        if (g_strcmp0 (((const VtCreateTemplate *) self->templates->pdata[i])->id, asked->template_id) == 0)
          selected = i;
      adw_combo_row_set_selected (self->template_row, selected);
      if (selected == self->templates->len && asked->template_id != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->template_id), asked->template_id);
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (hailuo_modes); i++)
        if (hailuo_modes[i] == asked->mode)
          adw_combo_row_set_selected (self->mode_row, i);
      refresh_choices (self);
      self->updating = TRUE;
      select_string (self->model_row, asked->model);
      refresh_choices (self);
      self->updating = TRUE;
      select_string (self->resolution_row, asked->resolution);
      refresh_choices (self);
      if (asked->duration > 0)
        {
          /* Translators: a video's length in seconds: "6 s" */
          g_autofree char *duration = g_strdup_printf (_("%d s"), asked->duration);

          self->updating = TRUE;
          select_string (self->duration_row, duration);
        }
      set_text (self->prompt, asked->prompt);
    }
  self->updating = FALSE;
  refresh_choices (self);
  /* The pictures it had, by name, where they go again (in the order they were sent). */
  {
    Slot *slots[VT_TASK_ASKED_MAX_IMAGES];
    guint n = 0;

    if (kind == VT_TASK_KIND_H3 && asked->mode == VT_CREATE_MODE_REFERENCE)
      slots[n++] = &self->references[0];
    else if (kind == VT_TASK_KIND_H3)
      {
        slots[n++] = &self->h3_first;
        slots[n++] = &self->h3_last;
      }
    else if (kind == VT_TASK_KIND_AGENT)
      slots[n++] = &self->media;
    else if (asked->mode == VT_CREATE_MODE_SUBJECT)
      slots[n++] = &self->subject;
    else
      {
        slots[n++] = &self->first;
        slots[n++] = &self->last;
      }
    for (guint i = 0; i < n && asked->images[i] != NULL; i++)
      if (slots[i]->image == NULL)
        {
          /* Translators: %s is the file name of the picture an earlier video was made from */
          g_autofree char *was = g_strdup_printf (_("Was %s: choose it again"), asked->images[i]);

          vt_row_set_subtitle_text (slots[i]->row, was);
        }
  }
  update (self);
}
