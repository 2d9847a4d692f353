/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-create-command"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vt-account.h"
#include "vt-client.h"
#include "vt-config.h"
#include "vt-create-command.h"
#include "vt-error.h"
#include "vt-status-command.h"
#include "vt-task-asked.h"
#include "vt-task-ids.h"
#include "vt-task-store.h"

/* `video-tasks --create …`: one creation, checked against the rule table before anything is
 * sent, through the account's gate like the window's. */

typedef struct
{
  GMainLoop *loop;
  char      *task_id;
  GError    *error;
} Run;

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;

  run->task_id = vt_create_submit_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

/* {"task_id": "…", "kind": "video|h3|agent", "model": "…" or null, "label": "…" or null} */
static void
print_json (FILE                  *out,
            const VtCreateRequest *request,
            const char            *task_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  const char *model = vt_create_request_get_model (request);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "task_id");
  json_builder_add_string_value (builder, task_id);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, vt_task_kind_to_string (request->kind));
  json_builder_set_member_name (builder, "model");
  if (model != NULL)
    json_builder_add_string_value (builder, model);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "label");
  if (request->label != NULL)
    json_builder_add_string_value (builder, request->label);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  fprintf (out, "%s\n", text);
}

/**
 * vt_create_command_run:
 * @task_id: (out) (optional): the new task's ID, when one was made
 *
 * Returns: %VT_EXIT_OK when MiniMax made the task, %VT_EXIT_FAILED when it refused or could
 *   not be reached (the reason on @err), %VT_EXIT_USAGE when a rule is broken (nothing sent)
 */
int
vt_create_command_run (const VtCreateRequest  *request,
                       gboolean                json,
                       FILE                   *out,
                       FILE                   *err,
                       char                  **task_id)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(VtAccount) account = NULL;
  g_autoptr(VtClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  VtKeyState key_state;
  Run run = { 0 };

  if (!vt_create_request_check (request, &error))
    {
      fprintf (err, "%s\n", error->message);
      return VT_EXIT_USAGE;
    }

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  client = vt_client_new ();
  settings = vt_config_new_settings ();
  if (settings != NULL)
    vt_client_set_per_minute (client, g_settings_get_uint (settings, "max-requests-per-minute"));
  account = vt_account_new (client, settings);
  key_state = vt_account_load (account, context, &error);

  if (key_state == VT_KEY_STATE_ERROR && g_error_matches (error, VT_ERROR, VT_ERROR_INVALID_HOST))
    {
      fprintf (err, "%s\n", error->message);
      g_main_context_pop_thread_default (context);
      return VT_EXIT_USAGE;
    }
  if (key_state == VT_KEY_STATE_MISSING)
    {
      fprintf (err, "%s\n", _("No MiniMax API key is set. Save one in Video Tasks’ Preferences, or set MINIMAX_API_KEY."));
      g_main_context_pop_thread_default (context);
      return VT_EXIT_FAILED;
    }
  if (key_state == VT_KEY_STATE_ERROR)
    {
      fprintf (err, "%s\n", error->message);
      g_main_context_pop_thread_default (context);
      return VT_EXIT_FAILED;
    }

  body = vt_create_request_to_body (request);
  run.loop = g_main_loop_new (context, FALSE);
  vt_create_submit_async (client, request->kind, body, NULL, created_cb, &run);
  g_main_loop_run (run.loop);
  g_main_loop_unref (run.loop);
  g_main_context_pop_thread_default (context);

  if (run.task_id == NULL)
    {
      fprintf (err, "%s\n", run.error->message);
      g_clear_error (&run.error);
      return VT_EXIT_FAILED;
    }
  if (json)
    print_json (out, request, run.task_id);
  else
    fprintf (out, "%s\n", run.task_id);
  if (task_id != NULL)
    *task_id = g_steal_pointer (&run.task_id);
  g_free (run.task_id);
  return VT_EXIT_OK;
}

/* Options */

/* The options only --create takes (besides --kind, --json and --label's siblings). */
static const char * const create_options[] = {
  "model", "prompt", "first-frame", "last-frame", "subject", "reference-image", "duration",
  "resolution", "ratio", "no-prompt-optimizer", "fast-pretreatment", "template", "text",
  "media", "label", NULL
};

/* Returns: the first of --create's own options among @options, or NULL */
const char *
vt_create_options_misused (GVariantDict *options)
{
  for (guint i = 0; create_options[i] != NULL; i++)
    if (g_variant_dict_contains (options, create_options[i]))
      return create_options[i];
  return NULL;
}

static gboolean
take_image (GVariantDict   *options,
            const char     *name,
            VtCreateImage **image,
            GError        **error)
{
  const char *value = NULL;

  if (!g_variant_dict_lookup (options, name, "&s", &value))
    return TRUE;
  *image = vt_create_image_load (value, NULL, error);
  return *image != NULL;
}

static gboolean
take_images (GVariantDict  *options,
             const char    *name,
             GPtrArray     *images,
             GError       **error)
{
  g_autofree const char **values = NULL;

  if (!g_variant_dict_lookup (options, name, "^a&s", &values))
    return TRUE;
  for (guint i = 0; values[i] != NULL; i++)
    {
      VtCreateImage *image = vt_create_image_load (values[i], NULL, error);

      if (image == NULL)
        return FALSE;
      g_ptr_array_add (images, image);
    }
  return TRUE;
}

/**
 * vt_create_request_from_options:
 * @options: the command line's options
 *
 * Reads the request --create describes; its local images are read (blocking).
 *
 * Returns: (transfer full): the request (not checked yet), or %NULL when an image could not
 *   be read
 */
