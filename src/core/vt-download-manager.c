/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-download-manager"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vt-download-manager.h"
#include "vt-error.h"
#include "vt-limits.h"

/*
 * Runs the downloads of finished tasks, several at once. A link that is past its lifetime
 * (9 hours for Video Agent, 1 hour for Hailuo and H3) is replaced by querying the task again
 * before it is used; a link the CDN refuses (403/404/410) is replaced the same way once, and
 * the download tried again, fresh main link first. A Hailuo task's backup link is tried once
 * when the main one fails. Save As of a video already saved copies the saved file instead:
 * no second download, and the task keeps the file it had.
 * Downloads use a session of their own that never carries the API key.
 */

struct _VtDownloadManager
{
  GObject       parent_instance;

  VtClient     *client;
  SoupSession  *session;
  GHashTable   *running;      /* VtTask → Job */
  guint64       n_started;
};

G_DEFINE_FINAL_TYPE (VtDownloadManager, vt_download_manager, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_RUNNING,
  N_PROPS
};

enum {
  CHANGED,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

typedef struct
{
  VtDownloadManager *self;
  VtTask            *task;
  GFile             *folder;
  GFile             *exact_target;
  GFile             *source;       /* Save As of a saved video: copied from here */
  GCancellable      *cancellable;
  VtDownload        *download;     /* once the link is ready */
  gboolean           requeried;
  gboolean           on_backup;    /* Hailuo's backup link, after the main one failed */
  guint64            order;        /* when it began, among the manager's downloads */
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->task);
  g_clear_object (&job->folder);
  g_clear_object (&job->exact_target);
  g_clear_object (&job->source);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->download);
  g_free (job);
}

static void start_download (Job *job);

static void
finish_job (Job    *job,
            GError *error)
{
  VtDownloadManager *self = job->self;
  GFile *file = error == NULL && job->download != NULL ? vt_download_get_file (job->download) : NULL;

  g_hash_table_remove (self->running, job->task);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_RUNNING]);
  if (job->download != NULL)
    g_signal_emit (self, signals [CHANGED], 0, job->task);
  g_signal_emit (self, signals [FINISHED], 0, job->task, error, file);
  job_free (job);
}

/* Fresh links */

static void
requery_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VtTask *vt_task = g_task_get_task_data (task);
  g_autoptr(VtQueryResult) answer = NULL;
  g_autoptr(GDateTime) now = vt_clock_dup_now_utc (vt_client_get_clock (VT_CLIENT (object)));
  GError *error = NULL;

  if (!vt_client_query_finish (VT_CLIENT (object), result, &answer, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vt_task_apply_result (vt_task, answer, error, now);
      g_task_return_error (task, error);
      return;
    }

  vt_task_apply_result (vt_task, answer, NULL, now);
  if (answer->video_url == NULL)
    {
      g_task_return_new_error (task, VT_ERROR, VT_ERROR_PROTOCOL,
                               _("MiniMax sent no new link for this video."));
      return;
    }

  /* A re-issued link may have the same address; it is fresh from now either way. */
  vt_task_set_video_url (vt_task, NULL, NULL);
  vt_task_set_video_url (vt_task, answer->video_url, now);
  g_task_return_boolean (task, TRUE);
}

/**
 * vt_download_manager_fresh_link_async:
 * @force: query even when the link still looks valid (the CDN refused it)
 *
 * Makes sure @task has a link that works now, asking MiniMax again when it expired.
 */
void
vt_download_manager_fresh_link_async (VtDownloadManager   *self,
                                      VtTask              *vt_task,
                                      gboolean             force,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) now = NULL;

  g_return_if_fail (VT_IS_DOWNLOAD_MANAGER (self));
  g_return_if_fail (VT_IS_TASK (vt_task));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_download_manager_fresh_link_async);
  g_task_set_task_data (task, g_object_ref (vt_task), g_object_unref);

  now = vt_clock_dup_now_utc (vt_client_get_clock (self->client));
  if (!force && !vt_task_link_is_expired (vt_task, now))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_debug ("Asking for a fresh link for %s", vt_task_get_id (vt_task));
  vt_client_query_async (self->client, vt_task_get_id (vt_task), vt_task_get_kind (vt_task),
                         cancellable, requery_cb, g_steal_pointer (&task));
}

