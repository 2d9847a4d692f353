/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-poller"

#include "config.h"

#include "vt-error.h"
#include "vt-limits.h"
#include "vt-poller-private.h"

/* "Import Recent Tasks": every page of the account's H3 tasks of the last 7 days, the only
 * list MiniMax offers. Its requests take their turn under the same rate cap and backoff as
 * the checks: one account, one limit.
 *
 * The list is the server's word, and is bounded whatever it says: no more than a page's
 * size from a page, %VT_IMPORT_MAX_TASKS in all, %VT_IMPORT_MAX_PAGES pages; a page that
 * lists only tasks listed already (a server that ignores page_num) ends it. Pages of 3,500
 * IDs once made 350,000 tasks, and the window froze at every save. */

typedef struct
{
  GPtrArray  *ids;      /* every listed ID, in MiniMax's order, each once */
  GHashTable *seen;     /* the same IDs, not owned */
  guint       page;     /* the page asked next, from 1 */
  guint       timer;    /* waiting for the rate cap or a backoff */
} Listing;

static void
listing_free (Listing *listing)
{
  g_clear_handle_id (&listing->timer, g_source_remove);
  g_hash_table_unref (listing->seen);
  g_ptr_array_unref (listing->ids);
  g_free (listing);
}

static void ask_next_page (GTask *task);

static gboolean
turn_cb (gpointer user_data)
{
  GTask *task = user_data;
  Listing *listing = g_task_get_task_data (task);

  listing->timer = 0;
  ask_next_page (task);
  return G_SOURCE_REMOVE;
}

static void
page_cb (GObject      *object,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VtPoller *self = g_task_get_source_object (task);
  Listing *listing = g_task_get_task_data (task);
  g_autoptr(VtQueryResult) answer = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  GError *error = NULL;
  guint n_items = 0;
  guint total = 0;
  guint n_new = 0;

  ids = vt_client_list_h3_finish (VT_CLIENT (object), res, &n_items, &total, &answer, &error);
  self->n_in_flight--;
  vt_poller_notify_n_in_flight (self);
  if (ids == NULL)
    {
      if (vt_error_is_slow_down (error))
        {
          vt_poller_slow_down (self, answer, error);
          vt_poller_reschedule (self);
        }
      /* Nothing asks for the list again by itself: the words say to. */
      vt_error_reword_asked_once (error);
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < ids->len && listing->ids->len < VT_IMPORT_MAX_TASKS; i++)
    {
      if (g_hash_table_contains (listing->seen, ids->pdata[i]))
        continue;
      g_ptr_array_add (listing->ids, g_strdup (ids->pdata[i]));
      g_hash_table_add (listing->seen, g_ptr_array_index (listing->ids, listing->ids->len - 1));
      n_new++;
    }
  g_debug ("Recent H3 tasks: page %u had %u items, %u new, %u of %u so far", listing->page,
           n_items, n_new, listing->ids->len, total);

  /* An empty page ends the list whatever the total says; so do a page of tasks listed
   * already, and the caps. A page whose items have no usable ID does not: the next may. */
  if (n_items == 0 || (ids->len > 0 && n_new == 0) || listing->ids->len >= total ||
      listing->ids->len >= VT_IMPORT_MAX_TASKS || listing->page >= VT_IMPORT_MAX_PAGES)
    {
      g_task_return_pointer (task, g_ptr_array_ref (listing->ids), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  listing->page++;
  ask_next_page (g_steal_pointer (&task));
}

/* @task: (transfer full) */
static void
ask_next_page (GTask *task)
{
  VtPoller *self = g_task_get_source_object (task);
  Listing *listing = g_task_get_task_data (task);
  gint64 now = vt_clock_get_monotonic (self->clock);
  gint64 start_at = MAX (self->last_start + vt_poller_gap (self), self->backoff_until);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (start_at > now)
    {
      listing->timer = vt_clock_timeout_add (self->clock, (guint) ((start_at - now + 999) / 1000),
                                             turn_cb, task);
      /* The timer's reference is the task's own. */
      return;
    }

  /* In flight like a check, and counted against the same limits. */
  self->last_start = now;
  self->n_requests++;
  self->n_in_flight++;
  vt_poller_notify_n_in_flight (self);
  vt_client_list_h3_async (self->client, listing->page, VT_IMPORT_PAGE_SIZE,
                           g_task_get_cancellable (task), page_cb, task);
}

/**
 * vt_poller_list_recent_async:
 *
 * Lists the IDs of the account's H3 tasks of the last 7 days, all pages (at most
 * %VT_IMPORT_MAX_PAGES of %VT_IMPORT_PAGE_SIZE, and %VT_IMPORT_MAX_TASKS in all), each
 * request in its turn under the rate cap. A rate limit on the way starts the same backoff
 * as a check's.
 */
void
vt_poller_list_recent_async (VtPoller            *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  Listing *listing;

  g_return_if_fail (VT_IS_POLLER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_poller_list_recent_async);
  listing = g_new0 (Listing, 1);
  listing->ids = g_ptr_array_new_with_free_func (g_free);
  listing->seen = g_hash_table_new (g_str_hash, g_str_equal);
  listing->page = 1;
  g_task_set_task_data (task, listing, (GDestroyNotify) listing_free);
  ask_next_page (task);
}

/**
 * vt_poller_list_recent_finish:
 *
 * Returns: (transfer container) (element-type utf8): the listed IDs, or %NULL
 */
GPtrArray *
vt_poller_list_recent_finish (VtPoller      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (VT_IS_POLLER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
