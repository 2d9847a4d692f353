/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The saved task list's loader (vt_task_file_parse) on any file a crash or a hand could
 * leave: what it keeps is readable and valid. */

#include "config.h"

#include "fuzz-common.h"
#include "vt-api.h"
#include "vt-task.h"
#include "vt-task-file.h"
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
  gboolean partial = FALSE;
  gboolean newer = FALSE;
  g_autoptr(GPtrArray) tasks = vt_task_file_parse_full ((const char *) data, size, &partial,
                                                        &newer);

  /* A newer version's list is never read (it is kept aside whole). */
  g_assert_true (!newer || tasks == NULL);
  if (tasks == NULL)
    return 0;

  for (guint i = 0; i < tasks->len; i++)
    {
      VtTask *task = g_ptr_array_index (tasks, i);
      const char *label = vt_task_get_label (task);

      g_assert_true (vt_task_id_is_valid (vt_task_get_id (task)));
      g_assert_true (label == NULL || g_utf8_validate (label, -1, NULL));
      g_assert_true (label == NULL || g_utf8_strlen (label, -1) <= VT_MAX_LABEL_CHARS);
      g_assert_true (vt_task_get_kind (task) <= VT_TASK_KIND_H3);
      /* A link is kept only when it is safe; a backup only with a link, and only a safe one. */
      g_assert_true (vt_task_get_video_url (task) == NULL ||
                     vt_api_link_is_safe (vt_task_get_video_url (task)));
      g_assert_cmpint (vt_task_file_get_updated (task), >=, 0);
      g_assert_true (vt_task_get_backup_url (task) == NULL ||
                     (vt_task_get_video_url (task) != NULL &&
                      vt_api_link_is_safe (vt_task_get_backup_url (task))));
      /* A saved file is kept only when its path passes the file rule: Open hands it on. */
      g_assert_true (vt_task_get_file_path (task) == NULL ||
                     vt_task_file_path_is_safe (vt_task_get_file_path (task)));
    }
  return 0;
}
