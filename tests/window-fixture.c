/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the window tests share; see window-fixture.h. */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "window-fixture.h"
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif
#include "vt-recording-launcher.h"
#include "vt-task-row.h"

static char *data_dir;       /* XDG_DATA_HOME for the whole run, emptied before each test */
static char *cache_dir;      /* XDG_CACHE_HOME (thumbnails), the same */
static char *tasks_file_;    /* where the application keeps its list in there */
static VtMockServer *server; /* the running test's own */

void
window_test_init (int    *argc,
                  char ***argv)
{
  g_autoptr(GError) error = NULL;

  /* The application keeps its list in the user's data folder: a throw-away one, set before
   * anything asks GLib where that is. */
  data_dir = g_dir_make_tmp ("vt-window-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  cache_dir = g_dir_make_tmp ("vt-window-cache-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
  /* GStreamer keeps its plugin registry in the cache folder: outside it, made once. */
  {
    g_autofree char *name = g_strdup_printf ("vt-test-gst-registry-%u.bin", (guint) getuid ());
    g_autofree char *registry = g_build_filename (g_get_tmp_dir (), name, NULL);

    g_setenv ("GST_REGISTRY", registry, FALSE);
  }

  /* English, unless this is /window-settings/chinese's child, which runs in zh_CN.UTF-8
   * (made by build-aux/deps): gettext ignores LANGUAGE in the C locale, and newer glibc in
   * C.UTF-8 too. */
  if (g_getenv ("VT_TEST_LANGUAGE") != NULL)
    {
      g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
      g_setenv ("LANGUAGE", g_getenv ("VT_TEST_LANGUAGE"), TRUE);
    }
  else
    {
      g_setenv ("LC_ALL", "C.UTF-8", TRUE);
      g_setenv ("LANGUAGE", "C", TRUE);
    }
  if (setlocale (LC_ALL, "") == NULL)
    g_error ("The %s locale is missing; build-aux/deps makes it.", g_getenv ("LC_ALL"));
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (argc, argv, NULL);

  if (gdk_display_get_default () == NULL)
    {
      g_printerr ("No display: run through build-aux/test, which starts Xvfb\n");
      exit (77);
    }

  /* The tests wait for end states, not for animations on the way there. (Clicking Undo on
   * a toast while it was still sliding in crashed the next test now and then, inside
   * libadwaita 1.2's adw_animation_skip; ASan and valgrind runs did not reproduce it.) */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  {
    g_autoptr(GFile) file = vt_task_store_default_file ();
    tasks_file_ = g_file_get_path (file);
  }
}

/* Every setting back at its default: a test that sets the download folder, say, leaves it
 * set for no other. (The settings live in memory for the whole process.) */
static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  /* The loopback API takes any rate: tests need not wait a second between checks. */
  g_settings_set_uint (settings, "max-requests-per-minute", 600);
  /* A test that wants finished videos saved by themselves says so. */
  g_settings_set_boolean (settings, "download-finished", FALSE);
}

static void
set_up (gpointer      fixture,
        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = g_file_new_for_path (data_dir);

  vt_test_remove_tree (dir);
  g_assert_cmpint (g_mkdir_with_parents (data_dir, 0700), ==, 0);
  /* The app's caches and the thumbnails' (not the rest: Mesa keeps its shaders there). */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GFile) cache = g_file_new_build_filename (cache_dir, i == 0 ? "video-tasks" : "thumbnails", NULL);

      if (g_file_query_exists (cache, NULL))
        vt_test_remove_tree (cache);
    }
  reset_settings ();
  server = vt_mock_server_new (KEY, &error);
  g_assert_no_error (error);
}

static void
run_test (gpointer      fixture,
          gconstpointer data)
{
  void (*test) (void) = (void (*) (void)) data;

  test ();
}

static void
tear_down (gpointer      fixture,
           gconstpointer data)
{
  g_clear_object (&server);
  reset_settings ();
  g_unsetenv ("MINIMAX_API_HOST");
  g_unsetenv ("MINIMAX_API_KEY");
}

