/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-thumbnailer"

/*
 * A poster frame for each finished video on screen. Rows ask when they are bound to a task
 * and let go when they are rebound, so only the rows on screen (and a few kept) cost
 * anything, however long the list. For each:
 *
 *   1. the cache (vt-thumbnail-cache.c, in a worker thread): the saved file's thumbnail in
 *      the freedesktop cache, else the link's in the app's; its PNG is decoded into a
 *      texture in a worker thread too;
 *   2. else it is made, VT_THUMBNAILS_AT_ONCE at a time: first those whose rows are inside
 *      the scrolled window's visible part, then the rows kept just around it (the list view
 *      binds more rows than it shows), the newest asked first: GTK's media backend (GStreamer, in its own threads) opens the saved
 *      file, or a sparse copy of the link's first megabyte or two (vt-video-head.c), and its
 *      first frame, prerolled and never played, is drawn at thumbnail size by a cairo
 *      renderer, shown, and written to the cache in a worker thread.
 *
 * A video that cannot be decoded is remembered as such (the row shows the kind's icon); one
 * that could not be reached is tried again in the next session.
 */

#include "config.h"

#include "vt-error.h"
#include "vt-limits.h"
#include "vt-media.h"
#include "vt-thumbnail-cache.h"
#include "vt-thumbnailer.h"
#include "vt-video-head.h"

#define KEPT_UNWANTED 64   /* thumbnails kept in memory for rows scrolled away */

typedef enum
{
  STATE_LOOKING,
  STATE_QUEUED,
  STATE_MAKING,
  STATE_DONE,
  STATE_FAILED,
} State;

typedef struct
{
  VtThumbnailer  *thumbnailer;   /* not a reference: it owns the entry */
  char           *id;
  VtTask         *task;
  char           *saved_path;
  State           state;
  guint           wanted;
  GdkTexture     *texture;
  gint64          duration;
  gint64          size;
  gboolean        copy_for_file;
  gboolean        in_unwanted;   /* its ID is in the unwanted queue */
  GtkWidget      *shown_in;      /* weak: the row that last asked, if it said */

  /* While it is made */
  guint           opening;       /* the open under way in a worker thread; 0: none */
  GtkMediaStream *media;
  GFile          *partial;
  guint           timeout_id;
} Entry;

struct _VtThumbnailer
{
  GObject            parent_instance;

  SoupSession       *session;       /* the CDN's: no key */
  GskRenderer       *renderer;
  GCancellable      *cancellable;
  GHashTable        *entries;       /* ID → Entry */
  GQueue             queue;         /* IDs waiting to be made, newest first */
  GQueue             unwanted;      /* IDs done and no longer on screen, oldest first */
  guint              n_making;
  guint              n_made;
  guint              n_opens;       /* opens started, to tell one's answer from a later's */
};

G_DEFINE_FINAL_TYPE (VtThumbnailer, vt_thumbnailer, G_TYPE_OBJECT)

/* Pipelines opened and not yet closed, by every thumbnailer. Their threads must end before
 * the process does: Mesa's exit handlers free what a GStreamer GL thread may still be
 * compiling with (a crash at exit, seen with Mesa 25 / GTK 4.18). */
static guint n_pipelines;

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void pump (VtThumbnailer *self);

static gboolean
close_idle_cb (gpointer user_data)
{
  GtkMediaStream *media = user_data;

  gtk_media_file_clear (GTK_MEDIA_FILE (media));
  g_object_unref (media);
  n_pipelines--;
  return G_SOURCE_REMOVE;
}

/* Closed on the main thread, once what is under way has returned: a stream is let go from
 * its own signals (its first frame, its error), and closing it there freed its GstPlay signal
 * adapter in the middle of the adapter's dispatch. Closing it in a worker raced that
 * dispatch instead. Either corrupted the heap (crashes in window-details on GTK 4.18). */
static void
close_media (GtkMediaStream *media)
{
  g_idle_add (close_idle_cb, media);
}

static void
stop_making (Entry *entry)
{
  g_clear_handle_id (&entry->timeout_id, g_source_remove);
  entry->opening = 0;
  if (entry->media != NULL)
    {
      g_signal_handlers_disconnect_matched (entry->media, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, entry);
      close_media (g_steal_pointer (&entry->media));
    }
  if (entry->partial != NULL)
    {
      g_file_delete_async (entry->partial, G_PRIORITY_LOW, NULL, NULL, NULL);
      g_clear_object (&entry->partial);
    }
}

