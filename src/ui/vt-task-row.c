/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-task-row"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-display.h"
#include "vt-download.h"
#include "vt-task-asked.h"
#include "vt-task-row.h"
#include "vt-ticker.h"
#include "vt-tooltip.h"

typedef enum
{
  PRIMARY_NONE,
  PRIMARY_OPEN,
  PRIMARY_CANCEL,
} Primary;

struct _VtTaskRow
{
  AdwBin     parent_instance;

  VtDownloadManager *downloads;
  VtPoller  *poller;
  VtTicker  *ticker;
  VtSavedFiles *saved_files;
  VtThumbnailer *thumbnailer;
  VtTask    *task;
  VtTask    *thumbnail_task;  /* the task the thumbnailer was asked for, or NULL */
  gboolean   thumbnail_saved; /* and whether it was asked with the saved file */
  gulong     notify_id;
  gulong     tick_id;
  gulong     downloads_id;
  gulong     poller_id;
  gulong     saved_files_id;
  gulong     thumbnailer_id;

  GtkBox    *main_box;
  GtkBox    *text_box;
  GtkImage  *status_icon;
  GtkWidget *thumbnail;      /* NULL until a thumbnail is first shown */
  GtkLabel  *title_label;
  GtkLabel  *status_label;
  GtkLabel  *id_label;
  GtkLabel  *times_label;
  GtkMenuButton *menu_button;
  GtkButton *primary_button;
  /* NULL until the row's task first needs them */
  GtkSpinner *checking_spinner;
  GtkLabel  *reason_label;
  GtkLabel  *detail_label;
  GtkProgressBar *download_progress;
  VtDownload *download;
  gulong     download_id;
  gboolean   saved;          /* the downloaded file is where the task says */
  guint64    saved_size;
  gint64     first_bytes_at; /* monotonic µs when this row first saw the download's bytes */
  guint64    first_bytes;
  /* What the row's actions and button were last set to: a row is rebound to another task
   * on every scroll, and each change of these costs (GTK updates the action muxer and
   * restyles the button), so only what differs is set. */
  guint      enabled;        /* a bit per row_action_names[] */
  gboolean   enabled_known;
  Primary    primary;
  const char *status_css;    /* the class on the status label and icon, or NULL */
  gboolean   reason_error;   /* the reason label has the "error" class */
  VtTaskKind kind;           /* what :kind last said */
};

enum {
  PROP_0,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static const char * const row_action_names[] = {
  "row.open", "row.download", "row.cancel-download", "row.show-in-folder", "row.save-as",
  "row.copy-link", "row.refresh", "row.copy-details", "row.play", "row.create-again",
  "row.cancel-at-minimax",
};

G_DEFINE_FINAL_TYPE (VtTaskRow, vt_task_row, ADW_TYPE_BIN)

static void update_detail (VtTaskRow *self);

/* The parts few tasks need, made the first time one does. */

/*
 * A row reads at a glance, in at most three lines: the title; the status with the one fact
 * that matters now; the ID, when the title is a label. The fact is why the task failed (or
 * could not be checked), else what there is of its video (how its download goes, where it
 * was saved, how long its link works), else its kind and times. All three sit beside the
 * status, and the first there is shows (show_one_fact()).
 */
static GtkLabel *
fact_label_new (VtTaskRow *self)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_xalign (label, 0);
  gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (label), "caption");
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->times_label))),
                              GTK_WIDGET (label), GTK_WIDGET (self->times_label));
  return label;
}

static void
ensure_detail_label (VtTaskRow *self)
{
  if (self->detail_label != NULL)
    return;
  self->detail_label = fact_label_new (self);
  gtk_widget_add_css_class (GTK_WIDGET (self->detail_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->detail_label), "numeric");
}

/* Why it failed: the whole of it in the tooltip and in the details. */
static void
ensure_reason_label (VtTaskRow *self)
{
  if (self->reason_label != NULL)
    return;
  self->reason_label = fact_label_new (self);
  self->reason_error = FALSE;
}

static gboolean
label_has_text (GtkLabel *label)
{
  return label != NULL && *gtk_label_get_label (label) != '\0';
}

static void
show_one_fact (VtTaskRow *self)
{
  gboolean reason = label_has_text (self->reason_label);
  gboolean detail = !reason && label_has_text (self->detail_label);

  if (self->reason_label != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->reason_label), reason);
  if (self->detail_label != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail);
  gtk_widget_set_visible (GTK_WIDGET (self->times_label),
                          !reason && !detail && label_has_text (self->times_label));
}

/* Where the status icon is, while a task nothing is known of waits for its first answer. */
static void
ensure_checking_spinner (VtTaskRow *self)
{
  if (self->checking_spinner != NULL)
    return;
  self->checking_spinner = g_object_new (GTK_TYPE_SPINNER,
                                         "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                         "valign", GTK_ALIGN_START,
                                         "margin-top", 2,
                                         "width-request", 32,
                                         "height-request", 32,
                                         NULL);
  gtk_box_insert_child_after (self->main_box, GTK_WIDGET (self->checking_spinner),
                              GTK_WIDGET (self->status_icon));
}