void
window_test_add (const char  *path,
                 void       (*test) (void))
{
  g_test_add_vtable (path, 0, (gconstpointer) test, set_up, run_test, tear_down);
}

int
window_test_run (void)
{
  int status = g_test_run ();

  {
    g_autoptr(GFile) dir = g_file_new_for_path (data_dir);
    g_autoptr(GFile) cache = g_file_new_for_path (cache_dir);

    vt_test_remove_tree (dir);
    vt_test_remove_tree (cache);
  }
  g_clear_pointer (&tasks_file_, g_free);
  g_clear_pointer (&data_dir, g_free);
  g_clear_pointer (&cache_dir, g_free);
  return status;
}

VtMockServer *
mock_server (void)
{
  g_assert_nonnull (server);
  return server;
}

const char *
tasks_file (void)
{
  return tasks_file_;
}

void
use_mock_api (gboolean with_key)
{
  g_setenv ("MINIMAX_API_HOST", vt_mock_server_get_api_url (mock_server ()), TRUE);
  if (with_key)
    g_setenv ("MINIMAX_API_KEY", KEY, TRUE);
  else
    g_unsetenv ("MINIMAX_API_KEY");
}

typedef struct
{
  Body     body;
  gboolean ran;
} Run;

static gboolean
body_cb (gpointer user_data)
{
  VtApplication *app = user_data;
  Run *run = g_object_get_data (G_OBJECT (app), "vt-run");

  run->body (app);
  run->ran = TRUE;
  /* As SIGTERM does: the windows close, with their clean-up, and the application ends. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static void
window_shown_cb (VtApplication *app)
{
  if (g_object_get_data (G_OBJECT (app), "vt-started") == NULL)
    {
      g_object_set_data (G_OBJECT (app), "vt-started", GINT_TO_POINTER (1));
      g_idle_add (body_cb, app);
    }
}

/* Runs the application as `video-tasks ARGS…`; @body runs once the window is up, with the
 * main loop turning underneath it, and the application quits (and saves) after it. */
void
run_app (const char * const *args,
         Body                body)
{
  g_autoptr(VtRecordingLauncher) launcher = vt_recording_launcher_new ();
  g_autoptr(VtApplication) app = vt_application_new_with (NULL, VT_LAUNCHER (launcher));
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  Run run = { body, FALSE };
  int status;

  g_ptr_array_add (argv, "video-tasks");
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE);
  g_object_set_data (G_OBJECT (app), "vt-run", &run);
  g_signal_connect (app, "window-added", G_CALLBACK (window_shown_cb), NULL);

  status = g_application_run (G_APPLICATION (app), argv->len - 1, (char **) argv->pdata);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (run.ran);
}

VtWindow *
main_window (VtApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (VT_IS_WINDOW (window));
  return VT_WINDOW (window);
}

guint
n_tasks (VtApplication *app)
{
  return g_list_model_get_n_items (G_LIST_MODEL (vt_application_get_store (app)));
}

void
wait_for_key (VtApplication *app)
{
  vt_test_wait_until (vt_account_get_key_state (vt_application_get_account (app)) != VT_KEY_STATE_LOOKING_UP);
}

void
find_all (GtkWidget *root,
          GType      type,
          GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_all (child, type, found);
}

/* The text of every row on screen: "title|status|…" */
char *
rows_text (VtWindow *window)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);

  find_all (GTK_WIDGET (window), VT_TYPE_TASK_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();

      find_all (rows->pdata[i], GTK_TYPE_LABEL, labels);
      for (guint j = 0; j < labels->len; j++)
        if (gtk_widget_get_visible (labels->pdata[j]))
          g_string_append_printf (text, "%s|", gtk_label_get_label (labels->pdata[j]));
      g_string_append_c (text, '\n');
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
row_shows (VtWindow   *window,
           const char *id,
           const char *status)
{
  g_autofree char *text = rows_text (window);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *id_field = g_strdup_printf ("%s|", id);
  g_autofree char *status_field = g_strdup_printf ("|%s|", status);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], id_field) && strstr (lines[i], status_field) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
