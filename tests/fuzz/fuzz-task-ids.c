/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Task IDs out of pasted text (vt_task_ids_extract): every ID it gives is a valid one. */

#include "config.h"

#include "fuzz-common.h"
#include "vt-task-ids.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  vt_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = vt_fuzz_string (data, size);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    return 0;   /* a paste is text: the clipboard hands over UTF-8 */

  ids = vt_task_ids_extract (text, &error);
  if (ids == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }

  g_assert_cmpuint (g_strv_length (ids), <=, VT_TASK_IDS_MAX_COUNT);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_assert_true (vt_task_id_is_valid (ids[i]));
      /* Each one comes from the text. */
      g_assert_nonnull (strstr (text, ids[i]));
    }
  return 0;
}