/* Drawn over the bottom edge of the card: a download adds no height. */
static void
ensure_download_progress (VtTaskRow *self)
{
  if (self->download_progress != NULL)
    return;
  self->download_progress = g_object_new (GTK_TYPE_PROGRESS_BAR,
                                          "valign", GTK_ALIGN_END,
                                          "margin-start", 13,
                                          "margin-end", 13,
                                          "can-target", FALSE,
                                          NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->download_progress), "osd");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->download_progress),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Download progress"), -1);
  /* The row's child (not a bound template child: AdwBin unparents it itself). */
  gtk_overlay_add_overlay (GTK_OVERLAY (adw_bin_get_child (ADW_BIN (self))),
                           GTK_WIDGET (self->download_progress));
}

/* When the task's last check failed, in this session (the poller knows, also of an error
 * said once for the window) or in one before (the task kept it); %NULL after an answer. */
static GDateTime *
dup_failed_at (VtTaskRow *self)
{
  GDateTime *failed_at = vt_poller_dup_failed_at (self->poller, self->task);

  if (failed_at == NULL && vt_task_get_check_failed (self->task) &&
      vt_task_get_last_checked (self->task) != NULL)
    failed_at = g_date_time_ref (vt_task_get_last_checked (self->task));
  return failed_at;
}

static void
update_times (VtTaskRow *self)
{
  GDateTime *now = vt_ticker_get_now (self->ticker);
  g_autofree char *added = NULL;
  g_autofree char *checked = NULL;
  g_autofree char *text = NULL;
  const char *kind = vt_display_kind (vt_task_get_kind (self->task));
  GDateTime *added_at = vt_task_get_added (self->task);
  GDateTime *checked_at = vt_task_get_last_checked (self->task);
  g_autoptr(GDateTime) failed_at = dup_failed_at (self);
  g_autofree char *failed = NULL;

  if (added_at != NULL)
    added = vt_display_time_ago (added_at, now);
  if (failed_at != NULL)
    failed = vt_display_time_ago (failed_at, now);
  /* A finished task is not checked any more: when it last was says nothing. */
  else if (checked_at != NULL && !vt_task_is_finished (self->task))
    checked = vt_display_time_ago (checked_at, now);

  if (added != NULL && failed != NULL)
    /* Translators: "Added 5 min ago · Last check failed 2 min ago" */
    text = g_strdup_printf (_("Added %s · Last check failed %s"), added, failed);
  else if (failed != NULL)
    text = g_strdup_printf (_("Last check failed %s"), failed);
  else if (added != NULL && checked != NULL)
    /* Translators: "Added 5 min ago · Checked just now" */
    text = g_strdup_printf (_("Added %s · Checked %s"), added, checked);
  else if (added != NULL && vt_task_is_finished (self->task))
    /* Translators: "Added 5 min ago", of a task that finished */
    text = g_strdup_printf (_("Added %s"), added);
  else if (added != NULL)
    text = g_strdup_printf (_("Added %s · Not checked yet"), added);
  else if (checked != NULL)
    text = g_strdup_printf (_("Checked %s"), checked);

  /* What kind of task it is, once known, in front. */
  if (kind != NULL && text == NULL)
    text = g_strdup (kind);
  else if (kind != NULL)
    {
      /* Translators: the kind of task ("Hailuo"), then "Added 5 min ago · Checked just now" */
      g_autofree char *times = g_steal_pointer (&text);
      text = g_strdup_printf (_("%s · %s"), kind, times);
    }

  gtk_label_set_label (self->times_label, text);
  update_detail (self);
}

/* "5 s left", "3 min left", "2 h left", from the average rate since the row first saw
 * bytes arrive (the instant speed of the first moments promises hours); NULL for the first
 * second. */
static char *
time_left (VtTaskRow  *self,
           VtDownload *download)
{
  guint64 total = vt_download_get_total (download);
  guint64 received = vt_download_get_received (download);
  gint64 now = g_get_monotonic_time ();
  double speed;
  guint64 seconds;

  if (received == 0 || total <= received)
    return NULL;
  if (self->first_bytes_at == 0)
    {
      self->first_bytes_at = now;
      self->first_bytes = received;
    }
  if (now - self->first_bytes_at < G_USEC_PER_SEC || received <= self->first_bytes)
    return NULL;

  speed = (received - self->first_bytes) * (double) G_USEC_PER_SEC / (now - self->first_bytes_at);

  seconds = (guint64) ((total - received) / speed) + 1;
  if (seconds < 60)
    return g_strdup_printf (ngettext ("%u s left", "%u s left", (guint) seconds), (guint) seconds);
  if (seconds < 60 * 60)
    return g_strdup_printf (ngettext ("%u min left", "%u min left", (guint) (seconds / 60)),
                            (guint) (seconds / 60));
  return g_strdup_printf (ngettext ("%u h left", "%u h left", (guint) (seconds / 3600)),
                          (guint) MIN (seconds / 3600, G_MAXUINT));
}

