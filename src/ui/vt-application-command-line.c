/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-application"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-application-private.h"
#include "vt-check-key-command.h"
#include "vt-status-command.h"
#include "vt-task-ids.h"

/* The command line: --status and --json, task IDs for the window, --help and exit codes. */

static const GOptionEntry main_entries[] = {
  { "status", 's', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Print the status of the given tasks and exit, without opening a window"), NULL },
  { "check-key", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Ask MiniMax whether it accepts the API key, and in which region, and exit"), NULL },
  { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("With --status, print one JSON object per task; with --check-key, one object"), NULL },
  { "kind", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("What the tasks are: agent (Video Agent), video (Hailuo) or h3 (MiniMax-H3); "
       "without it, each task's kind is found out"), N_("KIND") },
  { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { G_OPTION_REMAINING, 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY, NULL,
    NULL, N_("[TASK_ID…]") },
  { NULL }
};

/* What VtApplication refines, to chain up from this file. */
static GApplicationClass *
parent_class (void)
{
  return G_APPLICATION_CLASS (g_type_class_peek (ADW_TYPE_APPLICATION));
}

/* --kind, when given; FALSE (with a message) when it names no kind. */
static gboolean
lookup_kind (GVariantDict *options,
             VtTaskKind   *kind)
{
  const char *text = NULL;

  *kind = VT_TASK_KIND_UNKNOWN;
  if (!g_variant_dict_lookup (options, "kind", "&s", &text))
    return TRUE;
  return vt_task_kind_from_string (text, kind) && *kind != VT_TASK_KIND_UNKNOWN;
}

static int
vt_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  VtApplication *self = VT_APPLICATION (app);
  g_autofree const char **task_ids = NULL;
  gboolean status = g_variant_dict_contains (options, "status");
  gboolean check_key = g_variant_dict_contains (options, "check-key");
  gboolean json = g_variant_dict_contains (options, "json");
  VtTaskKind kind;

  self->options_parsed = TRUE;
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("video-tasks %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (!lookup_kind (options, &kind))
    {
      g_printerr ("%s\n", _("The kind of a task is agent (Video Agent), video (Hailuo) or h3 (MiniMax-H3)."));
      return VT_EXIT_USAGE;
    }

  if (json && !status && !check_key)
    {
      g_printerr ("%s\n", _("--json goes with --status or --check-key."));
      return VT_EXIT_USAGE;
    }

  if (check_key)
    {
      if (status || g_variant_dict_contains (options, G_OPTION_REMAINING) ||
          g_variant_dict_contains (options, "kind"))
        {
          g_printerr ("%s\n", _("Usage: video-tasks --check-key [--json]"));
          return VT_EXIT_USAGE;
        }
      return vt_check_key_command_run (json, stdout, stderr);
    }

  if (status)
    {
      g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &task_ids);
      return vt_status_command_run (task_ids, kind, json, stdout, stderr);
    }

  return parent_class ()->handle_local_options (app, options);
}

/* GApplication ends a run whose options it cannot parse with status 1; bad usage is 2 here,
 * as the README and --help say. */
static gboolean
vt_application_local_command_line (GApplication   *app,
                                   char         ***arguments,
                                   int            *exit_status)
{
  VtApplication *self = VT_APPLICATION (app);
  gboolean handled;

  handled = parent_class ()->local_command_line (app, arguments, exit_status);
  if (handled && *exit_status == 1 && !self->options_parsed)
    *exit_status = VT_EXIT_USAGE;
  return handled;
}

/* What a launch with task IDs did, told to the terminal it came from. */
static void
report_added (GApplicationCommandLine *command_line,
              guint                    added,
              guint                    n_existing)
{
  if (added > 0)
    g_application_command_line_print (command_line,
                                      ngettext ("Added %u task to the open window\n",
                                                "Added %u tasks to the open window\n", added),
                                      added);
  if (n_existing > 0)
    g_application_command_line_print (command_line,
                                      ngettext ("%u task was in the list already\n",
                                                "%u tasks were in the list already\n", n_existing),
                                      n_existing);
}

/* `video-tasks TASK_ID…`, here or from a second launch: add the IDs and show them. Every
 * argument must be a task ID, by the same rule as --status; nothing is added otherwise. */
static int
vt_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  VtApplication *self = VT_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree const char **args = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  gboolean was_open = gtk_application_get_active_window (GTK_APPLICATION (self)) != NULL;
  VtWindow *window = vt_application_ensure_window (self);
  guint added, n_existing;
  VtTaskKind kind;

  gtk_window_present (GTK_WINDOW (window));
  if (!g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &args) || args[0] == NULL)
    return VT_EXIT_OK;

  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; args[i] != NULL; i++)
    {
      char *id = g_strstrip (g_strdup (args[i]));

      g_ptr_array_add (ids, id);
      if (!vt_task_id_is_valid (id))
        {
          /* Translators: %s is what was given instead of a task ID */
          g_application_command_line_printerr (command_line,
                                               _("“%s” is not a task ID. A task ID is the number "
                                                 "MiniMax returned when the task was created.\n"),
                                               id);
          return VT_EXIT_USAGE;
        }
    }
  g_ptr_array_add (ids, NULL);

  lookup_kind (options, &kind);
  added = vt_window_add_ids (window, (const char * const *) ids->pdata, kind, &n_existing);
  if (was_open)
    report_added (command_line, added, n_existing);
  return VT_EXIT_OK;
}

void
vt_application_class_init_command_line (GApplicationClass *app_class)
{
  app_class->local_command_line = vt_application_local_command_line;
  app_class->handle_local_options = vt_application_handle_local_options;
  app_class->command_line = vt_application_command_line;
}

void
vt_application_init_command_line (VtApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Follow MiniMax video tasks (Video Agent, Hailuo, MiniMax-H3) until their videos are ready.\n"
                                              "With task IDs, adds them to the list in the window."));
  g_application_set_option_context_description (G_APPLICATION (self),
                                                _("Environment:\n"
                                                  "  MINIMAX_API_KEY   the API key to use instead of the one in the keyring\n"
                                                  "  MINIMAX_API_HOST  the API host to use instead of the region in Preferences\n"
                                                  "\n"
                                                  "Exit status:\n"
                                                  "  0  done; with --status, MiniMax answered for every task; with\n"
                                                  "     --check-key, a host accepted the key\n"
                                                  "  1  with --status, a query failed; with --check-key, no host accepted\n"
                                                  "     the key, or none answered\n"
                                                  "  2  bad usage: an unknown option, or something that is not a task ID"));
}