static void
entry_free (Entry *entry)
{
  stop_making (entry);
  g_clear_weak_pointer (&entry->shown_in);
  g_free (entry->id);
  g_clear_object (&entry->task);
  g_free (entry->saved_path);
  g_clear_object (&entry->texture);
  g_free (entry);
}

/* The entry an answer is for, if it is still wanted at all. */
static Entry *
entry_for (VtThumbnailer *self,
           const char    *id)
{
  return g_hash_table_lookup (self->entries, id);
}

static void
push_unwanted (VtThumbnailer *self,
               Entry         *entry)
{
  if (entry->in_unwanted)
    return;
  entry->in_unwanted = TRUE;
  g_queue_push_tail (&self->unwanted, g_strdup (entry->id));
}

static void
finish (VtThumbnailer *self,
        Entry         *entry,
        State          state)
{
  if (entry->state == STATE_MAKING)
    {
      stop_making (entry);
      self->n_making--;
    }
  entry->state = state;
  if (state == STATE_DONE || state == STATE_FAILED)
    {
      if (entry->wanted == 0)
        push_unwanted (self, entry);
      g_signal_emit (self, signals[CHANGED], 0, entry->task);
    }
  pump (self);
}

/* Drops what was made for rows long gone: memory stays flat however far the list scrolls. */
static void
trim (VtThumbnailer *self)
{
  while (g_queue_get_length (&self->unwanted) > KEPT_UNWANTED)
    {
      g_autofree char *id = g_queue_pop_head (&self->unwanted);
      Entry *entry = entry_for (self, id);

      if (entry == NULL)
        continue;
      entry->in_unwanted = FALSE;
      if (entry->wanted == 0 && (entry->state == STATE_DONE || entry->state == STATE_FAILED))
        g_hash_table_remove (self->entries, id);
    }
}

/* What a row keeps: half the cached size (128×72 for a 16:9 video), each pixel the mean
 * of four, enough for an 80×45 card at twice its size and a quarter of the memory. GTK's
 * list binds some 200 rows beyond those on screen; their thumbnails stay at a few MB. Safe
 * in a worker thread (a memory texture is read, a new one made). */
static GdkTexture *
row_texture (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  int half_width = width / 2, half_height = height / 2;
  g_autofree guint8 *pixels = NULL;
  guint8 *small;
  g_autoptr(GBytes) bytes = NULL;

  if (half_width < 64 || half_height < 1)
    return g_object_ref (texture);
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  small = g_malloc ((gsize) half_width * half_height * 4);
  for (int y = 0; y < half_height; y++)
    for (int x = 0; x < half_width; x++)
      for (int c = 0; c < 4; c++)
        {
          const guint8 *top = pixels + ((gsize) (2 * y) * width + 2 * x) * 4 + c;
          const guint8 *bottom = top + (gsize) width * 4;

          small[((gsize) y * half_width + x) * 4 + c] = (top[0] + top[4] + bottom[0] + bottom[4] + 2) / 4;
        }
  bytes = g_bytes_new_take (small, (gsize) half_width * half_height * 4);
  /* gdk_texture_download() gives cairo's premultiplied native-endian ARGB. */
  return gdk_memory_texture_new (half_width, half_height,
                                 G_BYTE_ORDER == G_LITTLE_ENDIAN ? GDK_MEMORY_B8G8R8A8_PREMULTIPLIED
                                                                 : GDK_MEMORY_A8R8G8B8_PREMULTIPLIED,
                                 bytes, (gsize) half_width * 4);
}

/* Saving */

typedef struct
{
  VtThumbnailer *self;
  char          *id;
} Job;

static Job *
job_new (VtThumbnailer *self,
         Entry         *entry)
{
  Job *job = g_new0 (Job, 1);

  job->self = g_object_ref (self);
  job->id = g_strdup (entry->id);
  return job;
}

static void
job_free (Job *job)
{
  g_object_unref (job->self);
  g_free (job->id);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vt_thumbnail_cache_save_finish (result, &error))
    g_debug ("Could not keep a thumbnail: %s", error->message);
}

