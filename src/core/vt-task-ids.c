/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-task-ids"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vt-error.h"
#include "vt-task-ids.h"

/* What people paste: one ID, a list separated by spaces, commas or lines, the JSON reply of
 * the create call ({"task_id": "…"}), or a sentence or log line that contains an ID. */

/* MiniMax's IDs are long numbers, but the API calls them strings: accept what could be one,
 * as long as it has a digit, so that ordinary words are not taken for IDs. */
gboolean
vt_task_id_is_valid (const char *id)
{
  gboolean has_digit = FALSE;
  gsize len = 0;

  if (id == NULL || !g_ascii_isalnum (*id))
    return FALSE;

  for (const char *p = id; *p != '\0'; p++, len++)
    {
      if (!(g_ascii_isalnum (*p) || *p == '-' || *p == '_'))
        return FALSE;
      has_digit |= g_ascii_isdigit (*p);
    }

  return has_digit && len <= VT_TASK_ID_MAX_LENGTH;
}

static void
add_unique (GPtrArray  *ids,
            GHashTable *seen,
            const char *id)
{
  if (g_hash_table_contains (seen, id))
    return;

  g_ptr_array_add (ids, g_strdup (id));
  g_hash_table_add (seen, g_ptr_array_index (ids, ids->len - 1));
}

static void
extract_json_ids (const char *text,
                  GPtrArray  *ids,
                  GHashTable *seen)
{
  static GRegex *regex;
  g_autoptr(GMatchInfo) match = NULL;

  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex, g_regex_new ("\"task_id\"\\s*:\\s*\"?([A-Za-z0-9_-]+)\"?",
                                            G_REGEX_OPTIMIZE, 0, NULL));

  g_regex_match (regex, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *id = g_match_info_fetch (match, 1);

      if (vt_task_id_is_valid (id))
        add_unique (ids, seen, id);
      g_match_info_next (match, NULL);
    }
}

/* In free text only long digit runs are IDs: "Task 401047179385389059 created". */
static void
extract_numbers (char      **tokens,
                 GPtrArray  *ids,
                 GHashTable *seen)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex, g_regex_new ("(?<![A-Za-z0-9_-])[0-9]{10,128}(?![A-Za-z0-9_-])",
                                            G_REGEX_OPTIMIZE, 0, NULL));

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;

      g_regex_match (regex, tokens[i], 0, &match);
      while (g_match_info_matches (match))
        {
          g_autofree char *id = g_match_info_fetch (match, 0);
          add_unique (ids, seen, id);
          g_match_info_next (match, NULL);
        }
    }
}

/**
 * vt_task_ids_extract:
 * @text: what the user typed, pasted or dropped
 *
 * Returns: (transfer full): the task IDs in @text, in order and without repeats; %NULL
 *   with an error that says what is wrong when there is none.
 */
char **
vt_task_ids_extract (const char  *text,
                     GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) tokens = NULL;
  gboolean all_ids = TRUE;
  guint n_tokens = 0;

  g_return_val_if_fail (text != NULL, NULL);

  if (strlen (text) > VT_TASK_IDS_MAX_TEXT || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, VT_ERROR, VT_ERROR_INVALID_TASK_ID,
                   _("This text is too long or not readable text. Paste task IDs instead."));
      return NULL;
    }

  if (strstr (text, "\"task_id\"") != NULL)
    extract_json_ids (text, ids, seen);

  if (ids->len == 0)
    {
      tokens = g_regex_split_simple ("[\\s,;]+", text, 0, 0);
      for (guint i = 0; tokens[i] != NULL; i++)
        {
          if (*tokens[i] == '\0')
            continue;
          n_tokens++;
          if (!vt_task_id_is_valid (tokens[i]))
            all_ids = FALSE;
        }

      if (n_tokens == 0)
        {
          g_set_error (error, VT_ERROR, VT_ERROR_INVALID_TASK_ID,
                       _("Enter or paste a task ID."));
          return NULL;
        }

      if (all_ids)
        {
          for (guint i = 0; tokens[i] != NULL; i++)
            if (*tokens[i] != '\0')
              add_unique (ids, seen, tokens[i]);
        }
      else
        extract_numbers (tokens, ids, seen);
    }

  if (ids->len == 0)
    {
      g_set_error (error, VT_ERROR, VT_ERROR_INVALID_TASK_ID,
                   _("No task ID found. A task ID is the number MiniMax returned when the "
                     "task was created, such as 401047179385389059."));
      return NULL;
    }

  if (ids->len > VT_TASK_IDS_MAX_COUNT)
    {
      g_set_error (error, VT_ERROR, VT_ERROR_INVALID_TASK_ID,
                   ngettext ("At most %d task ID can be added at once.",
                             "At most %d task IDs can be added at once.",
                             VT_TASK_IDS_MAX_COUNT),
                   VT_TASK_IDS_MAX_COUNT);
      return NULL;
    }

  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}
