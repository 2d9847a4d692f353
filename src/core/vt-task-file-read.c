/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-task-file"

#include "config.h"

#include "vt-api.h"
#include "vt-error.h"
#include "vt-json.h"
#include "vt-task-asked.h"
#include "vt-task-file.h"
#include "vt-task-ids.h"

/*
 * Reading the saved task list straight into tasks, without a JSON tree: json-glib's tree of
 * a long list cost time and memory on the way to the first frame. The
 * bytes were checked first (vt_json_is_one_value: valid UTF-8, one value, nesting at most
 * VT_JSON_MAX_DEPTH), so the recursion here is bounded; what is not strict JSON is refused
 * as a damaged list, as before.
 */

#define FORMAT_VERSION 1

typedef struct
{
  const char *p;
  const char *end;
  gboolean    ok;       /* FALSE once anything was not JSON */
} Reader;

/* The task members that are strings, in this order in Fields.text[]. */
static const char * const text_names[] = {
  "id", "label", "kind", "status", "video_url", "backup_url", "link_issued", "added",
  "last_checked", "last_error", "file",
  "updated", "created",
  "error_code", "error_words",
};

enum { ID, LABEL, KIND, STATUS, VIDEO_URL, BACKUP_URL, LINK_ISSUED, ADDED, LAST_CHECKED,
       LAST_ERROR, FILE_PATH,
       UPDATED, CREATED,
       ERROR_CODE, ERROR_WORDS,
       N_TEXT };

typedef struct
{
  char     *text[N_TEXT];   /* NULL when absent or not a string */
  gboolean  kind_present;   /* "kind" was there, whatever its type */
  gboolean  has_api_code;
  gint64    api_code;
  gint64    http_status;     /* of the answer last_error is about; 0 when absent */
  gboolean  check_failed;
  VtTaskAsked *asked;        /* "asked", when it was an object */
} Fields;

static void
fields_clear (Fields *fields)
{
  for (guint i = 0; i < N_TEXT; i++)
    g_free (fields->text[i]);
  g_clear_pointer (&fields->asked, vt_task_asked_unref);
  memset (fields, 0, sizeof *fields);
}

static gboolean
fail (Reader *r)
{
  r->ok = FALSE;
  return FALSE;
}

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

/* Skips white space, then takes @c if it comes next. */
static gboolean
take (Reader *r,
      char    c)
{
  skip_space (r);
  if (r->p < r->end && *r->p == c)
    {
      r->p++;
      return TRUE;
    }
  return FALSE;
}

static gboolean
hex4 (Reader  *r,
      guint   *out)
{
  guint value = 0;

  if (r->end - r->p < 4)
    return fail (r);
  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (r->p[i]);

      if (digit < 0)
        return fail (r);
      value = value * 16 + (guint) digit;
    }
  r->p += 4;
  *out = value;
  return TRUE;
}

/* After \u: one character; a surrogate without its other half, or NUL, is U+FFFD (as
 * vt_json_load() makes it for json-glib). */