/* Straight RGBA from the texture's premultiplied native-endian ARGB. */
static GBytes *
texture_rgba (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  guint8 *data = g_malloc (stride * height);

  gdk_texture_download (texture, data, stride);
  for (gsize i = 0; i < stride * height; i += 4)
    {
      guint32 pixel = *(guint32 *) (data + i);
      guint8 a = pixel >> 24;
      guint8 r = (pixel >> 16) & 0xff;
      guint8 g = (pixel >> 8) & 0xff;
      guint8 b = pixel & 0xff;

      if (a != 0 && a != 255)
        {
          r = (guint8) MIN (255, r * 255 / a);
          g = (guint8) MIN (255, g * 255 / a);
          b = (guint8) MIN (255, b * 255 / a);
        }
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
      data[i + 3] = a;
    }
  return g_bytes_new_take (data, stride * height);
}

/* The link's thumbnail for the saved file too, for Files. */
static void
copy_for_file (Entry *entry)
{
  vt_thumbnail_cache_copy_for_file_async (entry->saved_path, entry->id, entry->duration, NULL, saved_cb, NULL);
}

static void
save (Entry      *entry,
      GdkTexture *texture)
{
  g_autoptr(GBytes) rgba = texture != NULL ? texture_rgba (texture) : NULL;
  int width = texture != NULL ? gdk_texture_get_width (texture) : 0;

  vt_thumbnail_cache_save_async (entry->saved_path, entry->id, rgba, width,
                                 texture != NULL ? gdk_texture_get_height (texture) : 0, (gsize) width * 4,
                                 entry->duration, entry->size, NULL, saved_cb, NULL);
}

/* Making */

static void
failed (VtThumbnailer *self,
        Entry         *entry,
        const GError  *error,
        gboolean       remember)
{
  g_debug ("No thumbnail for %s: %s", entry->id, error != NULL ? error->message : "timed out or no link");
  if (remember)
    save (entry, NULL);
  finish (self, entry, STATE_FAILED);
}

/* The first frame, at thumbnail size: drawn by a renderer of our own, so that no window
 * needs to be realized, and on the CPU, so that the texture can be read back at once. */