row_shows_or_gives_up (VtWindow   *window,
                       const char *id,
                       const char *status,
                       gint64      give_up)
{
  if (row_shows (window, id, status))
    return TRUE;
  if (g_get_monotonic_time () < give_up)
    return FALSE;

  {
    g_autofree char *text = rows_text (window);
    g_error ("No row %s showing %s; rows:\n%s", id, status, text);
  }
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Waits for a row to show @status; says what the rows show when it does not come. */
void
wait_for_row (VtWindow   *window,
              const char *id,
              const char *status)
{
  gint64 give_up = g_get_monotonic_time () + (VT_TEST_DEADLINE_SECONDS - 2) * G_USEC_PER_SEC;
  /* Wakes the loop up now and then, to give up in time even when nothing happens. */
  guint wake = g_timeout_add (100, wake_cb, NULL);

  vt_test_wait_until (row_shows_or_gives_up (window, id, status, give_up));
  g_source_remove (wake);
}

GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  find_all (root, type, found);
  return found->len > 0 ? found->pdata[0] : NULL;
}

/* The first on screen: the details' pane has a header and a status page too. */
GtkWidget *
find_shown (GtkWidget *root,
            GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  find_all (root, type, found);
  for (guint i = 0; i < found->len; i++)
    if (gtk_widget_get_mapped (found->pdata[i]))
      return found->pdata[i];
  return NULL;
}

GtkLabel *
label_with_prefix (GtkWidget  *root,
                   const char *prefix)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  find_all (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_mapped (labels->pdata[i]) &&
        g_str_has_prefix (gtk_label_get_label (labels->pdata[i]), prefix))
      return labels->pdata[i];
  return NULL;
}

GtkEntry *
task_entry (VtWindow *window)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  find_all (GTK_WIDGET (window), GTK_TYPE_ENTRY, entries);
  for (guint i = 0; i < entries->len; i++)
    if (!GTK_IS_SEARCH_ENTRY (entries->pdata[i]) &&
        g_strcmp0 (gtk_entry_get_placeholder_text (entries->pdata[i]),
                   _("Paste task IDs, or the reply of a create call")) == 0)
      return entries->pdata[i];
  g_assert_not_reached ();
}

/* The list of tasks (the filter drop-down has a list view of its own). */
GtkListView *
task_list_view (VtWindow *window)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new ();

  find_all (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW, views);
  for (guint i = 0; i < views->len; i++)
    {
      if (gtk_widget_get_ancestor (views->pdata[i], GTK_TYPE_POPOVER) == NULL)
        return views->pdata[i];
    }
  g_assert_not_reached ();
}

GtkSingleSelection *
task_selection (VtWindow *window)
{
  return GTK_SINGLE_SELECTION (gtk_list_view_get_model (task_list_view (window)));
}

GtkButton *
button_labelled (GtkWidget  *root,
                 const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  find_all (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0 &&
        gtk_widget_get_mapped (buttons->pdata[i]))
      return buttons->pdata[i];
  return NULL;
}

GtkWidget *
widget_with_action (GtkWidget  *root,
                    const char *action)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  find_all (root, GTK_TYPE_ACTIONABLE, found);
  for (guint i = 0; i < found->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (found->pdata[i]), action) == 0)
      return found->pdata[i];
  g_assert_not_reached ();
}

static GtkButton *
add_button (VtWindow *window)
{
  GtkLabel *label = label_with_prefix (GTK_WIDGET (window), _("_Add"));

  g_assert_nonnull (label);
  return GTK_BUTTON (gtk_widget_get_parent (GTK_WIDGET (label)));
}

void
type_and_add (VtWindow   *window,
              const char *text)
{
  GtkEntry *entry = task_entry (window);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (add_button (window), "clicked");
}

/* The first of what @find finds with @text in any toplevel: a dialog is a window of its own
 * (AdwMessageDialog, libadwaita < 1.5) or inside the main window (AdwAlertDialog). */