static gunichar
unicode_escape (Reader *r)
{
  guint high, low;

  if (!hex4 (r, &high))
    return 0;
  if (high >= 0xd800 && high <= 0xdbff && r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u')
    {
      const char *mark = r->p;

      r->p += 2;
      if (!hex4 (r, &low))
        return 0;
      if (low >= 0xdc00 && low <= 0xdfff)
        return 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
      r->p = mark;    /* not its other half: read on its own next */
      return 0xfffd;
    }
  if ((high >= 0xd800 && high <= 0xdfff) || high == 0)
    return 0xfffd;
  return high;
}

/* A string, at its opening quote; @out (nullable) gets it decoded. Most strings have no
 * escape and are copied once; a GString is made at the first escape. */
static gboolean
read_string (Reader  *r,
             char   **out)
{
  GString *text = NULL;
  const char *run;

  if (!take (r, '"'))
    return fail (r);

  for (;;)
    {
      run = r->p;
      /* Plain bytes (the whole text is valid UTF-8) up to the next escape or quote. */
      while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (guchar) *r->p >= 0x20)
        r->p++;
      if (r->p == r->end || (guchar) *r->p < 0x20)
        goto failed;
      if (*r->p == '"')
        break;

      if (out != NULL && text == NULL)
        text = g_string_new (NULL);
      if (text != NULL)
        g_string_append_len (text, run, r->p - run);
      if (r->end - r->p < 2)
        goto failed;

      r->p += 2;
      switch (r->p[-1])
        {
        case '"': case '\\': case '/':
          if (text != NULL)
            g_string_append_c (text, r->p[-1]);
          break;
        case 'b': if (text != NULL) g_string_append_c (text, '\b'); break;
        case 'f': if (text != NULL) g_string_append_c (text, '\f'); break;
        case 'n': if (text != NULL) g_string_append_c (text, '\n'); break;
        case 'r': if (text != NULL) g_string_append_c (text, '\r'); break;
        case 't': if (text != NULL) g_string_append_c (text, '\t'); break;
        case 'u':
          {
            gunichar c = unicode_escape (r);

            if (!r->ok)
              goto failed;
            if (text != NULL)
              g_string_append_unichar (text, c);
          }
          break;
        default:
          goto failed;
        }
    }

  /* At the closing quote; the last plain run is from @run. */
  if (text != NULL)
    {
      g_string_append_len (text, run, r->p - run);
      *out = g_string_free (text, FALSE);
    }
  else if (out != NULL)
    *out = g_strndup (run, r->p - run);
  r->p++;
  return TRUE;

failed:
  if (text != NULL)
    g_string_free (text, TRUE);
  return fail (r);
}

/* A number, by JSON's grammar; @is_int tells whether it is a whole number that fits. */
static gboolean
read_number (Reader   *r,
             gint64   *value,
             gboolean *is_int)
{
  const char *start = r->p;
  gboolean whole = TRUE;

  if (r->p < r->end && *r->p == '-')
    r->p++;
  if (r->p == r->end || !g_ascii_isdigit (*r->p))
    return fail (r);
  if (*r->p == '0')
    r->p++;
  else
    while (r->p < r->end && g_ascii_isdigit (*r->p))
      r->p++;
  if (r->p < r->end && *r->p == '.')
    {
      whole = FALSE;
      if (++r->p == r->end || !g_ascii_isdigit (*r->p))
        return fail (r);
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      whole = FALSE;
      if (++r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (r->p == r->end || !g_ascii_isdigit (*r->p))
        return fail (r);
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }

  *is_int = FALSE;
  if (whole && r->p - start < 20)
    {
      char digits[24];

      memcpy (digits, start, r->p - start);
      digits[r->p - start] = '\0';
      *is_int = g_ascii_string_to_signed (digits, 10, G_MININT64, G_MAXINT64, value, NULL);
    }
  return TRUE;
}

static gboolean
read_word (Reader     *r,
           const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (r->end - r->p) < len || memcmp (r->p, word, len) != 0)
    return fail (r);
  r->p += len;
  return TRUE;
}

static gboolean skip_value (Reader *r);

/* Skips the members of an object or the elements of an array, after its opening bracket. */
static gboolean
skip_container (Reader *r,
                char    close,
                gboolean members)
{
  if (take (r, close))
    return TRUE;
  do
    {
      if (members && (!read_string (r, NULL) || !take (r, ':')))
        return fail (r);
      if (!skip_value (r))
        return FALSE;
    }
  while (take (r, ','));
  return take (r, close) || fail (r);
}

static gboolean
skip_value (Reader *r)
{
  gint64 number;
  gboolean is_int;

  skip_space (r);
  if (r->p == r->end)
    return fail (r);
  switch (*r->p)
    {
    case '"': return read_string (r, NULL);
    case '{': r->p++; return skip_container (r, '}', TRUE);
    case '[': r->p++; return skip_container (r, ']', FALSE);
    case 't': return read_word (r, "true");
    case 'f': return read_word (r, "false");
    case 'n': return read_word (r, "null");
    default: return read_number (r, &number, &is_int);
    }
}

