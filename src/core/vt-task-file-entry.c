/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-task-file"

#include "config.h"

#include "vt-error.h"
#include "vt-task-file-private.h"

/*
 * Each task's saved form, one part of VtTaskFile (see vt-task-file.c): each task is kept as
 * its JSON object, made again only after it changed, so that a save's snapshot on the main
 * thread is a reference per task and the writer thread joins them. For a task that changed,
 * the snapshot takes a reference to each of its fields (no copy, no JSON); the writer thread
 * makes the JSON, which the next saves reuse.
 */

#define FORMAT_VERSION 1

Entry *
vt_task_file_entry_ref (Entry *entry)
{
  return g_atomic_rc_box_acquire (entry);
}

static void
entry_clear (Entry *entry)
{
  vt_task_fields_clear (&entry->fields);
  g_free (entry->json);
}

void
vt_task_file_entry_unref (Entry *entry)
{
  g_atomic_rc_box_release_full (entry, (GDestroyNotify) entry_clear);
}

/* What the list knows of a task, kept on it (main thread only, once the task is listed). */
typedef struct
{
  gint64  updated;
  Entry  *entry;          /* NULL once the task changed */
} Record;

static GQuark
record_quark (void)
{
  static gsize quark = 0;

  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark, g_quark_from_static_string ("vt-task-file-record"));
  return (GQuark) quark;
}

static void
record_free (Record *record)
{
  g_clear_pointer (&record->entry, vt_task_file_entry_unref);
  g_free (record);
}

static Record *
record_of (VtTask *task)
{
  Record *record = g_object_get_qdata (G_OBJECT (task), record_quark ());

  if (record == NULL)
    {
      record = g_new0 (Record, 1);
      g_object_set_qdata_full (G_OBJECT (task), record_quark (), record,
                               (GDestroyNotify) record_free);
    }
  return record;
}

/* Puts @entry (taken) in a base, replacing the task's earlier one: the key is in the entry. */
void
vt_task_file_base_add (GHashTable *base,
                       Entry      *entry)
{
  g_hash_table_replace (base, (gpointer) entry->id, entry);
}

/**
 * vt_task_file_task_changed:
 * @when: when, in µs since the epoch (the reader passes the saved "updated")
 *
 * Told by the list of each change of a task: its saved form is made again at the next save,
 * and a change made elsewhere before @when loses to it. Each change is later than the last,
 * even within one tick of the clock, so that a change is always told from none.
 */
void
vt_task_file_task_changed (VtTask *task,
                           gint64  when)
{
  Record *record;

  g_return_if_fail (VT_IS_TASK (task));

  record = record_of (task);
  record->updated = MAX (when, record->updated + 1);
  g_clear_pointer (&record->entry, vt_task_file_entry_unref);
}

/**
 * vt_task_file_task_checked:
 *
 * Told by the list of a change that is only what a check found (when it ran, whether it
 * failed, a fresher link…): saved at the next save, but no newer than the task was, so it
 * never wins over a change made elsewhere (a rename, a download).
 */
void
vt_task_file_task_checked (VtTask *task)
{
  g_return_if_fail (VT_IS_TASK (task));

  g_clear_pointer (&record_of (task)->entry, vt_task_file_entry_unref);
}

/**
 * vt_task_file_take_saved:
 * @saved: the task as another instance saved it, newer than @task
 *
 * Gives @task what @saved holds, and its time: the other instance's change won, and a later
 * change here must not undo it. The list holding @task does not count this as a change.
 */