static gpointer
in_toplevels (gpointer   (*find) (GtkWidget *, const char *),
              const char *text)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      gpointer found = find (window, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gpointer
find_button (GtkWidget  *root,
             const char *label)
{
  return button_labelled (root, label);
}

static gpointer
find_label (GtkWidget  *root,
            const char *prefix)
{
  return label_with_prefix (root, prefix);
}

GtkButton *
dialog_button (const char *label)
{
  return in_toplevels (find_button, label);
}

GtkLabel *
dialog_label (const char *prefix)
{
  return in_toplevels (find_label, prefix);
}

GtkWindow *
preferences_window (VtApplication *app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (ADW_IS_PREFERENCES_WINDOW (l->data))
      return l->data;
  return NULL;
}

AdwActionRow *
row_titled (GtkWidget  *root,
            const char *prefix)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  find_all (root, ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_str_has_prefix (adw_preferences_row_get_title (rows->pdata[i]), prefix))
      return rows->pdata[i];
  return NULL;
}

/* The title of the toast on screen that has @part in it: the label in libadwaita's toast
 * widget that is not on its button. */
GtkLabel *
toast_title_with (VtWindow   *window,
                  const char *part)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  find_all (GTK_WIDGET (window), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *ancestor = gtk_widget_get_parent (labels->pdata[i]);
      gboolean on_button = FALSE;

      for (; ancestor != NULL; ancestor = gtk_widget_get_parent (ancestor))
        {
          on_button |= GTK_IS_BUTTON (ancestor);
          if (g_str_equal (G_OBJECT_TYPE_NAME (ancestor), "AdwToastWidget"))
            break;
        }
      if (ancestor != NULL && !on_button &&
          strstr (gtk_label_get_text (labels->pdata[i]), part) != NULL)
        return labels->pdata[i];
    }
  return NULL;
}

/* @label shows @text, character for character, and nothing in it made a link or a style. */
void
assert_shows_literally (GtkLabel   *label,
                        const char *text)
{
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (label), ==, text);
  if (gtk_label_get_use_markup (label))
    {
      g_autofree char *escaped = g_markup_escape_text (text, -1);
      g_assert_cmpstr (gtk_label_get_label (label), ==, escaped);
    }
}

static void
read_text_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
}

/* What the clipboard of @widget's display holds, as text. */
char *
clipboard_text (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, read_text_cb, &text);
  vt_test_wait_until (text != NULL);
  return text;
}

/* Real input */

typedef struct
{
  GdkEventType type;
  gboolean     seen;
} Awaited;

static gboolean
event_seen_cb (GtkEventControllerLegacy *controller,
               GdkEvent                 *event,
               Awaited                  *awaited)
{
  GdkEventType type = gdk_event_get_event_type (event);

  /* A key's release will do: a shortcut the window runs before its widgets (Esc on
   * libadwaita 1.7's dialogs) takes the press. */
  if (awaited->type == GDK_KEY_PRESS && type == GDK_KEY_RELEASE)
    type = GDK_KEY_PRESS;
  if (type == awaited->type &&
      (awaited->type != GDK_KEY_PRESS || !gdk_key_event_is_modifier (event)))
    awaited->seen = TRUE;
  return GDK_EVENT_PROPAGATE;
}

/* The X window of @widget's toplevel, for xdotool. */
static char *
x_window_of (GtkWidget *widget)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));

#ifdef GDK_WINDOWING_X11
  if (GDK_IS_X11_SURFACE (surface))
    return g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
#endif
  g_error ("Real input needs X11 (Xvfb): run through build-aux/test");
}

/* Runs `xdotool COMMAND…` on @widget's toplevel, and waits until the toplevel has handled
 * an event of @type (the click's release, the key's press): what follows in a test then
 * sees what the event did. */
