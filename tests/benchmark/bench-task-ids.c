/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Task ID extraction on the largest accepted paste (4 MiB), in the shapes that made the old
 * regex-based extraction quadratic: free text with IDs, and a JSON reply with text around
 * it. Prints the milliseconds each took (target: under 500). */

#include "config.h"

#include <gio/gio.h>

#include "vt-task-ids.h"

static void
measure (const char *name,
         GString    *text)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_auto(GStrv) ids = vt_task_ids_extract (text->str, &error);
  gint64 end = g_get_monotonic_time ();

  g_print ("%s: %.1f MiB, %u IDs in %.0f ms\n", name, text->len / 1048576.0,
           ids != NULL ? g_strv_length (ids) : 0, (end - start) / 1000.0);
}

int
main (void)
{
  g_autoptr(GString) text = g_string_sized_new (VT_TASK_IDS_MAX_TEXT);
  guint n = 0;

  while (text->len + 64 < VT_TASK_IDS_MAX_TEXT)
    g_string_append_printf (text, "Task %u was created; ", 1000000000u + (n++ % 9000));
  measure ("free text with IDs", text);

  g_string_assign (text, "{\"task_id\": \"1111111111\"} ");
  while (text->len + 64 < VT_TASK_IDS_MAX_TEXT)
    g_string_append (text, "words and more words, \"task_id\" x 123456789 ");
  measure ("a reply in text", text);
  return 0;
}
