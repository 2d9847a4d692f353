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

static gboolean
is_id_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

static gboolean
is_separator (char c)
{
  return g_ascii_isspace (c) || c == ',' || c == ';';
}

/* An ID found at a place in the text: the text's order is the list's. */
typedef struct
{
  gsize  position;
  char  *id;
} Found;

static void
found_clear (Found *found)
{
  g_clear_pointer (&found->id, g_free);
}

static void
mark (guint8 *excluded,
      gsize   start,
      gsize   end)
{
  memset (excluded + start, 1, end - start);
}

/* "task_id": "…" (or a bare number), as in the create call's reply; each match is taken out
 * of the free text. strstr goes on from the last match, so the scan is linear. */
static void
find_json_ids (const char *text,
               GArray     *found,
               guint8     *excluded)
{
  static const char key[] = "\"task_id\"";
  const char *p = text;

  while ((p = strstr (p, key)) != NULL)
    {
      const char *q = p + strlen (key);
      const char *id_start;

      while (g_ascii_isspace (*q))
        q++;
      if (*q != ':')
        {
          p += strlen (key);
          continue;
        }
      for (q++; g_ascii_isspace (*q); q++)
        ;
      if (*q == '"')
        q++;
      for (id_start = q; is_id_char (*q); q++)
        ;
      if (q > id_start && q - id_start <= VT_TASK_ID_MAX_LENGTH)
        {
          Found item = { p - text, g_strndup (id_start, q - id_start) };

          if (vt_task_id_is_valid (item.id))
            g_array_append_val (found, item);
          else
            g_free (item.id);
        }
      mark (excluded, p - text, q - text);
      p = q;
    }
}

/* The JSON objects and arrays that hold a task_id are not free text: their other numbers
 * (file IDs, sizes) are not task IDs. One pass, aware of strings. */
static void
exclude_json_around_ids (const char *text,
                         gsize       length,
                         GArray     *found,
                         guint8     *excluded)
{
  gsize start = 0;
  guint depth = 0;
  guint next = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];
      gboolean closes = FALSE;

      if (in_string)
        {
          if (c == '\\' && i + 1 < length)
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (depth++ == 0)
            start = i;
        }
      else if ((c == '}' || c == ']') && depth > 0)
        closes = --depth == 0;

      if (closes || (i + 1 == length && depth > 0))
        {
          gsize end = i + 1;
          gboolean holds_id = FALSE;

          while (next < found->len && g_array_index (found, Found, next).position < end)
            holds_id |= g_array_index (found, Found, next++).position >= start;
          if (holds_id)
            mark (excluded, start, end);
        }
    }
}

typedef struct
{
  gsize       position;
  const char *start;
  gsize       length;
} Token;

/* In free text only long digit runs are IDs: "Task 401047179385389059 created", and
 * "…?task_id=401047179385389059". */
static void
find_digit_runs (const char *text,
                 Token      *token,
                 GArray     *found)
{
  gsize i = 0;

  while (i < token->length)
    {
      gsize run = i;
      gboolean digits = TRUE;

      while (run < token->length && is_id_char (token->start[run]))
        digits &= g_ascii_isdigit (token->start[run++]);

      if (digits && run - i >= 10 && run - i <= VT_TASK_ID_MAX_LENGTH)
        {
          Found item = { token->start + i - text, g_strndup (token->start + i, run - i) };
          g_array_append_val (found, item);
        }
      i = run + 1;
    }
}

/* The rest, split at white space, commas and semicolons: when every piece is an ID, they all
 * are ("42 fail-1026"); otherwise only long digit runs count. */
static guint
find_free_ids (const char   *text,
               gsize         length,
               const guint8 *excluded,
               GArray       *found)
{
  g_autoptr(GArray) tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  gboolean all_ids = TRUE;
  gsize i = 0;

  while (i < length)
    {
      Token token;

      if (excluded[i] || is_separator (text[i]))
        {
          i++;
          continue;
        }
      token.position = i;
      token.start = text + i;
      while (i < length && !excluded[i] && !is_separator (text[i]))
        i++;
      token.length = text + i - token.start;
      g_array_append_val (tokens, token);

      if (all_ids)
        {
          g_autofree char *piece = g_strndup (token.start, token.length);
          all_ids = vt_task_id_is_valid (piece);
        }
    }

  for (guint t = 0; t < tokens->len; t++)
    {
      Token *token = &g_array_index (tokens, Token, t);

      if (all_ids)
        {
          Found item = { token->position, g_strndup (token->start, token->length) };
          g_array_append_val (found, item);
        }
      else
        find_digit_runs (text, token, found);
    }

  return tokens->len;
}

static int
by_position (gconstpointer a,
             gconstpointer b)
{
  gsize pa = ((const Found *) a)->position;
  gsize pb = ((const Found *) b)->position;

  return pa < pb ? -1 : pa > pb;
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
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Found));
  g_autoptr(GArray) free_found = g_array_new (FALSE, FALSE, sizeof (Found));
  g_autofree guint8 *excluded = NULL;
  gsize length;
  guint n_tokens;

  g_return_val_if_fail (text != NULL, NULL);

  g_array_set_clear_func (found, (GDestroyNotify) found_clear);
  g_array_set_clear_func (free_found, (GDestroyNotify) found_clear);

  length = strlen (text);
  if (length > VT_TASK_IDS_MAX_TEXT || !g_utf8_validate_len (text, length, NULL))
    {
      g_set_error (error, VT_ERROR, VT_ERROR_INVALID_TASK_ID,
                   _("This text is too long or not readable text. Paste task IDs instead."));
      return NULL;
    }

  /* Every step is one pass over the text: a 4 MiB paste costs milliseconds. */
  excluded = g_malloc0 (length + 1);
  find_json_ids (text, found, excluded);
  exclude_json_around_ids (text, length, found, excluded);
  n_tokens = find_free_ids (text, length, excluded, free_found);

  if (found->len == 0 && n_tokens == 0)
    {
      g_set_error (error, VT_ERROR, VT_ERROR_INVALID_TASK_ID, _("Enter or paste a task ID."));
      return NULL;
    }

  /* A create call's reply and IDs in the text around it: all of them, in the text's order. */
  g_array_append_vals (found, free_found->data, free_found->len);
  g_array_set_clear_func (free_found, NULL);
  g_array_sort (found, by_position);
  for (guint i = 0; i < found->len && ids->len <= VT_TASK_IDS_MAX_COUNT; i++)
    add_unique (ids, seen, g_array_index (found, Found, i).id);

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

static void
extract_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  char **ids = vt_task_ids_extract (task_data, &error);

  if (ids == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, ids, (GDestroyNotify) g_strfreev);
}

/**
 * vt_task_ids_extract_async:
 *
 * vt_task_ids_extract() in a worker thread: a paste of up to VT_TASK_IDS_MAX_TEXT never
 * holds up the window that pasted it.
 */
void
vt_task_ids_extract_async (const char          *text,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (text != NULL);

  g_task_set_source_tag (task, vt_task_ids_extract_async);
  g_task_set_task_data (task, g_strdup (text), g_free);
  g_task_run_in_thread (task, extract_thread);
}

/* Returns: (transfer full): the IDs, or %NULL with the error vt_task_ids_extract() gives */
char **
vt_task_ids_extract_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
