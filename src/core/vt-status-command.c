/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-status-command"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vt-account.h"
#include "vt-client.h"
#include "vt-config.h"
#include "vt-error.h"
#include "vt-status-command.h"
#include "vt-task-ids.h"

/* `video-tasks --status`: one query per task, a line per task, in the order given. Every
 * query passes the account's gate (its cap and burst). When MiniMax asks to wait, the run
 * waits once, up to CLI_MAX_WAIT; asked again after that, or for longer, it gives up, and
 * each task not answered yet says why. */

#define CLI_MAX_WAIT 60   /* seconds */


typedef struct
{
  char          *task_id;
  VtQueryResult *result;
  GError        *error;
  gboolean       done;
  gint64         asked_at;     /* monotonic µs: when its query was started */
} Entry;

typedef struct
{
  GMainLoop *loop;
  VtClient  *client;
  Entry     *entries;
  guint      n_entries;
  guint      next;
  guint      in_flight;
  VtTaskKind kind;        /* from --kind; UNKNOWN: each task's kind is found out */
  VtKeyState key_state;
  GError    *key_error;
  GCancellable *cancellable;
  gint64     wait_began;    /* monotonic µs: when the one wait began; 0 before it */
  GError    *gave_up;       /* why the tasks not answered yet are not asked */
} Run;

static void
give_up (Run          *run,
         const GError *error)
{
  run->gave_up = g_error_copy (error);
  for (; run->next < run->n_entries; run->next++)
    {
      run->entries[run->next].error = g_error_copy (error);
      run->entries[run->next].done = TRUE;
    }
  /* The queries waiting at the gate end too, with the same reason. */
  g_cancellable_cancel (run->cancellable);
}

/* MiniMax asked the account to wait (the gate holds): once, up to CLI_MAX_WAIT, the run
 * waits with it, and so do the answers to queries already sent then. Asked again by a query
 * sent after the wait began, or to wait longer, it gives up. */
static void
check_wait (Run          *run,
            const Entry  *entry)
{
  gint64 now = vt_clock_get_monotonic (vt_client_get_clock (run->client));
  gint64 until = vt_gate_get_held_until (vt_client_get_gate (run->client));

  if (run->gave_up != NULL || until <= now)
    return;
  if (until - now <= CLI_MAX_WAIT * G_USEC_PER_SEC &&
      (run->wait_began == 0 || entry->asked_at < run->wait_began))
    {
      if (run->wait_began == 0)
        run->wait_began = now;
      return;
    }
  give_up (run, entry->error);
}

static void start_queries (Run *run);

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Run *run = g_object_get_data (object, "vt-run");
  Entry *entry = user_data;

  vt_client_query_finish (VT_CLIENT (object), result, &entry->result, &entry->error);
  if (g_error_matches (entry->error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && run->gave_up != NULL)
    {
      g_clear_error (&entry->error);
      entry->error = g_error_copy (run->gave_up);
    }
  else if (entry->error != NULL)
    {
      vt_error_reword_for_reader (entry->error, VT_ERROR_READER_COMMAND_LINE);
      /* Only what asks to wait counts: a rate limit, or a server down for a while. */
      if (g_error_matches (entry->error, VT_ERROR, VT_ERROR_RATE_LIMITED) ||
          g_error_matches (entry->error, VT_ERROR, VT_ERROR_SERVER))
        check_wait (run, entry);
    }
  entry->done = TRUE;
  run->in_flight--;
  start_queries (run);
}

static void
start_queries (Run *run)
{
  while (run->in_flight < VT_MAX_IN_FLIGHT && run->next < run->n_entries)
    {
      Entry *entry = &run->entries[run->next++];

      run->in_flight++;
      entry->asked_at = vt_clock_get_monotonic (vt_client_get_clock (run->client));
      vt_client_query_async (run->client, entry->task_id, run->kind, run->cancellable, query_cb,
                             entry);
    }

  if (run->in_flight == 0 && run->next == run->n_entries)
    g_main_loop_quit (run->loop);
}


static const char *
status_word (const Entry *entry)
{
  if (entry->error != NULL)
    return "Error";
  if (entry->result->status == VT_TASK_STATUS_UNKNOWN)
    return "Unknown";
  return vt_task_status_to_string (entry->result->status);
}

static const char *
entry_message (const Entry *entry)
{
  if (entry->error != NULL)
    return entry->error->message;
  return entry->result != NULL ? entry->result->message : NULL;
}

/* What reaches the terminal: tabs and new lines would break the one-line-per-task format,
 * and other C0 and C1 controls (ESC, BEL, CSI…) from the server would drive the terminal.
 * They become spaces and U+FFFD. */
static char *
printable (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\t' || c == '\n' || c == '\r')
        g_string_append_c (out, ' ');
      else if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        g_string_append_unichar (out, 0xfffd);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

static void
add_printable_member (JsonBuilder *builder,
                      const char  *name,
                      const char  *value)
{
  g_autofree char *text = printable (value);

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

static void
print_json (FILE        *out,
            const Entry *entry)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  const VtQueryResult *result = entry->result;
  const char *message = entry_message (entry);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "task_id");
  json_builder_add_string_value (builder, entry->task_id);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status_word (entry));
  /* agent, video or h3: the endpoint that knew the task; null when none answered. */
  json_builder_set_member_name (builder, "kind");
  if (result != NULL && result->kind != VT_TASK_KIND_UNKNOWN)
    json_builder_add_string_value (builder, vt_task_kind_to_string (result->kind));
  else
    json_builder_add_null_value (builder);
  if (entry->error == NULL && result->video_url != NULL)
    add_printable_member (builder, "video_url", result->video_url);
  if (result != NULL && result->api_code != 0)
    {
      json_builder_set_member_name (builder, "api_code");
      json_builder_add_int_value (builder, result->api_code);
    }
  if (message != NULL)
    add_printable_member (builder, "message", message);
  if (result != NULL && result->http.trace_id != NULL && entry->error != NULL)
    add_printable_member (builder, "trace_id", result->http.trace_id);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  fprintf (out, "%s\n", text);
}