/* The names of "asked"'s string members, in this order in read_asked()'s text[]. */
static const char * const asked_names[] = { "mode", "model", "prompt", "resolution", "ratio", "template" };

/* "asked", at its opening brace: what a task made here was asked. Members of another type
 * count as absent; images past VT_TASK_ASKED_MAX_IMAGES, or not strings, are skipped. */
static gboolean
read_asked (Reader       *r,
            VtTaskAsked **out)
{
  char *text[G_N_ELEMENTS (asked_names)] = { NULL };
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_free);
  gint64 duration = 0;
  VtCreateMode mode = VT_CREATE_MODE_TEXT;
  gboolean ok = FALSE;

  if (!take (r, '{'))
    return fail (r);
  if (!take (r, '}'))
    {
      do
        {
          g_autofree char *name = NULL;
          gboolean known = FALSE;

          if (!read_string (r, &name) || !take (r, ':'))
            goto out;
          skip_space (r);
          for (guint i = 0; i < G_N_ELEMENTS (asked_names) && !known; i++)
            if (g_str_equal (name, asked_names[i]) && r->p < r->end && *r->p == '"')
              {
                g_clear_pointer (&text[i], g_free);
                if (!read_string (r, &text[i]))
                  goto out;
                known = TRUE;
              }
          if (!known && g_str_equal (name, "duration") && r->p < r->end && g_ascii_isdigit (*r->p))
            {
              gboolean is_int;

              if (!read_number (r, &duration, &is_int))
                goto out;
              if (!is_int)
                duration = 0;
              known = TRUE;
            }
          if (!known && g_str_equal (name, "images") && r->p < r->end && *r->p == '[')
            {
              r->p++;
              g_ptr_array_set_size (images, 0);
              if (!take (r, ']'))
                {
                  do
                    {
                      char *image = NULL;

                      skip_space (r);
                      if (r->p < r->end && *r->p == '"' && images->len < VT_TASK_ASKED_MAX_IMAGES)
                        {
                          if (!read_string (r, &image))
                            goto out;
                          g_ptr_array_add (images, image);
                        }
                      else if (!skip_value (r))
                        goto out;
                    }
                  while (take (r, ','));
                  if (!take (r, ']'))
                    {
                      fail (r);
                      goto out;
                    }
                }
              known = TRUE;
            }
          if (!known && !skip_value (r))
            goto out;
        }
      while (take (r, ','));
      if (!take (r, '}'))
        {
          fail (r);
          goto out;
        }
    }

  g_ptr_array_add (images, NULL);
  /* A mode this version does not know: nothing is remembered (Create Again could not
   * fill the form with it). */
  if (text[0] == NULL || vt_create_mode_from_string (text[0], &mode))
    {
      g_clear_pointer (out, vt_task_asked_unref);
      *out = vt_task_asked_new (mode, text[1], text[2], (int) CLAMP (duration, 0, 3600), text[3], text[4],
                                text[5], (const char * const *) images->pdata);
    }
  ok = TRUE;

out:
  for (guint i = 0; i < G_N_ELEMENTS (text); i++)
    g_free (text[i]);
  return ok;
}