static void
xdotool (GtkWidget           *widget,
         GdkEventType         type,
         const char * const  *command)
{
  GtkWidget *native = GTK_WIDGET (gtk_widget_get_native (widget));
  GtkEventController *watch = gtk_event_controller_legacy_new ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  Awaited awaited = { type, FALSE };
  int status;

  g_ptr_array_add (argv, g_strdup ("xdotool"));
  for (guint i = 0; command[i] != NULL; i++)
    {
      /* "%w" is the toplevel's X window. */
      if (g_str_equal (command[i], "%w"))
        g_ptr_array_add (argv, x_window_of (native));
      else
        g_ptr_array_add (argv, g_strdup (command[i]));
    }
  g_ptr_array_add (argv, NULL);

  gtk_event_controller_set_propagation_phase (watch, GTK_PHASE_CAPTURE);
  g_signal_connect (watch, "event", G_CALLBACK (event_seen_cb), &awaited);
  /* Kept: the event may close the window (Esc on a dialog), which lets go of it. */
  gtk_widget_add_controller (native, g_object_ref (watch));

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("xdotool failed (build-aux/deps installs it): %s %s", error->message, err);

  {
    gint64 give_up = g_get_monotonic_time () + (VT_TEST_DEADLINE_SECONDS - 2) * G_USEC_PER_SEC;
    /* Wakes the loop up now and then, to give up in time even when nothing comes. */
    guint wake = g_timeout_add (100, wake_cb, NULL);

    while (!awaited.seen)
      {
        if (g_get_monotonic_time () > give_up)
          {
            g_autofree char *line = g_strjoinv (" ", (char **) argv->pdata);
            g_error ("%s reached no widget of %s", line, G_OBJECT_TYPE_NAME (native));
          }
        g_main_context_iteration (NULL, TRUE);
      }
    g_source_remove (wake);
  }
  if (gtk_event_controller_get_widget (watch) != NULL)
    gtk_widget_remove_controller (gtk_event_controller_get_widget (watch), watch);
  g_object_unref (watch);
}

/**
 * take_screenshot:
 * @name: the PNG's name, without ".png"
 *
 * With VT_SCREENSHOTS set to a folder, writes what @widget's window shows there, as the
 * user sees it (ImageMagick's import, from the X server). Does nothing otherwise.
 */
void
take_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *folder = g_getenv ("VT_SCREENSHOTS");
  g_autofree char *xid = NULL;
  g_autofree char *file = NULL;
  g_autofree char *png = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (folder == NULL || *folder == '\0')
    return;
  wait_for_layout (widget);
  png = g_strconcat (name, ".png", NULL);
  file = g_build_filename (folder, png, NULL);
  /* A popover is its own X window: the window it opened from is taken from the screen,
   * with the popover over it, as the user sees them. */
  if (GTK_IS_POPOVER (widget))
    {
      GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));
      g_autofree char *out = NULL;
      g_autofree char *crop = NULL;
      g_auto(GStrv) lines = NULL;
      int x = 0, y = 0, width = 0, height = 0;

      xid = x_window_of (window);
      g_spawn_sync (NULL, (char *[]) { "xdotool", "getwindowgeometry", "--shell", xid, NULL }, NULL,
                    G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error);
      g_assert_no_error (error);
      lines = g_strsplit (out, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          sscanf (lines[i], "X=%d", &x);
          sscanf (lines[i], "Y=%d", &y);
          sscanf (lines[i], "WIDTH=%d", &width);
          sscanf (lines[i], "HEIGHT=%d", &height);
        }
      crop = g_strdup_printf ("%dx%d+%d+%d", width, height, x, y);
      g_spawn_sync (NULL, (char *[]) { "import", "-window", "root", "-crop", crop, file, NULL }, NULL,
                    G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
    }
  else
    {
      xid = x_window_of (widget);
      g_spawn_sync (NULL, (char *[]) { "import", "-window", xid, file, NULL }, NULL,
                    G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
    }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* The header bar's main menu (the downloads indicator and each row have menu buttons of
 * their own). */
GtkMenuButton *
main_menu_button (VtWindow *window)
{
  g_autoptr(GPtrArray) menus = g_ptr_array_new ();

  find_all (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, menus);
  for (guint i = 0; i < menus->len; i++)
    if (g_strcmp0 (gtk_menu_button_get_icon_name (menus->pdata[i]), "open-menu-symbolic") == 0)
      return menus->pdata[i];
  g_error ("No main menu");
}

