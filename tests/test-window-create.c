/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The New Video window, driven as a user would: it offers only what the rule table allows,
 * keeps Create insensitive with the reason shown, reads images in a worker thread, keeps
 * everything after MiniMax refuses, and makes one video of each family, which appears at
 * the top of the list, selected, with its kind and label, and is followed to Succeeded. */

#include "config.h"

#include "window-fixture.h"
#include "vt-new-video-window.h"
#include "vt-task-asked.h"
#include "vt-task-row.h"

static VtNewVideoWindow *
new_video_window (void)
{
  GListModel *windows = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (windows); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (windows, i);

      if (VT_IS_NEW_VIDEO_WINDOW (window))
        return VT_NEW_VIDEO_WINDOW (window);
    }
  return NULL;
}

static GtkWidget *
named (GtkWidget  *root,
       const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
create_button (VtNewVideoWindow *window)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  find_all (GTK_WIDGET (window), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (gtk_widget_has_css_class (buttons->pdata[i], "suggested-action"))
      return buttons->pdata[i];
  g_assert_not_reached ();
}

static void
set_prompt (VtNewVideoWindow *window,
            const char       *name,
            const char       *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (named (GTK_WIDGET (window), name))), text, -1);
}

static void
select_choice (VtNewVideoWindow *window,
               const char       *name,
               const char       *choice)
{
  AdwComboRow *row = ADW_COMBO_ROW (named (GTK_WIDGET (window), name));
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), choice))
        {
          adw_combo_row_set_selected (row, i);
          /* What depends on it follows once the row is done (an idle). */
          vt_test_drain ();
          return;
        }
    }
  g_error ("%s offers no %s", name, choice);
}

static gboolean
offers (VtNewVideoWindow *window,
        const char       *name,
        const char       *choice)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (named (GTK_WIDGET (window), name)));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), choice))
        return TRUE;
    }
  return FALSE;
}

static GFile *
test_image (const char *name)
{
  g_autofree char *path = g_build_filename (TEST_DATADIR, "images", name, NULL);

  return g_file_new_for_path (path);
}

static VtNewVideoWindow *
open_new_video (VtApplication *app)
{
  VtNewVideoWindow *window;

  g_action_group_activate_action (G_ACTION_GROUP (app), "new-video", NULL);
  vt_test_wait_until ((window = new_video_window ()) != NULL && gtk_widget_get_mapped (GTK_WIDGET (window)));
  return window;
}

/* Creates what the window holds; returns the new task, at the top of the list, selected. */
static VtTask *
create (VtApplication    *app,
        VtNewVideoWindow *window)
{
  VtTaskStore *store = vt_application_get_store (app);
  guint before = n_tasks (app);
  g_autoptr(VtTask) top = NULL;
  GtkSingleSelection *selection;

  (void) store;

  vt_test_wait_until (!vt_new_video_window_get_busy (window));
  g_assert_null (vt_new_video_window_get_reason (window));
  g_assert_true (gtk_widget_get_sensitive (create_button (window)));
  click_widget (create_button (window));
  vt_test_wait_until (new_video_window () == NULL && n_tasks (app) == before + 1);
  top = g_list_model_get_item (G_LIST_MODEL (store), 0);
  /* The store keeps it; the test's reference goes with this function. */
  selection = task_selection (main_window (app));
  vt_test_wait_until (gtk_single_selection_get_selected_item (selection) == (gpointer) top);
  return top;
}