/* "12.3 MB of 40.0 MB — 5 s left", or "Starting…" before the first bytes. */
static char *
download_text (VtTaskRow  *self,
               VtDownload *download)
{
  g_autofree char *received = NULL;
  g_autofree char *total = NULL;
  g_autofree char *speed = NULL;
  g_autofree char *left = NULL;

  if (vt_download_get_received (download) == 0)
    return g_strdup (C_("download", "Starting…"));

  received = g_format_size (vt_download_get_received (download));
  /* No speed measured yet: none is said ("0 bytes/s" reads as stalled). */
  if (vt_download_get_speed (download) < 1)
    {
      if (vt_download_get_total (download) == 0)
        return g_steal_pointer (&received);
      total = g_format_size (vt_download_get_total (download));
      /* Translators: "12.0 MB of 60.0 MB" */
      return g_strdup_printf (_("%s of %s"), received, total);
    }
  speed = g_format_size ((guint64) vt_download_get_speed (download));
  if (vt_download_get_total (download) == 0)
    /* Translators: "12.3 MB · 5.1 MB/s", when the full size is not known */
    return g_strdup_printf (_("%s · %s/s"), received, speed);

  total = g_format_size (vt_download_get_total (download));
  left = time_left (self, download);
  if (left == NULL)
    /* Translators: "12.3 MB of 40.0 MB · 5.1 MB/s" */
    return g_strdup_printf (_("%s of %s · %s/s"), received, total, speed);
  /* Translators: "12.3 MB of 40.0 MB — 5 s left", as GNOME's downloads say it */
  return g_strdup_printf (_("%s of %s — %s"), received, total, left);
}

/* "Link expires in 2 hours", counted from when the link was issued, against the time now:
 * a tick-old time could promise minutes the link does not have. */
static char *
link_text (VtTask *task)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expiry = vt_task_dup_link_expiry (task);
  GTimeSpan left;

  if (expiry == NULL)
    return NULL;

  left = g_date_time_difference (expiry, now);
  if (left <= 0)
    return g_strdup (_("The link has expired; a new one is fetched when needed"));
  if (left < G_TIME_SPAN_HOUR)
    return g_strdup_printf (ngettext ("Link expires in %d minute", "Link expires in %d minutes",
                                      (int) (left / G_TIME_SPAN_MINUTE)),
                            (int) MAX (1, left / G_TIME_SPAN_MINUTE));
  return g_strdup_printf (ngettext ("Link expires in %d hour", "Link expires in %d hours",
                                    (int) (left / G_TIME_SPAN_HOUR)),
                          (int) (left / G_TIME_SPAN_HOUR));
}

/* "410.2 MB · Saved in ~/Videos/Video Tasks" */
static char *
saved_text (const char *path,
            guint64     size)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *shown_folder = vt_display_folder (folder);
  g_autofree char *shown_size = g_format_size (size);

  /* Translators: "410.2 MB · Saved in ~/Videos/Video Tasks" */
  return g_strdup_printf (_("%s · Saved in %s"), shown_size, shown_folder);
}

/* The video's line: its download while one runs, where it was saved, or its link. */
static void
update_detail (VtTaskRow *self)
{
  VtDownload *download = self->download;
  const char *path = vt_task_get_file_path (self->task);
  g_autofree char *text = NULL;

  gint64 duration = -1;

  if (download != NULL)
    text = download_text (self, download);
  else if (self->saved)
    text = saved_text (path, self->saved_size);
  else if (vt_task_get_status (self->task) == VT_TASK_STATUS_SUCCESS)
    {
      /* Not saved yet: what kind it is, and how long its link works. */
      const char *kind = vt_display_kind (vt_task_get_kind (self->task));
      g_autofree char *link = link_text (self->task);

      if (kind != NULL && link != NULL)
        /* Translators: the kind of task ("Hailuo"), then "Link expires in 9 hours" */
        text = g_strdup_printf (_("%s · %s"), kind, link);
      else
        text = g_steal_pointer (&link);
    }

  /* How long the video is, once its thumbnail says. */
  if (self->thumbnailer != NULL && download == NULL && vt_task_get_status (self->task) == VT_TASK_STATUS_SUCCESS)
    vt_thumbnailer_lookup (self->thumbnailer, self->task, &duration, NULL);
  if (duration >= 0 && text != NULL)
    {
      g_autofree char *rest = g_steal_pointer (&text);

      /* Translators: a video's length ("0:06"), then "2.1 MB · Saved in ~/Videos/Video Tasks" */
      text = g_strdup_printf (_("%d:%02d · %s"), (int) (duration / 60), (int) (duration % 60), rest);
    }

  if (text != NULL)
    ensure_detail_label (self);
  if (self->detail_label != NULL)
    {
      gtk_label_set_label (self->detail_label, text);
      vt_tooltip_set (GTK_WIDGET (self->detail_label), text);
    }
  show_one_fact (self);

  if (download != NULL)
    ensure_download_progress (self);
  if (self->download_progress != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->download_progress), download != NULL);
  if (download == NULL)
    return;
  if (vt_download_get_total (download) > 0)
    gtk_progress_bar_set_fraction (self->download_progress,
                                   (double) vt_download_get_received (download) /
                                   vt_download_get_total (download));
  else if (vt_download_get_received (download) > 0)
    gtk_progress_bar_pulse (self->download_progress);
  else
    gtk_progress_bar_set_fraction (self->download_progress, 0);
}

static void
set_download (VtTaskRow  *self,
              VtDownload *download)
{
  if (self->download == download)
    return;

  if (self->download != NULL)
    g_clear_signal_handler (&self->download_id, self->download);
  g_set_object (&self->download, download);
  self->first_bytes_at = 0;
  if (download != NULL)
    self->download_id = g_signal_connect_swapped (download, "notify", G_CALLBACK (update_detail), self);
}