static GdkTexture *
render_frame (VtThumbnailer *self,
              GdkPaintable  *paintable)
{
  int width = gdk_paintable_get_intrinsic_width (paintable);
  int height = gdk_paintable_get_intrinsic_height (paintable);
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot;
  double scale;

  if (width <= 0 || height <= 0)
    return NULL;
  if (self->renderer == NULL)
    {
      g_autoptr(GError) error = NULL;

      self->renderer = gsk_cairo_renderer_new ();
      if (!gsk_renderer_realize (self->renderer, NULL, &error))
        {
          g_warning ("Cannot draw thumbnails: %s", error->message);
          g_clear_object (&self->renderer);
          return NULL;
        }
    }

  scale = MIN (1.0, (double) VT_THUMBNAIL_SIZE / MAX (width, height));
  width = MAX (1, (int) (width * scale + 0.5));
  height = MAX (1, (int) (height * scale + 0.5));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return NULL;
  return gsk_renderer_render_texture (self->renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static void
frame_cb (GdkPaintable *paintable,
          Entry        *entry)
{
  VtThumbnailer *self = g_object_get_data (G_OBJECT (paintable), "vt-thumbnailer");
  g_autoptr(GdkTexture) texture = NULL;
  GtkMediaStream *media = GTK_MEDIA_STREAM (paintable);

  if (!gtk_media_stream_is_prepared (media) || gdk_paintable_get_intrinsic_width (paintable) <= 0)
    return;
  texture = render_frame (self, paintable);
  if (texture == NULL)
    return;

  entry->duration = gtk_media_stream_get_duration (media) > 0
    ? (gtk_media_stream_get_duration (media) + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC : -1;
  self->n_made++;
  save (entry, texture);
  g_clear_object (&entry->texture);
  entry->texture = row_texture (texture);
  finish (self, entry, STATE_DONE);
}

static void
prepared_cb (GtkMediaStream *media,
             GParamSpec     *pspec,
             Entry          *entry)
{
  frame_cb (GDK_PAINTABLE (media), entry);
}

static void
media_error_cb (GtkMediaStream *media,
                GParamSpec     *pspec,
                Entry          *entry)
{
  VtThumbnailer *self = g_object_get_data (G_OBJECT (media), "vt-thumbnailer");

  if (gtk_media_stream_get_error (media) != NULL)
    failed (self, entry, gtk_media_stream_get_error (media), TRUE);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Entry *entry = user_data;
  VtThumbnailer *self = entry->thumbnailer;

  entry->timeout_id = 0;
  failed (self, entry, NULL, FALSE);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  Job   *job;
  guint  opening;
} Opening;

static void
opening_free (Opening *opening)
{
  job_free (opening->job);
  g_free (opening);
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Opening *opening = g_task_get_task_data (G_TASK (result));
  VtThumbnailer *self = opening->job->self;
  Entry *entry = entry_for (self, opening->job->id);
  GtkMediaStream *media = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Stopped, or scrolled away, while it opened. */
  if (entry == NULL || entry->opening != opening->opening)
    {
      close_media (media);
      return;
    }
  entry->opening = 0;
  entry->media = media;
  g_object_set_data (G_OBJECT (entry->media), "vt-thumbnailer", self);
  g_signal_connect (entry->media, "invalidate-contents", G_CALLBACK (frame_cb), entry);
  g_signal_connect (entry->media, "notify::prepared", G_CALLBACK (prepared_cb), entry);
  g_signal_connect (entry->media, "notify::error", G_CALLBACK (media_error_cb), entry);
  /* What it told before anyone listened. */
  if (gtk_media_stream_get_error (media) != NULL)
    media_error_cb (media, NULL, entry);
  else
    frame_cb (GDK_PAINTABLE (media), entry);
}

static void
open_media_in_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GFile *file = g_object_get_data (G_OBJECT (task), "vt-file");
  GtkMediaStream *media = gtk_media_file_new_for_file (file);

  gtk_media_stream_set_muted (media, TRUE);
  g_task_return_pointer (task, media, g_object_unref);
}

/* Opening a file prerolls it: its first frame arrives without it playing. It is opened in a
 * worker thread: the session's first open loads GTK's media backend and starts GStreamer
 * (tens of milliseconds; a second or more the first time GStreamer scans its plugins), and
 * each builds a pipeline. Its signals come to the main thread. */
static void
open_media (VtThumbnailer *self,
            Entry         *entry,
            GFile         *file)
{
  g_autoptr(GTask) task = NULL;
  Opening *opening = g_new0 (Opening, 1);

  vt_media_prepare ();
  opening->job = job_new (self, entry);
  opening->opening = entry->opening = ++self->n_opens;
  n_pipelines++;
  task = g_task_new (NULL, NULL, opened_cb, NULL);
  g_task_set_task_data (task, opening, (GDestroyNotify) opening_free);
  g_object_set_data_full (G_OBJECT (task), "vt-file", g_object_ref (file), g_object_unref);
  entry->timeout_id = g_timeout_add_seconds (VT_THUMBNAIL_TIMEOUT, timeout_cb, entry);
  g_task_run_in_thread (task, open_media_in_thread);
}

static void
head_fetched_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(GError) error = NULL;
  Entry *entry = entry_for (job->self, job->id);
  guint64 total = 0;
  gboolean ok = vt_video_head_fetch_finish (result, &total, NULL, &error);

  if (entry == NULL || entry->state != STATE_MAKING || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!ok)
    {
      /* Not an MP4 is for good; a network's trouble may pass. */
      failed (job->self, entry, error, g_error_matches (error, VT_ERROR, VT_ERROR_PROTOCOL));
      return;
    }
  entry->size = (gint64) total;
  open_media (job->self, entry, entry->partial);
}

/* The link's first megabyte or two, into a sparse file of its own in the cache. */
static void
fetch_link (VtThumbnailer *self,
            Entry         *entry)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  if (vt_task_get_video_url (entry->task) == NULL || vt_task_link_is_expired (entry->task, now))
    {
      failed (self, entry, NULL, FALSE);
      return;
    }
  name = g_compute_checksum_for_string (G_CHECKSUM_MD5, entry->id, -1);
  path = g_build_filename (g_get_user_cache_dir (), "video-tasks", "partial", name, NULL);
  entry->partial = g_file_new_for_path (path);
  /* Made when first needed: most start-ups read every thumbnail from the cache. */
  if (self->session == NULL)
    self->session = soup_session_new_with_options ("user-agent", "video-tasks/" PACKAGE_VERSION,
                                                   "timeout", VT_DOWNLOAD_TIMEOUT,
                                                   "max-conns-per-host", VT_THUMBNAILS_AT_ONCE,
                                                   NULL);
  vt_video_head_fetch_async (self->session, vt_task_get_video_url (entry->task), entry->partial,
                             self->cancellable, head_fetched_cb, job_new (self, entry));
}