/* The body of the last request the loopback server was sent, as text. */
static char *
last_body (void)
{
  GBytes *body = vt_mock_server_get_last_body (mock_server ());

  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
hailuo_body (VtApplication *app)
{
  VtNewVideoWindow *window = open_new_video (app);
  VtTask *task;
  g_autofree char *long_prompt = g_strnfill (2001, 'a');

  take_screenshot (GTK_WIDGET (window), "new-video-hailuo");
  /* Nothing typed: Create waits, and says why. */
  g_assert_false (gtk_widget_get_sensitive (create_button (window)));
  g_assert_nonnull (strstr (vt_new_video_window_get_reason (window), "prompt is needed"));
  set_prompt (window, "prompt", long_prompt);
  g_assert_nonnull (strstr (vt_new_video_window_get_reason (window), "2001 characters"));
  g_assert_false (gtk_widget_get_sensitive (create_button (window)));

  /* Only what the table allows: 2.3 makes 1080P for 6 s only; 512P is Hailuo-02's, from a
   * first frame. */
  set_prompt (window, "prompt", "A cat surfing at dawn [Pan left]");
  select_choice (window, "resolution", "1080P");
  g_assert_true (offers (window, "duration", "6 s"));
  g_assert_false (offers (window, "duration", "10 s"));
  g_assert_false (offers (window, "resolution", "512P"));
  select_choice (window, "mode", "From a first frame");
  select_choice (window, "model", "MiniMax-Hailuo-02");
  g_assert_true (offers (window, "resolution", "512P"));
  g_assert_nonnull (strstr (vt_new_video_window_get_reason (window), "first frame"));
  {
    g_autoptr(GFile) file = test_image ("square-300.png");

    vt_new_video_window_set_image (window, "first-frame", file);
  }
  vt_test_wait_until (!vt_new_video_window_get_busy (window));
  g_assert_nonnull (strstr (vt_new_video_window_get_reason (window), "more than 300 pixels"));
  {
    g_autoptr(GFile) file = test_image ("photo-640x360.jpg");

    vt_new_video_window_set_image (window, "first-frame", file);
  }
  select_choice (window, "resolution", "768P");
  select_choice (window, "duration", "10 s");

  /* MiniMax refuses: said above the form, and everything stays. */
  vt_mock_server_fail_next (mock_server (), 1, "error-1008");
  vt_test_wait_until (!vt_new_video_window_get_busy (window));
  click_widget (create_button (window));
  vt_test_wait_until (!vt_new_video_window_get_busy (window) && label_with_prefix (GTK_WIDGET (window), "The MiniMax account has insufficient balance") != NULL);
  g_assert_true (new_video_window () == window);
  take_screenshot (GTK_WIDGET (window), "new-video-refused");
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (ADW_COMBO_ROW (named (GTK_WIDGET (window), "model")))),
                   ==, "MiniMax-Hailuo-02");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (named (GTK_WIDGET (window), "duration"))), ==, 1);

  /* What MiniMax publishes it costs (Hailuo-02, 768P, 10 s), and when that was checked. */
  vt_test_wait_until (!vt_new_video_window_get_busy (window));
  g_assert_nonnull (label_with_prefix (GTK_WIDGET (window), "≈ $0.56 · prices of 2026-10"));
  task = create (app, window);
  g_assert_true (vt_task_get_kind (task) == VT_TASK_KIND_VIDEO);
  g_assert_cmpstr (vt_task_get_label (task), ==, "A cat surfing at dawn [Pan left]");
  /* The body MiniMax was sent: the first frame as a JPEG data URL, 768P for 10 s. */
  {
    g_autofree char *body = last_body ();

    g_assert_nonnull (strstr (body, "\"first_frame_image\":\"data:image/jpeg;base64,"));
    g_assert_nonnull (strstr (body, "\"duration\":10"));
    g_assert_nonnull (strstr (body, "\"model\":\"MiniMax-Hailuo-02\""));
  }
  vt_test_wait_until (vt_task_get_status (task) == VT_TASK_STATUS_SUCCESS);

  /* It remembers what it was asked (the picture by its file name only)... */
  {
    const VtTaskAsked *asked = vt_task_get_asked (task);

    g_assert_nonnull (asked);
    g_assert_cmpint (asked->mode, ==, VT_CREATE_MODE_FIRST_FRAME);
    g_assert_cmpstr (asked->model, ==, "MiniMax-Hailuo-02");
    g_assert_cmpstr (asked->prompt, ==, "A cat surfing at dawn [Pan left]");
    g_assert_cmpint (asked->duration, ==, 10);
    g_assert_cmpstr (asked->resolution, ==, "768P");
    g_assert_cmpstr (asked->images[0], ==, "photo-640x360.jpg");
    g_assert_null (asked->images[1]);
  }
  /* Wide, the details beside the list say what it was asked. */
  gtk_window_set_default_size (GTK_WINDOW (main_window (app)), 1200, 800);
  wait_for_layout (GTK_WIDGET (main_window (app)));
  vt_test_wait_until (label_with_prefix (GTK_WIDGET (main_window (app)), "MiniMax-Hailuo-02, from a first frame") != NULL);
  g_assert_nonnull (label_with_prefix (GTK_WIDGET (main_window (app)), "768P · 10 s"));
  g_assert_nonnull (label_with_prefix (GTK_WIDGET (main_window (app)), "photo-640x360.jpg"));
  take_screenshot (GTK_WIDGET (main_window (app)), "new-video-details");
  /* ...and Create Again opens the form filled in, waiting only for the picture. */
  gtk_widget_activate_action (GTK_WIDGET (main_window (app)), "app.create-again", "s", vt_task_get_id (task));
  vt_test_wait_until ((window = new_video_window ()) != NULL && gtk_widget_get_mapped (GTK_WIDGET (window)));
  vt_test_drain ();
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (ADW_COMBO_ROW (named (GTK_WIDGET (window), "model")))),
                   ==, "MiniMax-Hailuo-02");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (named (GTK_WIDGET (window), "duration"))), ==, 1);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (named (GTK_WIDGET (window), "mode"))), ==, 1);
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (named (GTK_WIDGET (window), "prompt")));
    GtkTextIter start, end;
    g_autofree char *prompt = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    prompt = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (prompt, ==, "A cat surfing at dawn [Pan left]");
  }
  g_assert_nonnull (strstr (vt_new_video_window_get_reason (window), "first frame"));
  g_assert_nonnull (label_with_prefix (GTK_WIDGET (window), "Was photo-640x360.jpg"));
  take_screenshot (GTK_WIDGET (window), "new-video-again");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