gboolean
vt_download_manager_fresh_link_finish (VtDownloadManager  *self,
                                       GAsyncResult       *result,
                                       GError            **error)
{
  g_return_val_if_fail (VT_IS_DOWNLOAD_MANAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Downloads */

static void
link_ready_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Job *job = user_data;
  GError *error = NULL;

  if (!vt_download_manager_fresh_link_finish (VT_DOWNLOAD_MANAGER (object), result, &error))
    {
      finish_job (job, error);
      g_error_free (error);
      return;
    }

  start_download (job);
}

static void
download_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Job *job = user_data;
  VtDownload *download = VT_DOWNLOAD (object);
  g_autoptr(GError) error = NULL;

  if (vt_download_run_finish (download, result, &error))
    {
      g_autofree char *path = g_file_get_path (vt_download_get_file (download));

      /* A copy leaves the task with the file it had. */
      if (job->source == NULL)
        vt_task_set_file_path (job->task, path);
      finish_job (job, NULL);
      return;
    }

  if (job->source != NULL)
    {
      finish_job (job, error);
      return;
    }

  if (g_error_matches (error, VT_ERROR, VT_ERROR_LINK_EXPIRED) && !job->requeried)
    {
      /* Whichever link was refused, the fresh main link goes first: a backup link refused
       * after the main one failed for another reason (a busy server) says nothing about the
       * fresh main link, which is the one that usually works. Its backup is still there if
       * it fails. */
      job->requeried = TRUE;
      job->on_backup = FALSE;
      vt_download_manager_fresh_link_async (job->self, job->task, TRUE, job->cancellable,
                                            link_ready_cb, job);
      return;
    }

  /* The main link failed on the server's side (not on this disk, not cancelled): a backup
   * link is tried once. */
  if (!job->on_backup && vt_task_get_backup_url (job->task) != NULL && error->domain == VT_ERROR &&
      (error->code == VT_ERROR_LINK_EXPIRED || error->code == VT_ERROR_NETWORK ||
       error->code == VT_ERROR_TIMEOUT || error->code == VT_ERROR_SERVER ||
       error->code == VT_ERROR_PROTOCOL || error->code == VT_ERROR_UNSAFE_LINK))
    {
      g_debug ("The link of %s failed (%s); trying its backup link",
               vt_task_get_id (job->task), error->message);
      job->on_backup = TRUE;
      start_download (job);
      return;
    }

  finish_job (job, error);
}

static void
start_download (Job *job)
{
  const char *name = vt_task_get_label (job->task) ? vt_task_get_label (job->task)
                                                   : vt_task_get_id (job->task);
  g_clear_object (&job->download);
  job->download = vt_download_new (job->self->session,
                                   job->on_backup ? vt_task_get_backup_url (job->task)
                                                  : vt_task_get_video_url (job->task),
                                   job->folder, name);
  vt_download_set_clock (job->download, vt_client_get_clock (job->self->client));
  if (job->exact_target != NULL)
    vt_download_set_exact_target (job->download, job->exact_target);
  else
    vt_download_set_resume_id (job->download, vt_task_get_id (job->task));
  g_signal_emit (job->self, signals [CHANGED], 0, job->task);
  vt_download_run_async (job->download, job->cancellable, download_done_cb, job);
}

static void
source_checked_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = g_file_query_info_finish (G_FILE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      finish_job (job, error);
      return;
    }

  /* Gone (moved, deleted) since it was saved: downloaded again, as if never saved. */
  if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_debug ("The saved video of %s is gone; downloading it", vt_task_get_id (job->task));
      g_clear_object (&job->source);
      vt_download_manager_fresh_link_async (job->self, job->task, FALSE, job->cancellable,
                                            link_ready_cb, job);
      return;
    }

  g_debug ("Copying the saved video of %s", vt_task_get_id (job->task));
  job->download = vt_download_new_copy (job->source, job->exact_target);
  g_signal_emit (job->self, signals [CHANGED], 0, job->task);
  vt_download_run_async (job->download, job->cancellable, download_done_cb, job);
}