static void
make (VtThumbnailer *self,
      Entry         *entry)
{
  entry->state = STATE_MAKING;
  self->n_making++;

  /* The saved file, as the row last saw it (its size goes in with the thumbnail). */
  if (entry->saved_path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (entry->saved_path);

      open_media (self, entry, file);
      return;
    }
  /* The link only while it works: thumbnails cost MiniMax no query. An expired link's
   * video gets one once it is saved (downloads fetch a fresh link). */
  fetch_link (self, entry);
}

/* Whether the row that asked is in the visible part of its scrolled window now. */
static gboolean
on_screen (Entry *entry)
{
  GtkWidget *scrolled;
  graphene_rect_t bounds;

  if (entry->shown_in == NULL || !gtk_widget_get_mapped (entry->shown_in))
    return FALSE;
  scrolled = gtk_widget_get_ancestor (entry->shown_in, GTK_TYPE_SCROLLED_WINDOW);
  if (scrolled == NULL)
    return TRUE;
  if (!gtk_widget_compute_bounds (entry->shown_in, scrolled, &bounds))
    return FALSE;
  return bounds.size.height > 0 && bounds.origin.y + bounds.size.height > 0 &&
         bounds.origin.y < gtk_widget_get_height (scrolled);
}

/* The queued ID to make next: the newest asked whose row is on screen, else the newest. */
static GList *
next_in_queue (VtThumbnailer *self)
{
  for (GList *link = self->queue.head; link != NULL; link = link->next)
    {
      Entry *entry = entry_for (self, link->data);

      if (entry != NULL && entry->state == STATE_QUEUED && on_screen (entry))
        return link;
    }
  return self->queue.head;
}

static void
pump (VtThumbnailer *self)
{
  while (self->n_making < VT_THUMBNAILS_AT_ONCE && !g_queue_is_empty (&self->queue))
    {
      GList *link = next_in_queue (self);
      g_autofree char *id = link->data;
      Entry *entry = entry_for (self, id);

      g_queue_delete_link (&self->queue, link);
      if (entry != NULL && entry->state == STATE_QUEUED)
        make (self, entry);
    }
  trim (self);
}

/* Looking up */

/* Nothing cached: made in its turn, unless its row was scrolled away meanwhile. */
static void
queue_or_drop (VtThumbnailer *self,
               Entry         *entry)
{
  if (entry->wanted == 0)
    {
      g_hash_table_remove (self->entries, entry->id);
      return;
    }
  entry->state = STATE_QUEUED;
  g_queue_push_head (&self->queue, g_strdup (entry->id));
  pump (self);
}

static void
texture_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), NULL);
  Entry *entry = entry_for (job->self, job->id);

  if (entry == NULL || entry->state != STATE_LOOKING)
    return;
  if (texture == NULL)
    {
      queue_or_drop (job->self, entry);
      return;
    }
  g_set_object (&entry->texture, texture);
  /* Made from the link before the video was saved: Files gets one for the file too. */
  if (entry->copy_for_file)
    copy_for_file (entry);
  finish (job->self, entry, STATE_DONE);
}

static void
load_texture_in_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (task_data, NULL);
  GdkTexture *small = texture != NULL ? row_texture (texture) : NULL;

  g_task_return_pointer (task, small, small != NULL ? g_object_unref : NULL);
}

