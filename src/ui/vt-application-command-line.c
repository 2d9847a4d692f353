/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-application"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-application-private.h"
#include "vt-check-key-command.h"
#include "vt-create-command.h"
#include "vt-status-command.h"
#include "vt-task-ids.h"

/* The command line: --status and --json, task IDs for the window, --help and exit codes. */

static const GOptionEntry main_entries[] = {
  { "status", 's', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Print the status of the given tasks and exit, without opening a window"), NULL },
  { "check-key", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Ask MiniMax whether it accepts the API key, and in which region, and exit"), NULL },
  { "create", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Create a video at MiniMax, print its task ID and add the task to the list"), NULL },
  { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("With --status, print one JSON object per task; with --check-key or --create, one object"), NULL },
  { "kind", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("What the tasks are: agent (Video Agent), video (Hailuo) or h3 (MiniMax-H3); "
       "without it, each task's kind is found out; with --create, what to make (video)"), N_("KIND") },
  { "model", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("With --create: the model (MiniMax-Hailuo-2.3, MiniMax-H3…)"), N_("MODEL") },
  { "prompt", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("With --create: what the video shows"), N_("TEXT") },
  { "first-frame", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("With --create: the first frame, a JPEG, PNG or WebP file or an https link"), N_("FILE|URL") },
  { "last-frame", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("With --create: the last frame (with a first frame)"), N_("FILE|URL") },
  { "subject", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("With --create: a person's face to keep (Hailuo S2V-01)"), N_("FILE|URL") },
  { "reference-image", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY, NULL,
    N_("With --create --kind=h3: a reference image (up to 9, repeat the option)"), N_("FILE|URL") },
  { "duration", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_INT, NULL,
    N_("With --create: the video's length"), N_("SECONDS") },
  { "resolution", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("With --create: 512P, 720P, 768P, 1080P (Hailuo); 480P, 768P, 2K (H3)"), N_("RESOLUTION") },
  { "ratio", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("With --create --kind=h3: 21:9, 16:9, 4:3, 1:1, 3:4 or 9:16 (needed for text alone)"), N_("RATIO") },
  { "no-prompt-optimizer", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("With --create (Hailuo): follow the prompt as written"), NULL },
  { "fast-pretreatment", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("With --create (Hailuo 2.3 and 02): optimize the prompt faster"), NULL },
  { "template", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("With --create --kind=agent: the Video Agent template's ID"), N_("ID") },
  { "text", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY, NULL,
    N_("With --create --kind=agent: a text for the template (repeat, in order)"), N_("VALUE") },
  { "media", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY, NULL,
    N_("With --create --kind=agent: a picture for the template (repeat, in order)"), N_("FILE|URL") },
  { "label", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("With --create: the task's name in the list (else its prompt or template)"), N_("TEXT") },
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

/* `video-tasks --create …`: made at MiniMax, then in the list of the window that runs, or of
 * the saved list. */
static int
create_command (VtApplication *self,
                GVariantDict  *options,
                VtTaskKind     kind,
                gboolean       json)
{
  g_autoptr(VtCreateRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *task_id = NULL;
  int status;

  if (g_variant_dict_contains (options, "status") || g_variant_dict_contains (options, "check-key") ||
      g_variant_dict_contains (options, G_OPTION_REMAINING))
    {
      g_printerr ("%s\n", _("Usage: video-tasks --create [--kind=video|h3|agent] [OPTIONS] [--label=TEXT] [--json]"));
      return VT_EXIT_USAGE;
    }
  request = vt_create_request_from_options (options, kind, &error);
  if (request == NULL)
    {
      g_printerr ("%s\n", error->message);
      return VT_EXIT_USAGE;
    }
  status = vt_create_command_run (request, json, stdout, stderr, &task_id);
  if (task_id != NULL)
    vt_create_join_list (g_application_get_application_id (G_APPLICATION (self)), self->tasks_file,
                         task_id, request, stderr);
  return status;
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
  gboolean create = g_variant_dict_contains (options, "create");
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

  if (json && !status && !check_key && !create)
    {
      g_printerr ("%s\n", _("--json goes with --status, --check-key or --create."));
      return VT_EXIT_USAGE;
    }

  if (create)
    return create_command (self, options, kind, json);
  if (vt_create_options_misused (options) != NULL)
    {
      g_printerr (_("--%s goes with --create.\n"), vt_create_options_misused (options));
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
                                                  "     --check-key, a host accepted the key;\n"
                                                  "     with --create, MiniMax made the video's task\n"
                                                  "  1  with --status, a query failed; with --check-key, no host accepted\n"
                                                  "     the key, or none answered; with --create, MiniMax refused or could\n"
                                                  "     not be reached\n"
                                                  "  2  bad usage: an unknown option, something that is not a task ID, or a\n"
                                                  "     creation that breaks one of MiniMax's rules (then nothing is sent)\n"
                                                  "\n"
                                                  "Creating:\n"
                                                  "  video-tasks --create --prompt=\"A cat surfing at dawn\"\n"
                                                  "  video-tasks --create --first-frame=cat.jpg --duration=10\n"
                                                  "  video-tasks --create --kind=h3 --prompt=… --ratio=16:9 --duration=8\n"
                                                  "  video-tasks --create --kind=agent --template=392747428568649728 --media=dog.png"));
}
