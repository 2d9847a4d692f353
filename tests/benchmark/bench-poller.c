/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Refreshing N pending tasks against the loopback API server (its own process):
 * wall time and requests per second for one full round, with the rate cap lifted. */

#include "config.h"

#include <stdlib.h>

#include "vt-poller.h"
#include "vt-task-store.h"

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 2 ? (guint) atoi (argv[2]) : 1000;
  guint max_in_flight = argc > 3 ? (guint) atoi (argv[3]) : VT_POLLER_DEFAULT_MAX_IN_FLIGHT;
  g_autoptr(VtClient) client = vt_client_new ();
  g_autoptr(VtTaskStore) store = vt_task_store_new (NULL);
  g_autoptr(VtPoller) poller = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  gint64 start, elapsed;

  if (argc < 2 || !vt_client_set_host (client, argv[1], NULL))
    {
      g_printerr ("Usage: bench-poller API_HOST [N] [MAX_IN_FLIGHT]\n");
      return 2;
    }
  vt_client_set_api_key (client, "bench-key");

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (ids, g_strdup_printf ("%u", 500000000u + i));
  g_ptr_array_add (ids, NULL);

  start = g_get_monotonic_time ();
  poller = vt_poller_new (client, G_LIST_MODEL (store), NULL);
  vt_poller_set_max_per_minute (poller, G_MAXUINT / 2);
  vt_poller_set_max_in_flight (poller, max_in_flight);
  vt_poller_set_interval (poller, 3600);
  vt_task_store_add_ids (store, (const char * const *) ids->pdata, NULL);

  while (vt_poller_get_n_requests (poller) < n || vt_poller_get_n_in_flight (poller) > 0)
    g_main_context_iteration (NULL, TRUE);
  elapsed = g_get_monotonic_time () - start;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VtTask) task = g_list_model_get_item (G_LIST_MODEL (store), i);
      if (vt_task_get_check_failed (task) || vt_task_get_last_checked (task) == NULL)
        {
          g_printerr ("task %s was not checked: %s\n", vt_task_get_id (task),
                      vt_task_get_last_error (task));
          return 1;
        }
    }

  g_print ("%u tasks, %u in flight: %.3f s, %.0f requests/s\n", n, max_in_flight,
           elapsed / 1e6, n / (elapsed / 1e6));
  return 0;
}