h3_body (VtApplication *app)
{
  VtNewVideoWindow *window = open_new_video (app);
  VtTask *task;

  vt_new_video_window_set_family (window, VT_TASK_KIND_H3);
  set_prompt (window, "h3-prompt", "Rain on a neon street");
  take_screenshot (GTK_WIDGET (window), "new-video-h3");
  /* H3-Max: 480P or 768P for 5–15 s; no 2K. */
  select_choice (window, "h3-model", "MiniMax-H3-Max");
  g_assert_false (offers (window, "h3-resolution", "2K"));
  select_choice (window, "h3-model", "MiniMax-H3");
  select_choice (window, "source", "Reference images");
  g_assert_nonnull (strstr (vt_new_video_window_get_reason (window), "reference image"));
  {
    g_autoptr(GFile) heic = test_image ("photo-640x360.heic");
    g_autoptr(GFile) webp = test_image ("lossless-640x360.webp");

    vt_new_video_window_set_image (window, "reference", heic);
    vt_new_video_window_set_image (window, "reference", webp);
  }
  take_screenshot (GTK_WIDGET (window), "new-video-references");
  /* It fits a phone's width: nothing inside asks for more than 360 px. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  wait_for_layout (GTK_WIDGET (window));
  vt_test_wait_until (gtk_widget_get_width (GTK_WIDGET (window)) <= 360);
  take_screenshot (GTK_WIDGET (window), "new-video-narrow");
  task = create (app, window);
  g_assert_true (vt_task_get_kind (task) == VT_TASK_KIND_H3);
  {
    g_autofree char *body = last_body ();

    g_assert_nonnull (strstr (body, "data:image/heic;base64,"));
    g_assert_nonnull (strstr (body, "\"role\":\"reference_image\""));
    g_assert_nonnull (strstr (body, "\"ratio\":\"16:9\""));
  }
  vt_test_wait_until (vt_task_get_status (task) == VT_TASK_STATUS_SUCCESS);

  /* Another, which waits in MiniMax's queue: its menu cancels it there. */
  vt_mock_server_set_timing (mock_server (), 600000, 600000);
  window = open_new_video (app);
  vt_new_video_window_set_family (window, VT_TASK_KIND_H3);
  set_prompt (window, "h3-prompt", "Snow on a quiet harbour");
  task = create (app, window);
  g_assert_true (vt_task_get_kind (task) == VT_TASK_KIND_H3);
  vt_test_wait_until (vt_task_get_status (task) == VT_TASK_STATUS_QUEUEING);
  gtk_widget_activate_action (GTK_WIDGET (row_of (main_window (app), vt_task_get_id (task))), "row.cancel-at-minimax", NULL);
  vt_test_wait_until (vt_task_get_status (task) == VT_TASK_STATUS_CANCELLED);
  {
    GPtrArray *requests = vt_mock_server_get_requests (mock_server ());
    g_autofree char *path = g_strconcat ("/v2/video_generation/", vt_task_get_id (task), NULL);
    gboolean deleted = FALSE;

    for (guint k = 0; k < requests->len; k++)
      deleted |= g_strcmp0 (((VtMockRequest *) requests->pdata[k])->path, path) == 0;
    g_assert_true (deleted);
  }
}