static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(VtThumbnail) thumbnail = vt_thumbnail_cache_lookup_finish (result, NULL);
  Entry *entry = entry_for (job->self, job->id);

  if (entry == NULL || entry->state != STATE_LOOKING)
    return;

  if (thumbnail != NULL)
    {
      entry->duration = thumbnail->duration;
      entry->size = thumbnail->size;
    }
  if (thumbnail != NULL && thumbnail->failed)
    {
      finish (job->self, entry, STATE_FAILED);
      return;
    }
  if (thumbnail != NULL)
    {
      g_autoptr(GTask) task = g_task_new (NULL, job->self->cancellable, texture_loaded_cb, job_new (job->self, entry));

      entry->copy_for_file = entry->saved_path != NULL && !thumbnail->for_file;
      g_task_set_task_data (task, g_bytes_ref (thumbnail->png), (GDestroyNotify) g_bytes_unref);
      g_task_set_priority (task, G_PRIORITY_LOW);
      g_task_run_in_thread (task, load_texture_in_thread);
      return;
    }

  queue_or_drop (job->self, entry);
}

/**
 * vt_thumbnailer_want:
 * @saved_path: (nullable): the task's saved video, if it is there
 * @shown_in: (nullable): the widget that shows it: while it is in the visible part of its
 *   scrolled window, the thumbnail is made before those of rows off screen
 *
 * A row shows @task: its thumbnail is looked for, or made, and ::changed says when it is
 * known. Each call is undone by vt_thumbnailer_unwant().
 */
void
vt_thumbnailer_want (VtThumbnailer *self,
                     VtTask        *task,
                     const char    *saved_path,
                     GtkWidget     *shown_in)
{
  const char *id;
  Entry *entry;

  g_return_if_fail (VT_IS_THUMBNAILER (self));
  g_return_if_fail (VT_IS_TASK (task));

  id = vt_task_get_id (task);
  entry = entry_for (self, id);
  if (entry != NULL)
    {
      entry->wanted++;
      g_set_weak_pointer (&entry->shown_in, shown_in);
      /* Saved since it was made from the link: Files gets one for the file too. One that
       * could not be made from the link is tried again from the file. */
      if (saved_path != NULL && entry->saved_path == NULL && entry->state == STATE_DONE)
        {
          entry->saved_path = g_strdup (saved_path);
          copy_for_file (entry);
        }
      else if (saved_path != NULL && entry->saved_path == NULL && entry->state == STATE_FAILED)
        {
          entry->saved_path = g_strdup (saved_path);
          entry->state = STATE_QUEUED;
          g_queue_push_head (&self->queue, g_strdup (entry->id));
          pump (self);
          return;
        }
      if (entry->state == STATE_QUEUED)
        {
          /* Asked again: to the front. */
          GList *link = g_queue_find_custom (&self->queue, entry->id, (GCompareFunc) g_strcmp0);

          if (link != NULL)
            {
              g_free (link->data);
              g_queue_delete_link (&self->queue, link);
            }
          g_queue_push_head (&self->queue, g_strdup (entry->id));
        }
      return;
    }

  entry = g_new0 (Entry, 1);
  entry->thumbnailer = self;
  entry->id = g_strdup (id);
  entry->task = g_object_ref (task);
  entry->saved_path = g_strdup (saved_path);
  entry->wanted = 1;
  g_set_weak_pointer (&entry->shown_in, shown_in);
  entry->duration = entry->size = -1;
  entry->state = STATE_LOOKING;
  g_hash_table_insert (self->entries, entry->id, entry);
  vt_thumbnail_cache_lookup_async (saved_path, id, self->cancellable, looked_up_cb, job_new (self, entry));
}

void
vt_thumbnailer_unwant (VtThumbnailer *self,
                       VtTask        *task)
{
  Entry *entry;

  g_return_if_fail (VT_IS_THUMBNAILER (self));
  g_return_if_fail (VT_IS_TASK (task));

  entry = entry_for (self, vt_task_get_id (task));
  if (entry == NULL || entry->wanted == 0)
    return;
  /* The row that asked may show another task now. */
  g_clear_weak_pointer (&entry->shown_in);
  if (--entry->wanted > 0)
    return;

  switch (entry->state)
    {
    case STATE_QUEUED:
      /* Scrolled past before its turn: not made. */
      g_hash_table_remove (self->entries, vt_task_get_id (task));
      break;
    case STATE_DONE:
    case STATE_FAILED:
      push_unwanted (self, entry);
      trim (self);
      break;
    case STATE_LOOKING:
    case STATE_MAKING:
    default:
      break;
    }
}

