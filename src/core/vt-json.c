/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-json"

#include "config.h"

#include <string.h>

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

static int
escaped_unit (const char *p,
              const char *end)
{
  int unit = 0;

  if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
    return -1;
  for (int i = 2; i < 6; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);
      if (digit < 0)
        return -1;
      unit = unit * 16 + digit;
    }
  return unit;
}

/* A \uD800–\uDFFF escape that is not half of a pair becomes \uFFFD, the same length. json-glib
 * 1.6 turns a lone one into bytes that are not UTF-8, newer ones (Debian 13, the GNOME
 * runtime) refuse the whole text; either way one bad field would cost everything else.
 * Returns: (transfer full) (nullable): the fixed copy, or %NULL when nothing needed it */
static char *
replace_lone_surrogates (const char *data,
                         gsize       length)
{
  const char *end = data + length;
  char *copy = NULL;

  for (const char *p = data; p < end; p++)
    {
      int unit;

      if (*p != '\\')
        continue;
      unit = escaped_unit (p, end);
      if (unit < 0)
        {
          p++;   /* any other escape: its second character is not a backslash that counts */
          continue;
        }
      if (unit >= 0xd800 && unit <= 0xdbff)
        {
          int low = escaped_unit (p + 6, end);
          if (low >= 0xdc00 && low <= 0xdfff)
            {
              p += 11;
              continue;
            }
        }
      else if (!(unit >= 0xdc00 && unit <= 0xdfff))
        {
          p += 5;
          continue;
        }

      if (copy == NULL)
        copy = g_memdup2 (data, length);
      memcpy (copy + (p - data), "\\uFFFD", 6);
      p += 5;
    }
  return copy;
}

/**
 * vt_json_load:
 *
 * json_parser_load_from_data() for untrusted bytes: one value at most VT_JSON_MAX_DEPTH deep
 * (json-glib recurses without a limit and takes anything after the first value), lone
 * surrogates replaced.
 */
gboolean
vt_json_load (JsonParser  *parser,
              const char  *data,
              gsize        length,
              GError     **error)
{
  g_autofree char *fixed = NULL;

  if (length == 0 || length > G_MAXSSIZE ||
      !vt_json_is_one_value (data, length, VT_JSON_MAX_DEPTH))
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "not one JSON value of bounded depth");
      return FALSE;
    }

  fixed = replace_lone_surrogates (data, length);
  return json_parser_load_from_data (parser, fixed != NULL ? fixed : data, (gssize) length, error);
}