/* Play (in the app) when there is a video, Cancel while it downloads, nothing while it is being made;
 * the rest is in the menu, enabled when it can do something. */
static void
update_actions (VtTaskRow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  /* With or without a link: a missing one is fetched when needed, as an expired one is. */
  gboolean has_video = vt_task_get_status (self->task) == VT_TASK_STATUS_SUCCESS;
  gboolean downloading = self->download != NULL;
  gboolean can_check = !vt_task_is_finished (self->task) || vt_task_get_check_failed (self->task);
  /* In the order of row_action_names[]. */
  gboolean enabled[] = {
    has_video || self->saved,
    has_video && !downloading && !self->saved,
    downloading,
    self->saved && !downloading,
    has_video && !downloading,
    vt_task_get_video_url (self->task) != NULL,
    can_check,
    vt_task_get_last_error (self->task) != NULL,
    has_video || self->saved,
    vt_task_get_asked (self->task) != NULL,
    vt_task_get_kind (self->task) == VT_TASK_KIND_H3 && vt_task_get_status (self->task) == VT_TASK_STATUS_QUEUEING,
  };
  Primary primary = downloading ? PRIMARY_CANCEL : has_video || self->saved ? PRIMARY_OPEN : PRIMARY_NONE;
  guint mask = 0;

  G_STATIC_ASSERT (G_N_ELEMENTS (enabled) == G_N_ELEMENTS (row_action_names));
  for (guint i = 0; i < G_N_ELEMENTS (enabled); i++)
    mask |= (guint) enabled[i] << i;
  for (guint i = 0; i < G_N_ELEMENTS (enabled); i++)
    if (!self->enabled_known || ((mask ^ self->enabled) & (1u << i)) != 0)
      gtk_widget_action_set_enabled (widget, row_action_names[i], enabled[i]);
  self->enabled = mask;
  self->enabled_known = TRUE;

  if (primary == self->primary)
    return;
  self->primary = primary;

  if (primary == PRIMARY_CANCEL)
    {
      gtk_button_set_icon_name (self->primary_button, "process-stop-symbolic");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->primary_button), "row.cancel-download");
      vt_tooltip_set (GTK_WIDGET (self->primary_button), _("Cancel Download"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->primary_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cancel download"), -1);
    }
  else if (primary == PRIMARY_OPEN)
    {
      gtk_button_set_icon_name (self->primary_button, "media-playback-start-symbolic");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->primary_button), "row.play");
      vt_tooltip_set (GTK_WIDGET (self->primary_button), _("Play"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->primary_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Play video"), -1);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->primary_button), primary != PRIMARY_NONE);
}

/* Whether the downloaded file is still there, and how big, as last seen off the main
 * thread (vt_saved_files_refresh()). A file deleted since is offered for download again. */
static void
update_saved (VtTaskRow *self)
{
  const char *path = vt_task_get_file_path (self->task);

  self->saved = path != NULL && vt_saved_files_lookup (self->saved_files, path, &self->saved_size);
  if (!self->saved)
    self->saved_size = 0;
}

/* A first frame at a card's size, 80×45 whatever the video's (a GtkPicture asks for the
 * texture's own size), cropped to 16:9 and drawn with rounded corners. */
#define THUMBNAIL_WIDTH  80
#define THUMBNAIL_HEIGHT 45

G_DECLARE_FINAL_TYPE (VtRowThumbnail, vt_row_thumbnail, VT, ROW_THUMBNAIL, GtkWidget)

struct _VtRowThumbnail
{
  GtkWidget   parent_instance;
  GdkTexture *texture;
};

G_DEFINE_FINAL_TYPE (VtRowThumbnail, vt_row_thumbnail, GTK_TYPE_WIDGET)

static void
vt_row_thumbnail_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? THUMBNAIL_WIDTH : THUMBNAIL_HEIGHT;
}

static void
vt_row_thumbnail_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  VtRowThumbnail *self = VT_ROW_THUMBNAIL (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double texture_width, texture_height, scale;
  GskRoundedRect clip;

  if (self->texture == NULL)
    return;
  texture_width = gdk_texture_get_width (self->texture);
  texture_height = gdk_texture_get_height (self->texture);
  scale = MAX (width / texture_width, height / texture_height);
  gsk_rounded_rect_init_from_rect (&clip, &GRAPHENE_RECT_INIT (0, 0, width, height), 6);
  gtk_snapshot_push_rounded_clip (snapshot, &clip);
  gtk_snapshot_append_texture (snapshot, self->texture,
                               &GRAPHENE_RECT_INIT ((width - texture_width * scale) / 2,
                                                    (height - texture_height * scale) / 2,
                                                    texture_width * scale, texture_height * scale));
  gtk_snapshot_pop (snapshot);
}

static void
vt_row_thumbnail_dispose (GObject *object)
{
  g_clear_object (&VT_ROW_THUMBNAIL (object)->texture);
  G_OBJECT_CLASS (vt_row_thumbnail_parent_class)->dispose (object);
}

