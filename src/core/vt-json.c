/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-json"

#include "config.h"

#include "vt-json.h"

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/**
 * vt_json_is_one_value:
 * @max_depth: how deep objects and arrays may nest
 *
 * Looks at untrusted bytes before json-glib does, in one pass and without allocating:
 * json-glib 1.6 recurses without a limit (deep nesting overflows the stack) and accepts
 * anything after the first value (and leaks it).
 *
 * Returns: %TRUE when @data is valid UTF-8 holding exactly one JSON object or array, nested
 *   at most @max_depth deep, with nothing but white space around it (what is inside is
 *   json-glib's to judge)
 */
gboolean
vt_json_is_one_value (const char *data,
                      gsize       length,
                      guint       max_depth)
{
  gsize i = 0;
  guint depth = 0;
  gboolean in_string = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (!g_utf8_validate_len (data, length, NULL))
    return FALSE;

  while (i < length && is_space (data[i]))
    i++;
  if (i == length || (data[i] != '{' && data[i] != '['))
    return FALSE;

  for (; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;          /* the escaped character cannot end the string */
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if (c == '}' || c == ']')
        {
          if (depth == 0)
            return FALSE;
          if (--depth == 0)
            break;
        }
    }

  if (depth != 0 || i == length)
    return FALSE;

  /* After the object, white space only. */
  for (i++; i < length; i++)
    if (!is_space (data[i]))
      return FALSE;

  return TRUE;
}