void
vt_task_file_take_saved (VtTask *task,
                         VtTask *saved)
{
  Record *record;
  Record *from;

  g_return_if_fail (VT_IS_TASK (task));
  g_return_if_fail (VT_IS_TASK (saved));

  g_object_freeze_notify (G_OBJECT (task));
  vt_task_set_label (task, vt_task_get_label (saved));
  vt_task_set_kind (task, vt_task_get_kind (saved));
  vt_task_set_status (task, vt_task_get_status (saved));
  vt_task_set_video_url (task, vt_task_get_video_url (saved), vt_task_get_link_issued (saved));
  vt_task_set_backup_url (task, vt_task_get_backup_url (saved));
  vt_task_set_added (task, vt_task_get_added (saved));
  vt_task_set_created (task, vt_task_get_created (saved));
  vt_task_set_last_checked (task, vt_task_get_last_checked (saved));
  vt_task_set_last_error (task, vt_task_get_last_error (saved));
  vt_task_set_api_code (task, vt_task_get_api_code (saved));
  vt_task_set_check_failed (task, vt_task_get_check_failed (saved));
  vt_task_set_file_path (task, vt_task_get_file_path (saved));
  vt_task_set_asked (task, (VtTaskAsked *) vt_task_get_asked (saved));

  record = record_of (task);
  from = record_of (saved);
  record->updated = from->updated;
  g_clear_pointer (&record->entry, vt_task_file_entry_unref);
  if (from->entry != NULL)
    record->entry = vt_task_file_entry_ref (from->entry);
  g_object_thaw_notify (G_OBJECT (task));
}

/* Returns: when @task last changed, as far as the list knows; 0 when it does not */
gint64
vt_task_file_get_updated (VtTask *task)
{
  Record *record;

  g_return_val_if_fail (VT_IS_TASK (task), 0);

  record = g_object_get_qdata (G_OBJECT (task), record_quark ());
  return record != NULL ? record->updated : 0;
}

/* A JSON string; text that is not UTF-8 (a file name, say) is made so, or the whole list
 * would be unreadable next time. */