VtCreateRequest *
vt_create_request_from_options (GVariantDict  *options,
                                VtTaskKind     kind,
                                GError       **error)
{
  g_autoptr(VtCreateRequest) request = vt_create_request_new (kind != VT_TASK_KIND_UNKNOWN ? kind : VT_TASK_KIND_VIDEO);
  g_autofree const char **texts = NULL;

  g_variant_dict_lookup (options, "model", "s", &request->model);
  g_variant_dict_lookup (options, "prompt", "s", &request->prompt);
  g_variant_dict_lookup (options, "duration", "i", &request->duration);
  g_variant_dict_lookup (options, "resolution", "s", &request->resolution);
  g_variant_dict_lookup (options, "ratio", "s", &request->ratio);
  g_variant_dict_lookup (options, "template", "s", &request->template_id);
  g_variant_dict_lookup (options, "label", "s", &request->label);
  if (g_variant_dict_contains (options, "no-prompt-optimizer"))
    request->prompt_optimizer = FALSE;
  request->fast_pretreatment = g_variant_dict_contains (options, "fast-pretreatment");
  if (g_variant_dict_lookup (options, "text", "^a&s", &texts))
    for (guint i = 0; texts[i] != NULL; i++)
      g_ptr_array_add (request->texts, g_strdup (texts[i]));
  if (request->label == NULL)
    request->label = vt_create_request_make_label (request);
  /* --duration=0 is no duration MiniMax makes; it is not "the default". */
  if (g_variant_dict_contains (options, "duration") && request->duration <= 0)
    request->duration = -1;

  if (!take_image (options, "first-frame", &request->first_frame, error) ||
      !take_image (options, "last-frame", &request->last_frame, error) ||
      !take_image (options, "subject", &request->subject, error) ||
      !take_images (options, "reference-image", request->references, error) ||
      !take_images (options, "media", request->media, error))
    return NULL;
  return g_steal_pointer (&request);
}

/* Joining the list */

static char *
object_path_for (const char *app_id)
{
  g_autofree char *path = g_strconcat ("/", app_id, NULL);

  g_strdelimit (path, ".", '/');
  g_strdelimit (path, "-", '_');
  return g_steal_pointer (&path);
}

/* Activates @action of the application at @app_id with @parameter (floating). */
static gboolean
activate_action (GDBusConnection *bus,
                 const char      *app_id,
                 const char      *action,
                 GVariant        *parameter)
{
  g_autofree char *path = object_path_for (app_id);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder parameters;

  g_variant_builder_init (&parameters, G_VARIANT_TYPE ("av"));
  g_variant_builder_add (&parameters, "v", parameter);
  reply = g_dbus_connection_call_sync (bus, app_id, path, "org.gtk.Actions", "Activate",
                                       g_variant_new ("(sava{sv})", action, &parameters, NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  if (reply == NULL)
    g_debug ("%s: %s", action, error->message);
  return reply != NULL;
}

/* The running instance, if any, is asked to add the task (its app.add-created-asked action,
 * or app.add-created). */
static gboolean
tell_running_instance (const char            *app_id,
                       const char            *task_id,
                       const VtCreateRequest *request)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) owner = NULL;
  g_autoptr(VtTaskAsked) asked = vt_task_asked_new_for_request (request);
  const char *kind = vt_task_kind_to_string (request->kind);
  const char *label = request->label != NULL ? request->label : "";
  gboolean has_owner = FALSE;

  if (bus == NULL || app_id == NULL)
    return FALSE;
  owner = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", app_id), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
  if (owner != NULL)
    g_variant_get (owner, "(b)", &has_owner);
  if (!has_owner)
    return FALSE;

  /* A window of an earlier version (running since before an update) knows only the action
   * without what was asked; told nothing, it would save its list over the task. */
  return activate_action (bus, app_id, "add-created-asked",
                          g_variant_new ("(sss@a{sv})", task_id, kind, label, vt_task_asked_to_variant (asked))) ||
         activate_action (bus, app_id, "add-created", g_variant_new ("(sss)", task_id, kind, label));
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;

  vt_task_store_load_finish (VT_TASK_STORE (object), result, NULL);
  *done = TRUE;
}

/**
 * vt_create_join_list:
 * @app_id: the application's ID on the session bus
 * @tasks_file: (nullable): the saved list; %NULL for the default one
 *
 * The task --create made joins the running window's list, or the saved list when no window
 * runs, so that the app follows it.
 */
void
vt_create_join_list (const char            *app_id,
                     GFile                 *tasks_file,
                     const char            *task_id,
                     const VtCreateRequest *request,
                     FILE                  *err)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GFile) default_file = NULL;
  g_autoptr(VtTaskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids[2] = { task_id, NULL };
  gboolean done = FALSE;
  VtTask *task;

  if (tell_running_instance (app_id, task_id, request))
    return;

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  if (tasks_file == NULL)
    tasks_file = default_file = vt_task_store_default_file ();
  store = vt_task_store_new (tasks_file);
  vt_task_store_load_async (store, NULL, loaded_cb, &done);
  while (!done)
    g_main_context_iteration (context, TRUE);
  vt_task_store_add_ids_of_kind (store, ids, request->kind, NULL);
  task = vt_task_store_lookup (store, task_id);
  if (task != NULL && request->label != NULL)
    vt_task_set_label (task, request->label);
  if (task != NULL)
    {
      g_autoptr(VtTaskAsked) asked = vt_task_asked_new_for_request (request);

      vt_task_set_asked (task, asked);
    }
  if (!vt_task_store_flush (store, &error))
    fprintf (err, "%s\n", error->message);
  g_clear_object (&store);
  g_main_context_pop_thread_default (context);
}