static void
vt_row_thumbnail_class_init (VtRowThumbnailClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vt_row_thumbnail_dispose;
  GTK_WIDGET_CLASS (klass)->measure = vt_row_thumbnail_measure;
  GTK_WIDGET_CLASS (klass)->snapshot = vt_row_thumbnail_snapshot;
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vt_row_thumbnail_init (VtRowThumbnail *self)
{
}

static void
vt_row_thumbnail_set_texture (VtRowThumbnail *self,
                              GdkTexture     *texture)
{
  if (g_set_object (&self->texture, texture))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A finished video shows its first frame where the status icon was; the thumbnailer is
 * asked only while the row shows a finished task (rows are rebound as the list scrolls). */
static void
update_thumbnail (VtTaskRow *self)
{
  gboolean success = self->task != NULL && vt_task_get_status (self->task) == VT_TASK_STATUS_SUCCESS;
  VtTask *wanted = success && self->thumbnailer != NULL ? self->task : NULL;
  GdkTexture *texture = NULL;

  /* Asked again once the video is saved: its thumbnail is then the file's too. */
  if (wanted != self->thumbnail_task || (wanted != NULL && self->saved != self->thumbnail_saved))
    {
      if (self->thumbnail_task != NULL)
        vt_thumbnailer_unwant (self->thumbnailer, self->thumbnail_task);
      g_set_object (&self->thumbnail_task, wanted);
      self->thumbnail_saved = self->saved;
      if (wanted != NULL)
        vt_thumbnailer_want (self->thumbnailer, wanted, self->saved ? vt_task_get_file_path (wanted) : NULL,
                             GTK_WIDGET (self));
    }
  if (wanted != NULL)
    texture = vt_thumbnailer_lookup (self->thumbnailer, wanted, NULL, NULL);

  if (texture != NULL && self->thumbnail == NULL)
    {
      self->thumbnail = g_object_new (vt_row_thumbnail_get_type (), NULL);
      gtk_widget_set_valign (self->thumbnail, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->thumbnail), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Thumbnail"), -1);
      gtk_box_insert_child_after (self->main_box, self->thumbnail, GTK_WIDGET (self->status_icon));
    }
  if (self->thumbnail != NULL)
    {
      vt_row_thumbnail_set_texture (VT_ROW_THUMBNAIL (self->thumbnail), texture);
      gtk_widget_set_visible (self->thumbnail, texture != NULL);
    }
  if (texture != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->status_icon), FALSE);
}

static void
thumbnail_changed_cb (VtThumbnailer *thumbnailer,
                      VtTask        *task,
                      VtTaskRow     *self)
{
  if (task == self->task)
    {
      update_thumbnail (self);
      update_detail (self);
    }
}

static void
update (VtTaskRow *self)
{
  const char *label = vt_task_get_label (self->task);
  /* Worded now, from the codes the task keeps: a list saved in another language reads in
   * this one. */
  g_autofree char *error = vt_task_dup_reason (self->task);
  VtTaskStatus status = vt_task_get_status (self->task);
  gboolean check_failed = vt_task_get_check_failed (self->task) && !vt_task_is_finished (self->task);
  g_autofree char *accessible = NULL;
  const char *css = NULL;
  gboolean checking;

  gtk_label_set_label (self->title_label, label != NULL ? label : vt_task_get_id (self->task));
  /* Ellipsized at narrow widths: the whole label is in the tooltip. */
  vt_tooltip_set (GTK_WIDGET (self->title_label), label);
  gtk_label_set_label (self->id_label, vt_task_get_id (self->task));
  gtk_widget_set_visible (GTK_WIDGET (self->id_label), label != NULL);

  /* A task nothing is known of yet, or whose last check failed, spins while a query is on
   * the way: after Try Now, the row shows the new try rather than the old failure. */
  checking = vt_poller_is_checking (self->poller, self->task);
  if (checking && !vt_display_not_checked_yet (self->task))
    {
      g_autoptr(GDateTime) failed_at = dup_failed_at (self);
      checking = failed_at != NULL;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), !checking);
  if (checking)
    ensure_checking_spinner (self);
  if (self->checking_spinner != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->checking_spinner), checking);
      gtk_spinner_set_spinning (self->checking_spinner, checking);
    }
  gtk_image_set_from_icon_name (self->status_icon, vt_display_status_icon (self->task));
  gtk_label_set_label (self->status_label, vt_display_status_label (self->task, checking));

  if (check_failed)
    css = "warning";
  else if (status == VT_TASK_STATUS_SUCCESS)
    css = "success";
  else if (status == VT_TASK_STATUS_FAIL)
    css = "error";
  else if (vt_task_is_in_progress (self->task))
    css = "accent";
  /* Style changes are costly; a rebound row often keeps its class. */
  if (g_strcmp0 (css, self->status_css) != 0)
    {
      if (self->status_css != NULL)
        {
          gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), self->status_css);
          gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), self->status_css);
        }
      if (css != NULL)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->status_label), css);
          gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), css);
        }
      self->status_css = css;
    }

  /* Why it failed, or why it could not be checked. */
  if (error != NULL)
    ensure_reason_label (self);
  if (self->reason_label != NULL)
    {
      gtk_label_set_label (self->reason_label, error);
      vt_tooltip_set (GTK_WIDGET (self->reason_label), error);
    }
  if (self->reason_label != NULL && (check_failed || status == VT_TASK_STATUS_FAIL) != self->reason_error)
    {
      self->reason_error = !self->reason_error;
      if (self->reason_error)
        gtk_widget_add_css_class (GTK_WIDGET (self->reason_label), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->reason_label), "error");
    }

  update_saved (self);
  set_download (self, vt_download_manager_lookup (self->downloads, self->task));
  update_actions (self);
  update_thumbnail (self);

  update_times (self);

  if (vt_task_get_kind (self->task) != self->kind)
    {
      self->kind = vt_task_get_kind (self->task);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_KIND]);
    }

  accessible = g_strdup_printf ("%s, %s", label != NULL ? label : vt_task_get_id (self->task),
                                vt_display_status_label (self->task, checking));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

