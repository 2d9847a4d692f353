/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the window tests share: the real application run under Xvfb against a loopback API,
 * a fresh state for every test, and ways to find what the window shows. */

#include <gtk/gtk.h>
#include <adwaita.h>

#include "test-util.h"
#include "vt-application.h"
#include "vt-mock-server.h"
#include "vt-window.h"

G_BEGIN_DECLS

#define KEY "window-test-key"

typedef void (*Body) (VtApplication *app);

/* Sets the process up (a throw-away data folder, the locale, GTK, no animations); exits
 * with 77 (skipped) when there is no display. In zh_CN.UTF-8 when VT_TEST_LANGUAGE is set. */
void                window_test_init        (int          *argc,
                                             char       ***argv);
/* Adds @test, run with a new loopback API, an empty data folder and every setting at its
 * default (except the request rate the loopback API allows). */
void                window_test_add         (const char   *path,
                                             void        (*test) (void));
/* Runs the tests and removes the data folder. */
int                 window_test_run         (void);

/* The running test's loopback API, and where the application keeps its list. */
VtMockServer       *mock_server             (void);
const char         *tasks_file              (void);
void                use_mock_api            (gboolean      with_key);

void                run_app                 (const char * const *args,
                                             Body          body);
VtWindow           *main_window             (VtApplication *app);
guint               n_tasks                 (VtApplication *app);
void                wait_for_key            (VtApplication *app);

void                find_all                (GtkWidget    *root,
                                             GType         type,
                                             GPtrArray    *found);
GtkWidget          *find_widget             (GtkWidget    *root,
                                             GType         type);
GtkWidget          *find_shown              (GtkWidget    *root,
                                             GType         type);
GtkLabel           *label_with_prefix       (GtkWidget    *root,
                                             const char   *prefix);
GtkButton          *button_labelled         (GtkWidget    *root,
                                             const char   *label);
GtkWidget          *widget_with_action      (GtkWidget    *root,
                                             const char   *action);

char               *rows_text               (VtWindow     *window);
/* The row that shows task @id (a label reads it), or NULL. */
GtkWidget          *row_of                  (VtWindow     *window,
                                             const char   *id);
gboolean            row_shows               (VtWindow     *window,
                                             const char   *id,
                                             const char   *status);
void                wait_for_row            (VtWindow     *window,
                                             const char   *id,
                                             const char   *status);

GtkEntry           *task_entry              (VtWindow     *window);
GtkListView        *task_list_view          (VtWindow     *window);
GtkSingleSelection *task_selection          (VtWindow     *window);
void                type_and_add            (VtWindow     *window,
                                             const char   *text);

GtkButton          *dialog_button           (const char   *label);
GtkLabel           *dialog_label            (const char   *prefix);
GtkWindow          *preferences_window      (VtApplication *app);
AdwActionRow       *row_titled              (GtkWidget    *root,
                                             const char   *prefix);
GtkLabel           *toast_title_with        (VtWindow     *window,
                                             const char   *part);
void                assert_shows_literally  (GtkLabel     *label,
                                             const char   *text);
char               *clipboard_text          (GtkWidget    *widget);
/* Until @widget has been laid out and drawn again with what it shows now. */
void                wait_for_layout         (GtkWidget    *widget);

/* Real input, through the X server (xdotool under Xvfb): what a user's hand does, handled
 * by the same controllers. Each returns once the window has handled the event. */
void                click_widget            (GtkWidget    *widget);
GtkMenuButton      *main_menu_button        (VtWindow     *window);
void                take_screenshot         (GtkWidget    *widget,
                                             const char   *name);
void                press_key               (GtkWidget    *widget,
                                             const char   *keys);
gboolean            shown_in_list           (VtWindow     *window,
                                             const char   *id);
GtkWidget          *row_label_with          (GtkWidget    *row,
                                             const char   *text);
GtkWidget          *row_label               (VtWindow     *window,
                                             const char   *id);

G_END_DECLS