static void
start_job (VtDownloadManager *self,
           VtTask            *task,
           GFile             *folder,
           GFile             *exact_target)
{
  Job *job;

  if (g_hash_table_contains (self->running, task))
    return;

  job = g_new0 (Job, 1);
  job->order = self->n_started++;
  job->self = g_object_ref (self);
  job->task = g_object_ref (task);
  job->folder = g_object_ref (folder);
  job->exact_target = exact_target != NULL ? g_object_ref (exact_target) : NULL;
  job->cancellable = g_cancellable_new ();
  g_hash_table_insert (self->running, g_object_ref (task), job);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_RUNNING]);

  /* Without a link (dropped as unsafe when the list was read), one is asked for as for an
   * expired link. */
  if (vt_task_get_status (task) != VT_TASK_STATUS_SUCCESS)
    {
      g_autoptr(GError) error = g_error_new (VT_ERROR, VT_ERROR_PROTOCOL,
                                             _("This task has no video to download yet."));
      finish_job (job, error);
      return;
    }

  /* Save As of a video saved earlier: copied, if the file is still there (asked off this
   * thread). */
  if (exact_target != NULL && vt_task_get_file_path (task) != NULL)
    {
      job->source = g_file_new_for_path (vt_task_get_file_path (task));
      g_file_query_info_async (job->source, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                               G_PRIORITY_DEFAULT, job->cancellable, source_checked_cb, job);
      return;
    }

  vt_download_manager_fresh_link_async (self, task, FALSE, job->cancellable, link_ready_cb, job);
}

/**
 * vt_download_manager_start:
 * @folder: where the video goes (created if missing)
 *
 * Downloads the video of a task that succeeded; the outcome comes as ::finished.
 */
void
vt_download_manager_start (VtDownloadManager *self,
                           VtTask            *task,
                           GFile             *folder)
{
  g_return_if_fail (VT_IS_DOWNLOAD_MANAGER (self));
  g_return_if_fail (VT_IS_TASK (task));
  g_return_if_fail (G_IS_FILE (folder));

  start_job (self, task, folder, NULL);
}

/**
 * vt_download_manager_save_as:
 * @file: the file the user chose; replaced if it exists
 *
 * Saves the video of a task that succeeded in @file: a copy of the file it was saved in
 * earlier when that is still there (the task keeps it as its file), else downloaded (and
 * @file becomes the task's file).
 */
void
vt_download_manager_save_as (VtDownloadManager *self,
                             VtTask            *task,
                             GFile             *file)
{
  g_autoptr(GFile) folder = NULL;

  g_return_if_fail (VT_IS_DOWNLOAD_MANAGER (self));
  g_return_if_fail (VT_IS_TASK (task));
  g_return_if_fail (G_IS_FILE (file));

  folder = g_file_get_parent (file);
  g_return_if_fail (folder != NULL);
  start_job (self, task, folder, file);
}

void
vt_download_manager_cancel (VtDownloadManager *self,
                            VtTask            *task)
{
  Job *job;

  g_return_if_fail (VT_IS_DOWNLOAD_MANAGER (self));

  job = g_hash_table_lookup (self->running, task);
  if (job != NULL)
    g_cancellable_cancel (job->cancellable);
}

/**
 * vt_download_manager_lookup:
 *
 * Returns: (transfer none) (nullable): the download of @task's video under way, if any
 */
VtDownload *
vt_download_manager_lookup (VtDownloadManager *self,
                            VtTask            *task)
{
  Job *job;

  g_return_val_if_fail (VT_IS_DOWNLOAD_MANAGER (self), NULL);
  g_return_val_if_fail (VT_IS_TASK (task), NULL);

  job = g_hash_table_lookup (self->running, task);
  return job != NULL ? job->download : NULL;
}

/**
 * vt_download_manager_cancel_all:
 *
 * Stops every download because the application quits: each keeps its part file, and the
 * next download of its task (in a later run) goes on from it.
 */