/* What the row's buttons and menu do is the window's: it owns the list and the toasts. */
static const struct
{
  const char *row_action;
  const char *window_action;
} row_actions[] = {
  { "row.refresh", "win.refresh-task" },
  { "row.remove", "win.remove-task" },
  { "row.rename", "win.rename-task" },
  { "row.copy-id", "win.copy-id-task" },
  { "row.copy-link", "win.copy-link-task" },
  { "row.copy-details", "win.copy-details-task" },
  { "row.open", "win.open-task" },
  { "row.play", "win.play-task" },
  { "row.save-as", "win.save-as-task" },
  { "row.download", "win.download-task" },
  { "row.cancel-download", "win.cancel-download-task" },
  { "row.show-in-folder", "win.show-in-folder-task" },
  /* The application's: it opens New Video, a window of its own. */
  { "row.create-again", "app.create-again" },
  { "row.cancel-at-minimax", "app.cancel-at-minimax" },
};

/* The window's action that makes the task each kind, by the kind's number. */
static const char * const kind_actions[] = {
  [VT_TASK_KIND_AGENT] = "win.kind-agent-task",
  [VT_TASK_KIND_VIDEO] = "win.kind-video-task",
  [VT_TASK_KIND_H3] = "win.kind-h3-task",
};

static void
forward_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VtTaskRow *self = VT_TASK_ROW (widget);

  if (self->task == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (row_actions); i++)
    if (g_str_equal (row_actions[i].row_action, action_name))
      {
        gtk_widget_activate_action (widget, row_actions[i].window_action, "s", vt_task_get_id (self->task));
        return;
      }
}

static void
checking_changed_cb (VtPoller  *poller,
                     VtTask    *task,
                     VtTaskRow *self)
{
  if (task == self->task)
    update (self);
}

static void
download_changed_cb (VtDownloadManager *downloads,
                     VtTask            *task,
                     VtTaskRow         *self)
{
  const char *path;

  if (task != self->task)
    return;
  /* A download that ended may have written the file, or failed to. */
  path = vt_task_get_file_path (task);
  if (path != NULL)
    vt_saved_files_refresh (self->saved_files, path);
  update (self);
}

static void
saved_file_changed_cb (VtSavedFiles *saved_files,
                       const char   *path,
                       VtTaskRow    *self)
{
  if (self->task != NULL && g_strcmp0 (vt_task_get_file_path (self->task), path) == 0)
    update (self);
}

static void
vt_task_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VtTaskRow *self = VT_TASK_ROW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_string (value, vt_task_kind_to_string (self->task != NULL
                                                         ? vt_task_get_kind (self->task)
                                                         : VT_TASK_KIND_UNKNOWN));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Set by the Kind submenu (row.kind): asks the window to make the task that kind. The
 * property follows the task, so it changes when the task does. */
static void
vt_task_row_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  VtTaskRow *self = VT_TASK_ROW (object);
  VtTaskKind kind;

  switch (prop_id)
    {
    case PROP_KIND:
      if (self->task != NULL && vt_task_kind_from_string (g_value_get_string (value), &kind) &&
          kind < G_N_ELEMENTS (kind_actions) && kind_actions[kind] != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), kind_actions[kind], "s",
                                    vt_task_get_id (self->task));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_task_row_dispose (GObject *object)
{
  VtTaskRow *self = (VtTaskRow *)object;

  vt_task_row_set_task (self, NULL);
  if (self->downloads != NULL)
    g_clear_signal_handler (&self->downloads_id, self->downloads);
  if (self->poller != NULL)
    g_clear_signal_handler (&self->poller_id, self->poller);
  if (self->saved_files != NULL)
    g_clear_signal_handler (&self->saved_files_id, self->saved_files);
  if (self->thumbnailer != NULL)
    g_clear_signal_handler (&self->thumbnailer_id, self->thumbnailer);
  g_clear_object (&self->thumbnailer);
  g_clear_object (&self->downloads);
  g_clear_object (&self->poller);
  g_clear_object (&self->ticker);
  g_clear_object (&self->saved_files);
  gtk_widget_dispose_template (GTK_WIDGET (object), VT_TYPE_TASK_ROW);

  G_OBJECT_CLASS (vt_task_row_parent_class)->dispose (object);
}