/**
 * vt_thumbnailer_lookup:
 * @duration: (out) (optional): seconds, or -1
 * @size: (out) (optional): bytes, or -1
 *
 * Returns: (transfer none) (nullable): the task's thumbnail, if it is known
 */
GdkTexture *
vt_thumbnailer_lookup (VtThumbnailer *self,
                       VtTask        *task,
                       gint64        *duration,
                       gint64        *size)
{
  Entry *entry;

  g_return_val_if_fail (VT_IS_THUMBNAILER (self), NULL);

  entry = entry_for (self, vt_task_get_id (task));
  if (duration != NULL)
    *duration = entry != NULL ? entry->duration : -1;
  if (size != NULL)
    *size = entry != NULL ? entry->size : -1;
  return entry != NULL && entry->state == STATE_DONE ? entry->texture : NULL;
}

/**
 * vt_thumbnailer_stop:
 *
 * Stops all that is under way and forgets every thumbnail (the window that asked is going;
 * the jobs on their way hold the thumbnailer until they end, cancelled).
 */
void
vt_thumbnailer_stop (VtThumbnailer *self)
{
  g_return_if_fail (VT_IS_THUMBNAILER (self));

  g_cancellable_cancel (self->cancellable);
  g_hash_table_remove_all (self->entries);
  g_queue_clear_full (&self->queue, g_free);
  g_queue_clear_full (&self->unwanted, g_free);
  self->n_making = 0;
}

static gboolean
late_cb (gpointer user_data)
{
  gboolean *late = user_data;

  *late = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * vt_thumbnailer_wait_closed:
 *
 * Runs the main context until every pipeline a thumbnailer opened has closed (those
 * still opening in worker threads are closed when they open), or
 * VT_THUMBNAIL_CLOSE_WAIT_MS have passed.
 * For the application's shutdown, after its windows are gone.
 *
 * Returns: %TRUE if none is left
 */
gboolean
vt_thumbnailer_wait_closed (void)
{
  gboolean late = FALSE;
  guint late_id;

  if (n_pipelines == 0 && vt_media_get_n_releasing () == 0)
    return TRUE;
  late_id = g_timeout_add (VT_THUMBNAIL_CLOSE_WAIT_MS, late_cb, &late);
  while ((n_pipelines > 0 || vt_media_get_n_releasing () > 0) && !late)
    g_main_context_iteration (NULL, TRUE);
  if (!late)
    g_source_remove (late_id);

  return n_pipelines == 0 && vt_media_get_n_releasing () == 0;
}

/* How many pipelines are open or closing, for tests. */
guint
vt_thumbnailer_get_n_pipelines (void)
{
  return n_pipelines;
}

/* How many thumbnails were made (not read from the cache), for tests and benchmarks. */
guint
vt_thumbnailer_get_n_made (VtThumbnailer *self)
{
  g_return_val_if_fail (VT_IS_THUMBNAILER (self), 0);

  return self->n_made;
}

static void
vt_thumbnailer_dispose (GObject *object)
{
  VtThumbnailer *self = VT_THUMBNAILER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_queue_clear_full (&self->queue, g_free);
  g_queue_clear_full (&self->unwanted, g_free);
  if (self->renderer != NULL)
    gsk_renderer_unrealize (self->renderer);
  g_clear_object (&self->renderer);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (vt_thumbnailer_parent_class)->dispose (object);
}

static void
vt_thumbnailer_finalize (GObject *object)
{
  VtThumbnailer *self = VT_THUMBNAILER (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vt_thumbnailer_parent_class)->finalize (object);
}

static void
vt_thumbnailer_class_init (VtThumbnailerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_thumbnailer_dispose;
  object_class->finalize = vt_thumbnailer_finalize;

  /**
   * VtThumbnailer::changed:
   * @task: the task whose thumbnail is now known (or known not to be had)
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, VT_TYPE_TASK);
}

static void
vt_thumbnailer_init (VtThumbnailer *self)
{
  self->cancellable = g_cancellable_new ();
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) entry_free);
  g_queue_init (&self->queue);
  g_queue_init (&self->unwanted);
}

VtThumbnailer *
vt_thumbnailer_new (void)
{
  return g_object_new (VT_TYPE_THUMBNAILER, NULL);
}