static void
print_plain (FILE        *out,
             const Entry *entry)
{
  g_autofree char *detail = NULL;

  if (entry->error == NULL && entry->result->video_url != NULL)
    detail = printable (entry->result->video_url);
  else
    detail = printable (entry_message (entry));

  fprintf (out, "%s\t%s\t%s\n", entry->task_id, status_word (entry), detail);
}

static void
fail_all (Run          *run,
          const GError *error)
{
  for (guint i = 0; i < run->n_entries; i++)
    {
      run->entries[i].error = g_error_copy (error);
      run->entries[i].done = TRUE;
    }
}

static gboolean
check_usage (const char * const *task_ids,
             guint               n_ids,
             FILE               *err)
{
  if (n_ids == 0)
    {
      fprintf (err, "%s\n", _("Usage: video-tasks --status [--json] [--kind=agent|video|h3] TASK_ID…"));
      return FALSE;
    }

  for (guint i = 0; i < n_ids; i++)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (task_ids[i]));

      if (*stripped == '\0')
        {
          fprintf (err, "%s\n", _("A task ID is empty. Give each task ID as its own argument."));
          return FALSE;
        }
      /* The same rule as the window's: what it would not add is not asked about. */
      if (!vt_task_id_is_valid (stripped))
        {
          /* Translators: %s is what was given instead of a task ID */
          fprintf (err, _("“%s” is not a task ID. A task ID is the number MiniMax returned when "
                          "the task was created.\n"), stripped);
          return FALSE;
        }
    }
  return TRUE;
}

/* One line per task, in the order given; frees the entries' contents. */
static int
report (Run      *run,
        gboolean  json,
        FILE     *out)
{
  int status = VT_EXIT_OK;

  for (guint i = 0; i < run->n_entries; i++)
    {
      Entry *entry = &run->entries[i];

      g_assert (entry->done);
      if (entry->error != NULL)
        status = VT_EXIT_FAILED;

      if (json)
        print_json (out, entry);
      else
        print_plain (out, entry);

      g_free (entry->task_id);
      g_clear_pointer (&entry->result, vt_query_result_free);
      g_clear_error (&entry->error);
    }
  fflush (out);
  return status;
}

/**
 * vt_status_command_run:
 * @kind: the tasks' kind, or %VT_TASK_KIND_UNKNOWN to find out each one's
 *
 * Returns: %VT_EXIT_OK when the API answered for every task, %VT_EXIT_FAILED when any
 *   query failed, %VT_EXIT_USAGE for bad arguments.
 */
int
vt_status_command_run (const char * const *task_ids,
                       VtTaskKind          kind,
                       gboolean            json,
                       FILE               *out,
                       FILE               *err)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(VtAccount) account = NULL;
  Run run = { 0 };
  gboolean host_refused;
  int status;
  guint n_ids = task_ids != NULL ? g_strv_length ((char **) task_ids) : 0;

  if (!check_usage (task_ids, n_ids, err))
    return VT_EXIT_USAGE;

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);

  run.loop = g_main_loop_new (context, FALSE);
  run.client = vt_client_new ();
  run.cancellable = g_cancellable_new ();
  run.n_entries = n_ids;
  run.kind = kind;
  run.entries = g_new0 (Entry, n_ids);
  for (guint i = 0; i < n_ids; i++)
    run.entries[i].task_id = g_strstrip (g_strdup (task_ids[i]));
  g_object_set_data (G_OBJECT (run.client), "vt-run", &run);

  settings = vt_config_new_settings ();
  if (settings != NULL)
    vt_client_set_per_minute (run.client, g_settings_get_uint (settings, "max-requests-per-minute"));
  account = vt_account_new (run.client, settings);
  run.key_state = vt_account_load (account, context, &run.key_error);

  /* A refused host (MINIMAX_API_HOST, or the one in Preferences) is no query that failed
   * but a setting to fix: said once, as bad usage. */
  host_refused = run.key_state == VT_KEY_STATE_ERROR &&
                 g_error_matches (run.key_error, VT_ERROR, VT_ERROR_INVALID_HOST);
  if (host_refused)
    {
      fprintf (err, "%s\n", run.key_error->message);
      for (guint i = 0; i < run.n_entries; i++)
        g_free (run.entries[i].task_id);
    }
  else if (run.key_state == VT_KEY_STATE_ERROR)
    fail_all (&run, run.key_error);
  else if (run.key_state == VT_KEY_STATE_MISSING)
    {
      g_autoptr(GError) no_key = g_error_new (VT_ERROR, VT_ERROR_NO_API_KEY,
                                              _("No MiniMax API key is set. Save one in Video "
                                                "Tasks’ Preferences, or set MINIMAX_API_KEY."));
      fail_all (&run, no_key);
    }
  else
    {
      start_queries (&run);
      g_main_loop_run (run.loop);
    }

  status = host_refused ? VT_EXIT_USAGE : report (&run, json, out);

  g_free (run.entries);
  g_clear_error (&run.key_error);
  g_clear_error (&run.gave_up);
  g_object_unref (run.cancellable);
  g_object_unref (run.client);
  g_main_loop_unref (run.loop);
  g_main_context_pop_thread_default (context);

  return status;
}