static void
vt_task_row_class_init (VtTaskRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_task_row_dispose;
  object_class->get_property = vt_task_row_get_property;
  object_class->set_property = vt_task_row_set_property;

  /* The task's kind by its saved name ("video"), the state of the Kind submenu's radio
   * items: "detect" while it is not known, and none is checked. */
  props[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, "detect",
                                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                          G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/videotasks/VideoTasks/vt-task-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VtTaskRow, main_box);
  gtk_widget_class_bind_template_child (widget_class, VtTaskRow, text_box);
  gtk_widget_class_bind_template_child (widget_class, VtTaskRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, VtTaskRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, VtTaskRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, VtTaskRow, id_label);
  gtk_widget_class_bind_template_child (widget_class, VtTaskRow, times_label);
  gtk_widget_class_bind_template_child (widget_class, VtTaskRow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, VtTaskRow, primary_button);

  for (guint i = 0; i < G_N_ELEMENTS (row_actions); i++)
    gtk_widget_class_install_action (widget_class, row_actions[i].row_action, NULL, forward_action);
  gtk_widget_class_install_property_action (widget_class, "row.kind", "kind");

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* The button's tooltip, shown while its menu is open, sat over the menu's first item. When
 * the menu closes it points at its button again, wherever a right-click opened it. */
static void
popover_visible_cb (GtkWidget  *popover,
                    GParamSpec *pspec,
                    GtkWidget  *button)
{
  gboolean open = gtk_widget_get_visible (popover);

  if (!open)
    gtk_popover_set_pointing_to (GTK_POPOVER (popover), NULL);
  gtk_widget_set_has_tooltip (button, !open && vt_tooltip_get (button) != NULL);
  gtk_widget_trigger_tooltip_query (button);
}

/* The row's menu, the same for every row (its actions say what applies). */
static GMenuModel *
make_menu (void)
{
  GMenu *all = g_menu_new ();
  g_autoptr(GMenu) video = g_menu_new ();
  g_autoptr(GMenu) task = g_menu_new ();
  g_autoptr(GMenu) copy = g_menu_new ();
  g_autoptr(GMenu) remove = g_menu_new ();
  g_autoptr(GMenu) kind = g_menu_new ();

  g_menu_append (video, _("_Play"), "row.play");
  g_menu_append (video, _("Open in _Player"), "row.open");
  /* Translators: menu item that downloads the finished video (a verb) */
  g_menu_append (video, _("_Download"), "row.download");
  {
    /* Only while it downloads: the row's button does it too, but the button is not
     * in the Tab order (the row is one stop). */
    g_autoptr(GMenuItem) item = g_menu_item_new (_("C_ancel Download"), "row.cancel-download");

    g_menu_item_set_attribute (item, "hidden-when", "s", "action-disabled");
    g_menu_append_item (video, item);
  }
  g_menu_append (video, _("Show in _Folder"), "row.show-in-folder");
  g_menu_append (video, _("_Save Video As…"), "row.save-as");
  /* Translators: asks MiniMax for this task's status now */
  g_menu_append (task, _("_Check Now"), "row.refresh");
  g_menu_append (task, _("_Rename…"), "row.rename");
  /* Translators: opens New Video filled in as this task was asked */
  g_menu_append (task, _("Create _Again…"), "row.create-again");
  {
    /* Only for an H3 task still waiting in MiniMax's queue (MiniMax refuses one that runs). */
    g_autoptr(GMenuItem) item = g_menu_item_new (_("Cancel at _MiniMax"), "row.cancel-at-minimax");

    g_menu_item_set_attribute (item, "hidden-when", "s", "action-disabled");
    g_menu_append_item (task, item);
  }
  /* Radio items, named as the row names the kind; the task's own is checked. */
  for (VtTaskKind k = VT_TASK_KIND_AGENT; k <= VT_TASK_KIND_H3; k++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (vt_display_kind (k), NULL);

      g_menu_item_set_action_and_target_value (item, "row.kind",
                                               g_variant_new_string (vt_task_kind_to_string (k)));
      g_menu_append_item (kind, item);
    }
  /* Translators: a submenu that sets what kind of task this is */
  g_menu_append_submenu (task, _("_Kind"), G_MENU_MODEL (kind));
  g_menu_append (copy, _("Copy _Link"), "row.copy-link");
  g_menu_append (copy, _("Copy Task _ID"), "row.copy-id");
  /* Translators: copies what MiniMax's support asks for about the last failed check */
  g_menu_append (copy, _("Copy _Details"), "row.copy-details");
  /* Translators: removes the task from the list; the video at MiniMax is not deleted */
  g_menu_append (remove, _("Re_move"), "row.remove");
  g_menu_append_section (all, NULL, G_MENU_MODEL (video));
  g_menu_append_section (all, NULL, G_MENU_MODEL (task));
  g_menu_append_section (all, NULL, G_MENU_MODEL (copy));
  g_menu_append_section (all, NULL, G_MENU_MODEL (remove));
  return G_MENU_MODEL (all);
}

/* The menu is built when first opened, for this row alone: a popover per row up front made
 * start-up with a long list several times slower (the list view keeps a couple of hundred
 * rows alive), and a menu shared by every row would be a hidden global. */
static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       user_data)
{
  g_autoptr(GMenuModel) menu = make_menu ();

  gtk_menu_button_set_create_popup_func (button, NULL, NULL, NULL);
  gtk_menu_button_set_menu_model (button, menu);
  g_signal_connect_object (gtk_menu_button_get_popover (button), "notify::visible",
                           G_CALLBACK (popover_visible_cb), button, 0);
}

