/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-auto-download"

#include "config.h"

#include "vt-auto-download.h"

/*
 * Downloads that take care of themselves: a video is saved as soon as its task succeeds,
 * while links of Hailuo and H3 last only an hour. A few at a time (VT_AUTO_DOWNLOADS_AT_ONCE),
 * the others waiting their turn, oldest first; their link requests pass the account's gate
 * like any other. A task whose video is already saved, or being saved, is left alone; one
 * that fails is not tried again here (its row says why, and Download is one click).
 */

struct _VtAutoDownload
{
  GObject            parent_instance;

  VtPoller          *poller;
  VtDownloadManager *downloads;
  GFile             *folder;
  gboolean           enabled;
  GQueue             waiting;      /* VtTask, oldest first */
  GPtrArray         *running;      /* VtTask, started here and not finished */
};

G_DEFINE_FINAL_TYPE (VtAutoDownload, vt_auto_download, G_TYPE_OBJECT)

static void
start_next (VtAutoDownload *self)
{
  while (self->enabled && self->folder != NULL && self->running->len < VT_AUTO_DOWNLOADS_AT_ONCE &&
         !g_queue_is_empty (&self->waiting))
    {
      g_autoptr(VtTask) task = g_queue_pop_head (&self->waiting);

      /* Saved or downloaded meanwhile (by hand, or by another instance's list). */
      if (vt_task_get_file_path (task) != NULL ||
          vt_download_manager_lookup (self->downloads, task) != NULL)
        continue;
      g_debug ("Downloading the video of %s", vt_task_get_id (task));
      g_ptr_array_add (self->running, g_object_ref (task));
      vt_download_manager_start (self->downloads, task, self->folder);
    }
}

static void
task_finished_cb (VtPoller       *poller,
                  VtTask         *task,
                  VtAutoDownload *self)
{
  if (!self->enabled || vt_task_get_status (task) != VT_TASK_STATUS_SUCCESS ||
      vt_task_get_file_path (task) != NULL || g_queue_find (&self->waiting, task) != NULL)
    return;
  g_queue_push_tail (&self->waiting, g_object_ref (task));
  start_next (self);
}

static void
download_finished_cb (VtDownloadManager *downloads,
                      VtTask            *task,
                      GError            *error,
                      GFile             *saved,
                      VtAutoDownload    *self)
{
  if (g_ptr_array_remove (self->running, task))
    start_next (self);
}

/* Off: what waits is dropped (what runs goes on); on: videos of tasks that succeed from now
 * on are saved. */
void
vt_auto_download_set_enabled (VtAutoDownload *self,
                              gboolean        enabled)
{
  g_return_if_fail (VT_IS_AUTO_DOWNLOAD (self));

  self->enabled = enabled;
  if (!enabled)
    g_queue_clear_full (&self->waiting, g_object_unref);
  start_next (self);
}

/* Where the videos go (the download folder of the settings). */
void
vt_auto_download_set_folder (VtAutoDownload *self,
                             GFile          *folder)
{
  g_return_if_fail (VT_IS_AUTO_DOWNLOAD (self));
  g_return_if_fail (folder == NULL || G_IS_FILE (folder));

  g_set_object (&self->folder, folder);
  start_next (self);
}

/* Returns: the videos waiting for their turn */
guint
vt_auto_download_get_n_waiting (VtAutoDownload *self)
{
  g_return_val_if_fail (VT_IS_AUTO_DOWNLOAD (self), 0);
  return g_queue_get_length (&self->waiting);
}

static void
vt_auto_download_dispose (GObject *object)
{
  VtAutoDownload *self = VT_AUTO_DOWNLOAD (object);

  if (self->poller != NULL)
    g_signal_handlers_disconnect_by_func (self->poller, task_finished_cb, self);
  if (self->downloads != NULL)
    g_signal_handlers_disconnect_by_func (self->downloads, download_finished_cb, self);
  g_clear_object (&self->poller);
  g_clear_object (&self->downloads);
  g_clear_object (&self->folder);
  g_queue_clear_full (&self->waiting, g_object_unref);
  g_clear_pointer (&self->running, g_ptr_array_unref);

  G_OBJECT_CLASS (vt_auto_download_parent_class)->dispose (object);
}

static void
vt_auto_download_class_init (VtAutoDownloadClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vt_auto_download_dispose;
}

static void
vt_auto_download_init (VtAutoDownload *self)
{
  g_queue_init (&self->waiting);
  self->running = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * vt_auto_download_new:
 * @poller: whose finished tasks are downloaded
 * @downloads: what downloads them
 *
 * Returns: (transfer full): auto-downloads, off until enabled and given a folder
 */
VtAutoDownload *
vt_auto_download_new (VtPoller          *poller,
                      VtDownloadManager *downloads)
{
  VtAutoDownload *self;

  g_return_val_if_fail (VT_IS_POLLER (poller), NULL);
  g_return_val_if_fail (VT_IS_DOWNLOAD_MANAGER (downloads), NULL);

  self = g_object_new (VT_TYPE_AUTO_DOWNLOAD, NULL);
  self->poller = g_object_ref (poller);
  self->downloads = g_object_ref (downloads);
  g_signal_connect (poller, "task-finished", G_CALLBACK (task_finished_cb), self);
  g_signal_connect (downloads, "finished", G_CALLBACK (download_finished_cb), self);
  return self;
}