/* One member of a task, its name read already. */
static gboolean
read_task_member (Reader     *r,
                  const char *name,
                  Fields     *fields)
{
  skip_space (r);
  for (guint i = 0; i < N_TEXT; i++)
    if (g_str_equal (name, text_names[i]))
      {
        if (i == KIND)
          fields->kind_present = TRUE;
        g_clear_pointer (&fields->text[i], g_free);
        /* Another type counts as absent, as json-glib's reader took it. */
        return r->p < r->end && *r->p == '"' ? read_string (r, &fields->text[i]) : skip_value (r);
      }

  if (g_str_equal (name, "api_code") && r->p < r->end && (*r->p == '-' || g_ascii_isdigit (*r->p)))
    {
      gboolean is_int;

      if (!read_number (r, &fields->api_code, &is_int))
        return FALSE;
      fields->has_api_code = is_int;
      return TRUE;
    }
  if (g_str_equal (name, "http_status") && r->p < r->end && g_ascii_isdigit (*r->p))
    {
      gboolean is_int;

      if (!read_number (r, &fields->http_status, &is_int))
        return FALSE;
      if (!is_int)
        fields->http_status = 0;
      return TRUE;
    }
  if (g_str_equal (name, "asked") && r->p < r->end && *r->p == '{')
    return read_asked (r, &fields->asked);
  if (g_str_equal (name, "check_failed") && r->p < r->end && (*r->p == 't' || *r->p == 'f'))
    {
      fields->check_failed = *r->p == 't';
      return read_word (r, fields->check_failed ? "true" : "false");
    }
  return skip_value (r);
}

static GDateTime *
date_of (const char *text)
{
  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

/* What the fields make: a task, or NULL when they do not name a usable one. */
static VtTask *
task_from_fields (Fields *fields)
{
  g_autoptr(VtTask) task = NULL;
  g_autoptr(GDateTime) link_issued = date_of (fields->text[LINK_ISSUED]);
  g_autoptr(GDateTime) added = date_of (fields->text[ADDED]);
  g_autoptr(GDateTime) last_checked = date_of (fields->text[LAST_CHECKED]);
  g_autoptr(GDateTime) updated = date_of (fields->text[UPDATED]);
  g_autoptr(GDateTime) created = date_of (fields->text[CREATED]);
  VtTaskKind kind = VT_TASK_KIND_AGENT;

  /* The window's rule: what it would not add is not kept either. */
  if (!vt_task_id_is_valid (fields->text[ID]))
    return NULL;

  task = vt_task_new (fields->text[ID]);
  vt_task_set_label (task, fields->text[LABEL]);
  vt_task_set_status (task, vt_task_status_from_string (fields->text[STATUS]));
  /* Lists from before there were kinds hold Video Agent tasks; a kind this version does not
   * know is found out again. */
  if (fields->kind_present && !vt_task_kind_from_string (fields->text[KIND], &kind))
    kind = VT_TASK_KIND_UNKNOWN;
  vt_task_set_kind (task, kind);
  vt_task_set_added (task, added);
  vt_task_set_created (task, created);
  vt_task_set_last_checked (task, last_checked);
  vt_task_set_video_url (task, fields->text[VIDEO_URL], link_issued != NULL ? link_issued : last_checked);
  /* The setters drop a link that breaks the link rule; a backup goes only with a link. */
  if (vt_task_get_video_url (task) != NULL)
    vt_task_set_backup_url (task, fields->text[BACKUP_URL]);
  vt_task_set_last_error (task, fields->text[LAST_ERROR]);
  /* A list from before there were codes, or with a code this version does not know, keeps
   * the text it has. */
  if (fields->text[LAST_ERROR] != NULL)
    vt_task_set_error_code (task, vt_error_code_from_string (fields->text[ERROR_CODE]),
                            (guint) CLAMP (fields->http_status, 0, 999),
                            fields->text[ERROR_WORDS]);
  vt_task_set_file_path (task, fields->text[FILE_PATH]);
  if (fields->has_api_code)
    vt_task_set_api_code (task, (int) CLAMP (fields->api_code, G_MININT, G_MAXINT));
  vt_task_set_check_failed (task, fields->check_failed);
  vt_task_set_asked (task, fields->asked);
  /* When it last changed, to merge with another instance's saves; none (a list from before
   * there were such dates) loses to any change. */
  if (updated != NULL && g_date_time_to_unix (updated) > 0)
    vt_task_file_task_changed (task, g_date_time_to_unix (updated) * G_USEC_PER_SEC +
                                     g_date_time_get_microsecond (updated));
  return g_steal_pointer (&task);
}

/* One element of "tasks": a task, or NULL (with r->ok still TRUE) for one that is not. */
static VtTask *
read_task (Reader *r)
{
  Fields fields = { 0 };
  VtTask *task;

  skip_space (r);
  if (r->p == r->end || *r->p != '{')
    {
      skip_value (r);
      return NULL;
    }
  r->p++;

  if (!take (r, '}'))
    {
      do
        {
          g_autofree char *name = NULL;

          if (!read_string (r, &name) || !take (r, ':') || !read_task_member (r, name, &fields))
            {
              fail (r);
              break;
            }
        }
      while (take (r, ','));
      if (!r->ok || !take (r, '}'))
        {
          fields_clear (&fields);
          fail (r);
          return NULL;
        }
    }
  task = task_from_fields (&fields);
  fields_clear (&fields);
  return task;
}

static void
read_tasks (Reader     *r,
            GPtrArray  *tasks,
            gboolean   *partial)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (take (r, ']'))
    return;
  do
    {
      VtTask *task = read_task (r);

      if (!r->ok)
        return;
      if (task == NULL || g_hash_table_contains (seen, vt_task_get_id (task)))
        {
          g_clear_object (&task);
          *partial = TRUE;
          continue;
        }
      g_ptr_array_add (tasks, task);
      g_hash_table_add (seen, (gpointer) vt_task_get_id (task));
    }
  while (take (r, ','));
  if (!take (r, ']'))
    fail (r);
}

