/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A video played inside the app: GtkVideo over GTK's media backend (GStreamer), from the
 * saved file or streamed from the link. Play/pause, seek and volume are GtkVideo's own
 * controls; loop, mute and full screen are buttons over the picture. Nothing plays until
 * asked (no autoplay: a pane that shows a task must not make noise), and a video that cannot
 * be decoded says so and offers the external player. */

#include "config.h"

#include <glib/gi18n.h>

#include "vt-media.h"
#include "vt-preview.h"
#include "vt-text.h"
#include "vt-tooltip.h"

struct _VtPreview
{
  GtkWidget       parent_instance;

  GtkStack       *stack;
  GtkVideo       *video;
  GtkToggleButton *loop_button;
  GtkToggleButton *mute_button;
  AdwStatusPage  *error_page;
  GtkWidget      *player_button;
  GFile          *source;
  GtkMediaStream *stream;
  GtkWindow      *fullscreen_window;
  GBinding       *mute_binding;
};

G_DEFINE_FINAL_TYPE (VtPreview, vt_preview, GTK_TYPE_WIDGET)

static void
stream_error_cb (VtPreview *self)
{
  const GError *error = self->stream != NULL ? gtk_media_stream_get_error (self->stream) : NULL;

  if (error == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "video");
      return;
    }

  /* GStreamer's words are for developers; the user gets what it means and a way out. */
  g_debug ("Preview failed: %s", error->message);
  vt_preview_set_fullscreen (self, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/* Looping is done here: GTK 4.8's GStreamer stream, told to loop, went back to the start at
 * the end and stayed there, paused. (GtkVideo's own loop setting, FALSE, is left alone.) */
static void
stream_ended_cb (VtPreview *self)
{
  if (self->stream != NULL && gtk_media_stream_get_ended (self->stream) &&
      gtk_toggle_button_get_active (self->loop_button))
    {
      gtk_media_stream_seek (self->stream, 0);
      gtk_media_stream_play (self->stream);
    }
}

/* GtkVideo shows the stream's picture; its own error only goes to a tooltip. */
static void
clear_stream (VtPreview *self)
{
  if (self->stream == NULL)
    return;
  g_clear_pointer (&self->mute_binding, g_binding_unbind);
  g_signal_handlers_disconnect_by_data (self->stream, self);
  vt_media_release (g_steal_pointer (&self->stream));
}

/* The saved file or the link (a GFile for its URI); NULL stops and lets go of the pipeline.
 * The player action (with its target) is what the error page's button runs. */
void
vt_preview_set_source (VtPreview  *self,
                       GFile      *source,
                       const char *player_action,
                       GVariant   *player_target)
{
  g_autoptr(GVariant) target = player_target != NULL ? g_variant_ref_sink (player_target) : NULL;

  g_return_if_fail (VT_IS_PREVIEW (self));

  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->player_button), NULL);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->player_button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->player_button), target != NULL ? player_action : NULL);

  if (source != NULL && self->source != NULL && g_file_equal (source, self->source))
    return;

  vt_preview_set_fullscreen (self, FALSE);
  clear_stream (self);
  g_set_object (&self->source, source);
  gtk_video_set_file (self->video, NULL);
  gtk_stack_set_visible_child_name (self->stack, "video");
  if (source == NULL)
    return;

  /* A stream of our own rather than gtk_video_set_file(), so that it can be shared with the
   * full-screen window and looked at by its owner. Opening prerolls: the first frame shows,
   * nothing plays. */
  vt_media_prepare ();
  self->stream = gtk_media_file_new_for_file (source);
  self->mute_binding = g_object_bind_property (self->mute_button, "active", self->stream, "muted",
                                               G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->stream, "notify::error", G_CALLBACK (stream_error_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stream, "notify::ended", G_CALLBACK (stream_ended_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_video_set_media_stream (self->video, self->stream);
  stream_error_cb (self);
}

GFile *
vt_preview_get_source (VtPreview *self)
{
  g_return_val_if_fail (VT_IS_PREVIEW (self), NULL);

  return self->source;
}

void
vt_preview_play (VtPreview *self)
{
  g_return_if_fail (VT_IS_PREVIEW (self));

  if (self->stream != NULL && gtk_media_stream_get_error (self->stream) == NULL)
    gtk_media_stream_play (self->stream);
}

void
vt_preview_pause (VtPreview *self)
{
  g_return_if_fail (VT_IS_PREVIEW (self));

  if (self->stream != NULL)
    gtk_media_stream_pause (self->stream);
}

GtkMediaStream *
vt_preview_get_stream (VtPreview *self)
{
  g_return_val_if_fail (VT_IS_PREVIEW (self), NULL);

  return self->stream;
}

gboolean
vt_preview_get_failed (VtPreview *self)
{
  g_return_val_if_fail (VT_IS_PREVIEW (self), FALSE);

  return g_str_equal (gtk_stack_get_visible_child_name (self->stack), "error");
}

static void
loop_toggled_cb (VtPreview *self)
{
  stream_ended_cb (self);
}

static void
mute_toggled_cb (VtPreview *self)
{
  gboolean muted = gtk_toggle_button_get_active (self->mute_button);

  gtk_button_set_icon_name (GTK_BUTTON (self->mute_button),
                            muted ? "audio-volume-muted-symbolic" : "audio-volume-high-symbolic");
  vt_tooltip_set (GTK_WIDGET (self->mute_button), muted ? _("Unmute") : _("Mute"));
}

/* Full screen is a window of its own showing the same stream: the pane stays where it is,
 * and Esc, a double-click or the button bring it back. */
gboolean
vt_preview_get_fullscreen (VtPreview *self)
{
  g_return_val_if_fail (VT_IS_PREVIEW (self), FALSE);

  return self->fullscreen_window != NULL;
}

static gboolean
leave_fullscreen_cb (GtkWidget *widget,
                     GVariant  *args,
                     gpointer   user_data)
{
  vt_preview_set_fullscreen (VT_PREVIEW (user_data), FALSE);
  return TRUE;
}

static void
fullscreen_pressed_cb (GtkGestureClick *gesture,
                       int              n_press,
                       double           x,
                       double           y,
                       VtPreview       *self)
{
  if (n_press == 2)
    vt_preview_set_fullscreen (self, FALSE);
}

static void
fullscreen_destroyed_cb (VtPreview *self)
{
  self->fullscreen_window = NULL;
}

static gboolean
fullscreen_close_cb (VtPreview *self)
{
  vt_preview_set_fullscreen (self, FALSE);
  return TRUE;
}

void
vt_preview_set_fullscreen (VtPreview *self,
                           gboolean   fullscreen)
{
  GtkWidget *video;
  GtkEventController *keys;
  GtkGesture *click;
  GtkRoot *root;

  g_return_if_fail (VT_IS_PREVIEW (self));

  if (!fullscreen)
    {
      if (self->fullscreen_window != NULL)
        {
          GtkWindow *window = g_steal_pointer (&self->fullscreen_window);

          g_signal_handlers_disconnect_by_data (window, self);
          gtk_window_destroy (window);
        }
      return;
    }
  if (self->fullscreen_window != NULL || self->stream == NULL)
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->fullscreen_window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_title (self->fullscreen_window, _("Preview"));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (self->fullscreen_window, GTK_WINDOW (root));
  gtk_window_set_destroy_with_parent (self->fullscreen_window, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->fullscreen_window), "vt-preview-fullscreen");

  video = gtk_video_new ();
  gtk_video_set_media_stream (GTK_VIDEO (video), self->stream);
  gtk_window_set_child (self->fullscreen_window, video);

  keys = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_callback_action_new (leave_fullscreen_cb, self, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F11, 0),
                                                          gtk_callback_action_new (leave_fullscreen_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->fullscreen_window), keys);
  click = gtk_gesture_click_new ();
  g_signal_connect_object (click, "pressed", G_CALLBACK (fullscreen_pressed_cb), self, 0);
  gtk_widget_add_controller (video, GTK_EVENT_CONTROLLER (click));
  g_signal_connect_object (self->fullscreen_window, "close-request", G_CALLBACK (fullscreen_close_cb), self,
                           G_CONNECT_SWAPPED);
  /* Gone with the main window (destroy-with-parent), without a close request. */
  g_signal_connect_object (self->fullscreen_window, "destroy", G_CALLBACK (fullscreen_destroyed_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_window_fullscreen (self->fullscreen_window);
  gtk_window_present (self->fullscreen_window);
}

static void
fullscreen_clicked_cb (VtPreview *self)
{
  vt_preview_set_fullscreen (self, TRUE);
}

static void
vt_preview_dispose (GObject *object)
{
  VtPreview *self = VT_PREVIEW (object);

  vt_preview_set_fullscreen (self, FALSE);
  clear_stream (self);
  g_clear_object (&self->source);
  if (self->video != NULL)
    gtk_video_set_media_stream (self->video, NULL);
  if (self->stack != NULL)
    gtk_widget_unparent (GTK_WIDGET (g_steal_pointer (&self->stack)));
  self->video = NULL;

  G_OBJECT_CLASS (vt_preview_parent_class)->dispose (object);
}

/* 16:9 at whatever width it is given (the picture keeps the video's own ratio inside), not
 * the video's pixel size: a 320×180 test clip and a 1080p video take the same room. */
static GtkSizeRequestMode
vt_preview_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
vt_preview_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  GtkWidget *child = GTK_WIDGET (VT_PREVIEW (widget)->stack);
  int child_min = 0, child_nat = 0;

  gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = child_min;
      *natural = MAX (child_min, 1920);
    }
  else
    {
      int height = for_size > 0 ? for_size * 9 / 16 : 180;

      *minimum = *natural = MAX (child_min, height);
    }
}