void
vt_download_manager_cancel_all (VtDownloadManager *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (VT_IS_DOWNLOAD_MANAGER (self));

  g_hash_table_iter_init (&iter, self->running);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Job *job = value;

      if (job->download != NULL)
        vt_download_keep_part (job->download);
      g_cancellable_cancel (job->cancellable);
    }
}

static int
compare_jobs (gconstpointer a,
              gconstpointer b)
{
  const Job *x = *(const Job **) a;
  const Job *y = *(const Job **) b;

  return x->order < y->order ? -1 : x->order > y->order;
}

/**
 * vt_download_manager_dup_tasks:
 *
 * Returns: (transfer full) (element-type VtTask): the tasks whose videos are being
 *   downloaded or copied, in the order their downloads began (a list that shows them does
 *   not reshuffle)
 */
GPtrArray *
vt_download_manager_dup_tasks (VtDownloadManager *self)
{
  GPtrArray *tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) jobs = NULL;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (VT_IS_DOWNLOAD_MANAGER (self), tasks);

  jobs = g_ptr_array_sized_new (g_hash_table_size (self->running));
  g_hash_table_iter_init (&iter, self->running);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (jobs, value);
  g_ptr_array_sort (jobs, compare_jobs);
  for (guint i = 0; i < jobs->len; i++)
    g_ptr_array_add (tasks, g_object_ref (((Job *) jobs->pdata[i])->task));
  return tasks;
}

guint
vt_download_manager_get_n_running (VtDownloadManager *self)
{
  g_return_val_if_fail (VT_IS_DOWNLOAD_MANAGER (self), 0);
  return g_hash_table_size (self->running);
}

static void
vt_download_manager_dispose (GObject *object)
{
  VtDownloadManager *self = (VtDownloadManager *)object;

  if (self->running != NULL)
    vt_download_manager_cancel_all (self);

  G_OBJECT_CLASS (vt_download_manager_parent_class)->dispose (object);
}

static void
vt_download_manager_finalize (GObject *object)
{
  VtDownloadManager *self = (VtDownloadManager *)object;

  g_clear_pointer (&self->running, g_hash_table_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (vt_download_manager_parent_class)->finalize (object);
}

static void
vt_download_manager_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VtDownloadManager *self = VT_DOWNLOAD_MANAGER (object);

  switch (prop_id)
    {
    case PROP_N_RUNNING:
      g_value_set_uint (value, vt_download_manager_get_n_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_download_manager_class_init (VtDownloadManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_download_manager_dispose;
  object_class->finalize = vt_download_manager_finalize;
  object_class->get_property = vt_download_manager_get_property;

  properties [PROP_N_RUNNING] =
    g_param_spec_uint ("n-running", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VtDownloadManager::finished:
   * @task: the task whose video was downloaded
   * @error: (nullable): why not, if it failed or was cancelled
   * @file: (nullable): where the video was saved, if it was (for Save As of a video saved
   *   earlier, the copy: the task keeps its file)
   */
  /**
   * VtDownloadManager::changed:
   * @task: a task whose video started or stopped downloading
   */
  signals [CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, VT_TYPE_TASK);

  signals [FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, VT_TYPE_TASK, G_TYPE_ERROR,
                  G_TYPE_FILE);
}

static void
vt_download_manager_init (VtDownloadManager *self)
{
  /* Jobs free themselves when they finish. */
  self->running = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  self->session = soup_session_new_with_options ("user-agent", "video-tasks/" PACKAGE_VERSION,
                                                 "timeout", VT_DOWNLOAD_TIMEOUT,
                                                 "max-conns-per-host", VT_DOWNLOAD_CONNECTIONS,
                                                 NULL);
}

VtDownloadManager *
vt_download_manager_new (VtClient *client)
{
  VtDownloadManager *self;

  g_return_val_if_fail (VT_IS_CLIENT (client), NULL);

  self = g_object_new (VT_TYPE_DOWNLOAD_MANAGER, NULL);
  self->client = g_object_ref (client);
  return self;
}