/**
 * vt_task_file_parse:
 * @partial: (out): set when some entries could not be read and were left out
 *
 * The loader's parser (also the fuzz target's entry).
 *
 * Returns: (transfer full) (nullable): the tasks, or %NULL when @data is not a task list
 */
GPtrArray *
vt_task_file_parse (const char *data,
                    gsize       length,
                    gboolean   *partial)
{
  return vt_task_file_parse_full (data, length, partial, NULL);
}

/**
 * vt_task_file_parse_full:
 * @newer: (out) (optional): set when @data is a list of a format newer than this version's,
 *   which it does not read (%NULL is returned)
 *
 * As vt_task_file_parse().
 */
GPtrArray *
vt_task_file_parse_full (const char *data,
                         gsize       length,
                         gboolean   *partial,
                         gboolean   *newer)
{
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  Reader r = { data, data + length, TRUE };
  gboolean has_tasks = FALSE;
  gint64 version = 0;
  gboolean has_version = FALSE;

  *partial = FALSE;
  if (newer != NULL)
    *newer = FALSE;
  if (!vt_json_is_one_value (data, length, VT_JSON_MAX_DEPTH) || !take (&r, '{'))
    return NULL;

  if (!take (&r, '}'))
    {
      do
        {
          g_autofree char *name = NULL;

          if (!read_string (&r, &name) || !take (&r, ':'))
            return NULL;
          skip_space (&r);
          if (g_str_equal (name, "tasks") && r.p < r.end && *r.p == '[')
            {
              /* A second list replaces the first, as json-glib's reader had it. */
              g_ptr_array_set_size (tasks, 0);
              *partial = FALSE;
              r.p++;
              read_tasks (&r, tasks, partial);
              has_tasks = TRUE;
            }
          else if (g_str_equal (name, "version") && r.p < r.end && (*r.p == '-' || g_ascii_isdigit (*r.p)))
            {
              gboolean is_int;

              read_number (&r, &version, &is_int);
              has_version = is_int;
            }
          else
            {
              if (g_str_equal (name, "tasks"))
                has_tasks = FALSE;
              if (g_str_equal (name, "version"))
                has_version = FALSE;
              skip_value (&r);
            }
          if (!r.ok)
            return NULL;
        }
      while (take (&r, ','));
      if (!take (&r, '}'))
        return NULL;
    }

  /* A newer version's list is told apart, whatever its tasks look like. */
  if (has_version && version > FORMAT_VERSION && newer != NULL)
    *newer = TRUE;
  if (!has_tasks || !has_version || version != FORMAT_VERSION)
    return NULL;
  return g_steal_pointer (&tasks);
}