static void
vt_preview_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  gtk_widget_allocate (GTK_WIDGET (VT_PREVIEW (widget)->stack), width, height, baseline, NULL);
}

static void
vt_preview_class_init (VtPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_preview_dispose;
  widget_class->get_request_mode = vt_preview_get_request_mode;
  widget_class->measure = vt_preview_measure;
  widget_class->size_allocate = vt_preview_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "vt-preview");
}

static GtkWidget *
osd_button (gboolean    toggle,
            const char *icon_name,
            const char *tooltip)
{
  GtkWidget *button = toggle ? gtk_toggle_button_new () : gtk_button_new ();

  gtk_button_set_icon_name (GTK_BUTTON (button), icon_name);
  vt_tooltip_set (button, tooltip);
  gtk_widget_add_css_class (button, "osd");
  gtk_widget_add_css_class (button, "circular");
  return button;
}

static void
vt_preview_init (VtPreview *self)
{
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *fullscreen;
  GtkWidget *box;

  self->video = GTK_VIDEO (gtk_video_new ());
  gtk_video_set_autoplay (self->video, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->video), "vt-preview-video");
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->video));

  self->loop_button = GTK_TOGGLE_BUTTON (osd_button (TRUE, "media-playlist-repeat-symbolic", _("Loop")));
  gtk_toggle_button_set_active (self->loop_button, TRUE);
  g_signal_connect_object (self->loop_button, "toggled", G_CALLBACK (loop_toggled_cb), self, G_CONNECT_SWAPPED);
  self->mute_button = GTK_TOGGLE_BUTTON (osd_button (TRUE, "audio-volume-high-symbolic", _("Mute")));
  g_signal_connect_object (self->mute_button, "toggled", G_CALLBACK (mute_toggled_cb), self, G_CONNECT_SWAPPED);
  fullscreen = osd_button (FALSE, "view-fullscreen-symbolic", _("Full Screen"));
  g_signal_connect_object (fullscreen, "clicked", G_CALLBACK (fullscreen_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->loop_button));
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->mute_button));
  gtk_box_append (GTK_BOX (buttons), fullscreen);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_valign (buttons, GTK_ALIGN_START);
  gtk_widget_set_margin_top (buttons, 6);
  gtk_widget_set_margin_end (buttons, 6);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), buttons);

  self->error_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->error_page, "image-missing-symbolic");
  adw_status_page_set_title (self->error_page, _("Cannot Play This Video"));
  vt_status_page_set_description_text (self->error_page,
                                       _("No decoder for it is installed here, or its link no longer works."));
  gtk_widget_add_css_class (GTK_WIDGET (self->error_page), "compact");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->player_button = gtk_button_new_with_mnemonic (_("Open in _Player"));
  gtk_widget_set_halign (self->player_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->player_button, "pill");
  gtk_box_append (GTK_BOX (box), self->player_button);
  adw_status_page_set_child (self->error_page, box);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, overlay, "video");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->error_page), "error");
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "vt-preview");
}

GtkWidget *
vt_preview_new (void)
{
  return g_object_new (VT_TYPE_PREVIEW, NULL);
}