/* Clicks the middle of @widget with the first button. */
void
click_widget (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t middle;
  graphene_point_t point;
  double dx, dy;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  /* Where it is now, not where it was before it was last moved. */
  g_assert_true (gtk_widget_get_mapped (widget));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (native));
  middle = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f,
                                gtk_widget_get_height (widget) / 2.f);
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &middle, &point));
  /* The surface is larger than the window by its shadow. */
  gtk_native_get_surface_transform (native, &dx, &dy);
  x = g_strdup_printf ("%d", (int) (point.x + dx));
  y = g_strdup_printf ("%d", (int) (point.y + dy));

  {
    /* Raised first: the windows of tests before stay on the screen. */
    const char *command[] = { "windowraise", "%w", "mousemove", "--window", "%w", x, y,
                              "click", "1", NULL };
    xdotool (widget, GDK_BUTTON_RELEASE, command);
  }
}

/* Presses @keys ("Delete", "ctrl+question", "Escape") in @widget's window, as xdotool
 * names them. */
void
press_key (GtkWidget  *widget,
           const char *keys)
{
  const char *command[] = { "windowfocus", "%w", "key", "--clearmodifiers", keys, NULL };

  xdotool (widget, GDK_KEY_PRESS, command);
}

/* The label of the row on screen that shows @id (as its title or its ID line). */
static GtkWidget *
label_showing (VtWindow   *window,
               const char *id)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  find_all (GTK_WIDGET (task_list_view (window)), VT_TYPE_TASK_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();

      find_all (rows->pdata[i], GTK_TYPE_LABEL, labels);
      for (guint j = 0; j < labels->len; j++)
        if (gtk_widget_get_mapped (labels->pdata[j]) &&
            g_str_equal (gtk_label_get_label (labels->pdata[j]), id))
          return labels->pdata[j];
    }
  return NULL;
}

/* The row that shows @id is wholly within the part of the list the window shows. */
gboolean
shown_in_list (VtWindow   *window,
               const char *id)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (task_list_view (window)),
                                                 GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *label;
  GtkWidget *row;
  graphene_rect_t bounds;

  /* As laid out for the frame the user sees. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  label = label_showing (window, id);
  row = label != NULL ? gtk_widget_get_ancestor (label, VT_TYPE_TASK_ROW) : NULL;
  if (row == NULL || !gtk_widget_compute_bounds (row, scroller, &bounds))
    return FALSE;
  return bounds.size.height > 0 && bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller);
}

/* The label that shows @id in its row (the title, or the ID line of a labelled task). */
GtkWidget *
row_label (VtWindow   *window,
           const char *id)
{
  GtkWidget *label = label_showing (window, id);

  g_assert_nonnull (label);
  return label;
}

static gboolean
frame_cb (GtkWidget     *widget,
          GdkFrameClock *clock,
          gpointer       user_data)
{
  guint *n_frames = user_data;

  (*n_frames)++;
  return *n_frames < 2 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

void
wait_for_layout (GtkWidget *widget)
{
  guint n_frames = 0;

  gtk_widget_add_tick_callback (widget, frame_cb, &n_frames, NULL);
  vt_test_wait_until (n_frames == 2);
}

GtkWidget *
row_of (VtWindow   *window,
        const char *id)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  find_all (GTK_WIDGET (window), VT_TYPE_TASK_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();

      find_all (rows->pdata[i], GTK_TYPE_LABEL, labels);
      for (guint j = 0; j < labels->len; j++)
        if (g_strcmp0 (gtk_label_get_label (labels->pdata[j]), id) == 0)
          return rows->pdata[i];
    }
  return NULL;
}

/* A label of @row whose text holds @text, or NULL. */
GtkWidget *
row_label_with (GtkWidget  *row,
                const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  find_all (row, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_visible (labels->pdata[i]) &&
        strstr (gtk_label_get_label (labels->pdata[i]), text) != NULL)
      return labels->pdata[i];
  return NULL;
}