static void
append_json_string (GString    *out,
                    const char *value)
{
  g_autofree char *valid = NULL;
  const char *run;
  const char *p;

  if (!g_utf8_validate (value, -1, NULL))
    value = valid = g_utf8_make_valid (value, -1);

  g_string_append_c (out, '"');
  for (run = p = value; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
        }
      else
        g_string_append_printf (out, "\\u%04x", c);
      run = p + 1;
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static void
add_name (GString    *out,
          const char *name)
{
  if (out->len > 1)
    g_string_append_c (out, ',');
  g_string_append_c (out, '"');
  g_string_append (out, name);
  g_string_append (out, "\":");
}

static void
add_string (GString    *out,
            const char *name,
            const char *value)
{
  if (value == NULL)
    return;

  add_name (out, name);
  append_json_string (out, value);
}

static void
add_date (GString    *out,
          const char *name,
          GDateTime  *value)
{
  g_autofree char *text = NULL;

  if (value == NULL)
    return;

  text = g_date_time_format_iso8601 (value);
  add_string (out, name, text);
}

static void
add_time (GString    *out,
          const char *name,
          gint64      usec)
{
  g_autoptr(GDateTime) seconds = NULL;
  g_autoptr(GDateTime) value = NULL;

  if (usec <= 0)
    return;

  seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  value = seconds != NULL ? g_date_time_add (seconds, usec % G_USEC_PER_SEC) : NULL;
  add_date (out, name, value);
}

static void
add_int (GString    *out,
         const char *name,
         gint64      value)
{
  add_name (out, name);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

static void
add_true (GString    *out,
          const char *name)
{
  add_name (out, name);
  g_string_append (out, "true");
}

/* What a task made here was asked: an object of its own in the task's. */
static void
add_asked (GString           *out,
           const VtTaskAsked *asked)
{
  g_autoptr(GString) inner = NULL;

  if (asked == NULL)
    return;
  inner = g_string_new ("{");
  add_string (inner, "mode", vt_create_mode_to_string (asked->mode));
  add_string (inner, "model", asked->model);
  add_string (inner, "prompt", asked->prompt);
  if (asked->duration > 0)
    add_int (inner, "duration", asked->duration);
  add_string (inner, "resolution", asked->resolution);
  add_string (inner, "ratio", asked->ratio);
  add_string (inner, "template", asked->template_id);
  if (asked->images[0] != NULL)
    {
      add_name (inner, "images");
      g_string_append_c (inner, '[');
      for (guint i = 0; asked->images[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append_c (inner, ',');
          append_json_string (inner, asked->images[i]);
        }
      g_string_append_c (inner, ']');
    }
  g_string_append_c (inner, '}');
  add_name (out, "asked");
  g_string_append_len (out, inner->str, inner->len);
}

/* The task's JSON object, one line per member. */
static void
serialize (const VtTaskFields *task,
           gint64              updated,
           GString            *out)
{
  g_string_append_c (out, '{');
  add_string (out, "id", task->id);
  add_string (out, "label", task->label);
  add_string (out, "kind", vt_task_kind_to_string (task->kind));
  add_string (out, "status", vt_task_status_to_string (task->status));
  add_string (out, "video_url", task->video_url);
  add_string (out, "backup_url", task->backup_url);
  add_date (out, "link_issued", task->link_issued);
  add_date (out, "added", task->added);
  add_date (out, "created", task->created);
  add_date (out, "last_checked", task->last_checked);
  add_string (out, "last_error", task->last_error);
  add_string (out, "error_code", vt_error_code_to_string (task->error_code));
  add_string (out, "error_words", task->error_words);
  if (task->error_http_status != 0)
    add_int (out, "http_status", task->error_http_status);
  add_string (out, "file", task->file_path);
  if (task->api_code != 0)
    add_int (out, "api_code", task->api_code);
  if (task->check_failed)
    add_true (out, "check_failed");
  add_asked (out, task->asked);
  add_time (out, "updated", updated);
  g_string_append_c (out, '}');
}

/* Makes @entry's JSON, if not made yet: in the writer's thread (or the loader's), with the
 * file's mutex held, so that no two threads make it at once. The fields, but the ID, go. */
void
vt_task_file_entry_make (Entry *entry)
{
  g_autoptr(GString) out = NULL;
  char *id;

  if (entry->json != NULL)
    return;

  out = g_string_sized_new (512);
  serialize (&entry->fields, entry->updated, out);
  entry->length = out->len;
  entry->json = g_string_free (g_steal_pointer (&out), FALSE);
  id = g_steal_pointer (&entry->fields.id);
  vt_task_fields_clear (&entry->fields);
  entry->fields.id = id;
}

/* Returns: (transfer full): the task's saved form; for a task that changed, a reference to
 * each of its fields, made into JSON in the writer thread */
Entry *
vt_task_file_entry_of (VtTask *task)
{
  Record *record = record_of (task);

  if (record->entry == NULL)
    {
      Entry *entry = g_atomic_rc_box_new0 (Entry);

      entry->updated = record->updated;
      vt_task_get_fields (task, &entry->fields);
      entry->id = entry->fields.id;
      record->entry = entry;
    }
  return vt_task_file_entry_ref (record->entry);
}

/* Called with the file's mutex held. Returns: (transfer full): the whole file */
GBytes *
vt_task_file_join_entries (GPtrArray *entries)
{
  static const char head[] = "{\"version\":" G_STRINGIFY (FORMAT_VERSION) ",\"tasks\":[";
  static const char tail[] = "\n]}\n";
  gsize size = sizeof head + sizeof tail;
  char *data, *p;

  for (guint i = 0; i < entries->len; i++)
    {
      vt_task_file_entry_make (entries->pdata[i]);
      size += ((Entry *) entries->pdata[i])->length + 2;
    }

  p = data = g_malloc (size);
  memcpy (p, head, sizeof head - 1);
  p += sizeof head - 1;
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = entries->pdata[i];

      if (i > 0)
        *p++ = ',';
      *p++ = '\n';
      memcpy (p, entry->json, entry->length);
      p += entry->length;
    }
  memcpy (p, tail, sizeof tail - 1);
  p += sizeof tail - 1;
  return g_bytes_new_take (data, p - data);
}