/* A right-click opens the row's menu where the pointer is, as on rows in GNOME's apps
 * (the ⋮ button and the menu keys open it at the button). */
static void
secondary_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      VtTaskRow       *self)
{
  GtkWidget *button = GTK_WIDGET (self->menu_button);
  graphene_point_t point;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (gtk_menu_button_get_popover (self->menu_button) == NULL)
    create_popup_cb (self->menu_button, NULL);
  /* The popover's place is given in its parent's (the button's) coordinates. */
  if (gtk_widget_compute_point (GTK_WIDGET (self), button, &GRAPHENE_POINT_INIT (x, y), &point))
    gtk_popover_set_pointing_to (gtk_menu_button_get_popover (self->menu_button),
                                 &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 });
  vt_task_row_popup_menu (self);
}

static void
vt_task_row_init (VtTaskRow *self)
{
  GtkGesture *secondary = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The row is one Tab stop, where the focus is on the list's item around it: its buttons
   * are for the pointer, and the keyboard has Enter and the menu (Menu, Shift+F10). */
  gtk_widget_set_can_focus (GTK_WIDGET (self), FALSE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  g_signal_connect (secondary, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (secondary));
  /* Translators: tooltip of the button that opens the task's menu */
  vt_tooltip_set (GTK_WIDGET (self->menu_button), _("More"));
  gtk_menu_button_set_create_popup_func (self->menu_button, create_popup_cb, NULL, NULL);
}

/**
 * vt_task_row_new:
 * @downloads: where the row learns of its task's download
 * @poller: where it learns that its task is being checked
 * @ticker: the window's clock for "5 min ago"
 * @saved_files: what the window knows of saved videos
 * @thumbnailer: (nullable): where finished videos' thumbnails come from
 */
VtTaskRow *
vt_task_row_new (VtDownloadManager *downloads,
                 VtPoller          *poller,
                 VtTicker          *ticker,
                 VtSavedFiles      *saved_files,
                 VtThumbnailer     *thumbnailer)
{
  VtTaskRow *self;

  g_return_val_if_fail (VT_IS_DOWNLOAD_MANAGER (downloads), NULL);
  g_return_val_if_fail (VT_IS_POLLER (poller), NULL);

  self = g_object_new (VT_TYPE_TASK_ROW, NULL);
  self->downloads = g_object_ref (downloads);
  self->downloads_id = g_signal_connect (downloads, "changed", G_CALLBACK (download_changed_cb), self);
  self->poller = g_object_ref (poller);
  self->poller_id = g_signal_connect (poller, "checking-changed", G_CALLBACK (checking_changed_cb), self);
  self->ticker = g_object_ref (ticker);
  self->saved_files = g_object_ref (saved_files);
  self->saved_files_id = g_signal_connect (saved_files, "changed", G_CALLBACK (saved_file_changed_cb), self);
  if (thumbnailer != NULL)
    {
      self->thumbnailer = g_object_ref (thumbnailer);
      self->thumbnailer_id = g_signal_connect (thumbnailer, "changed", G_CALLBACK (thumbnail_changed_cb), self);
    }
  return self;
}

void
vt_task_row_set_task (VtTaskRow *self,
                      VtTask    *task)
{
  g_return_if_fail (VT_IS_TASK_ROW (self));

  if (self->task == task)
    return;

  if (self->task != NULL)
    {
      set_download (self, NULL);
      g_clear_signal_handler (&self->notify_id, self->task);
      vt_ticker_disconnect (self->ticker, &self->tick_id);
      g_clear_object (&self->task);
      update_thumbnail (self);
    }

  if (task != NULL)
    {
      self->task = g_object_ref (task);
      self->notify_id = g_signal_connect_swapped (task, "notify", G_CALLBACK (update), self);
      self->tick_id = vt_ticker_connect (self->ticker, G_CALLBACK (update_times), self);
      /* What was last seen of its file is shown at once; a deleted one shows soon after. */
      if (vt_task_get_file_path (task) != NULL)
        vt_saved_files_refresh (self->saved_files, vt_task_get_file_path (task));
      update (self);
    }
}

/**
 * vt_task_row_popup_menu:
 *
 * Opens the row's menu, as its ⋮ button does.
 */
void
vt_task_row_popup_menu (VtTaskRow *self)
{
  g_return_if_fail (VT_IS_TASK_ROW (self));

  gtk_menu_button_popup (self->menu_button);
}

/* Returns: (transfer none) (nullable): the task the row shows */
VtTask *
vt_task_row_get_task (VtTaskRow *self)
{
  g_return_val_if_fail (VT_IS_TASK_ROW (self), NULL);
  return self->task;
}

/* Returns: (transfer none) (nullable): the first frame the row shows, if it shows one */
GdkTexture *
vt_task_row_get_thumbnail (VtTaskRow *self)
{
  g_return_val_if_fail (VT_IS_TASK_ROW (self), NULL);

  if (self->thumbnail == NULL || !gtk_widget_get_visible (self->thumbnail))
    return NULL;
  return VT_ROW_THUMBNAIL (self->thumbnail)->texture;
}