static void
agent_body (VtApplication *app)
{
  VtNewVideoWindow *window = open_new_video (app);
  VtTask *task;

  vt_new_video_window_set_family (window, VT_TASK_KIND_AGENT);
  select_choice (window, "template", "Diving");
  take_screenshot (GTK_WIDGET (window), "new-video-templates");
  g_assert_nonnull (strstr (vt_new_video_window_get_reason (window), "needs a picture"));
  {
    g_autoptr(GFile) file = test_image ("photo-640x360.png");

    vt_new_video_window_set_image (window, "media", file);
  }
  task = create (app, window);
  g_assert_true (vt_task_get_kind (task) == VT_TASK_KIND_AGENT);
  g_assert_cmpstr (vt_task_get_label (task), ==, "Diving");
  vt_test_wait_until (vt_task_get_status (task) == VT_TASK_STATUS_SUCCESS);
}

static void
built_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      data)
{
  VtNewVideoWindow **built = data;

  *built = vt_new_video_window_new_finish (result);
}

static void
count_cb (GdkFrameClock *clock,
          guint         *count)
{
  (*count)++;
}

/* New Video is built a step at a time after the parent's frames. A parent that draws none
 * (hidden, minimized, closed meanwhile: here realized and never shown) holds no step for
 * long, and the window is built all the same. */
static void
silent_parent_body (VtApplication *app)
{
  GtkWidget *parent = gtk_window_new ();
  g_autoptr(VtClient) client = vt_client_new ();
  VtNewVideoWindow *built = NULL;
  guint frames = 0;

  gtk_widget_realize (parent);
  g_signal_connect (gtk_widget_get_frame_clock (parent), "after-paint", G_CALLBACK (count_cb), &frames);
  vt_new_video_window_new_async (GTK_WINDOW (parent), client, "global", built_cb, &built);
  vt_test_wait_until (built != NULL);
  /* What it was built by: no frame of its parent. */
  g_assert_cmpuint (frames, ==, 0);
  g_assert_nonnull (named (GTK_WIDGET (built), "h3-duration"));
  g_assert_nonnull (named (GTK_WIDGET (built), "template"));
  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (parent), count_cb, &frames);
  gtk_window_destroy (GTK_WINDOW (built));
  g_object_unref (built);
  gtk_window_destroy (GTK_WINDOW (parent));
}

static void
test_silent_parent (void)
{
  run_app (NULL, silent_parent_body);
}

static void
test_hailuo (void)
{
  use_mock_api (TRUE);
  vt_mock_server_set_timing (mock_server (), 0, 0);
  run_app (NULL, hailuo_body);
}

static void
test_h3 (void)
{
  use_mock_api (TRUE);
  vt_mock_server_set_timing (mock_server (), 0, 0);
  run_app (NULL, h3_body);
}

static void
test_agent (void)
{
  use_mock_api (TRUE);
  vt_mock_server_set_timing (mock_server (), 0, 0);
  run_app (NULL, agent_body);
}

int
main (int   argc,
      char *argv[])
{
  window_test_init (&argc, &argv);

  window_test_add ("/window-create/hailuo", test_hailuo);
  window_test_add ("/window-create/h3", test_h3);
  window_test_add ("/window-create/agent", test_agent);
  window_test_add ("/window-create/silent-parent", test_silent_parent);

  return window_test_run ();
}
