/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-details.h"
#include "vt-launcher.h"
#include "vt-saved-files.h"
#include "vt-split.h"
#include "vt-thumbnailer.h"
#include "vt-ticker.h"
#include "vt-window.h"

G_BEGIN_DECLS

struct _VtWindow
{
  AdwApplicationWindow  parent_instance;

  /* What the window shows and acts on, given at construction */
  VtTaskStore          *store;
  VtPoller             *poller;
  VtDownloadManager    *downloads;
  VtLauncher           *launcher;
  VtTicker             *ticker;           /* "5 min ago" for every row */
  VtSavedFiles         *saved_files;      /* whether saved videos are still there */
  VtThumbnailer        *thumbnailer;      /* the rows' first frames */

  /* View state */
  GtkFilterListModel   *filtered;
  GtkCustomFilter      *filter;
  GtkSliceListModel    *rows;             /* the first of them, for the view */
  guint                 grow_source;
  VtTask               *scroll_target;    /* to scroll to again once laid out */
  guint                 scroll_tick;
  guint                 scroll_frames;
  GtkSingleSelection   *selection;
  VtFilterMode          filter_mode;
  char                 *search_text;      /* casefolded; NULL when not searching */
  GArray               *removed;          /* VtTaskStoreRemoval, for Undo */
  guint                 countdown_source;
  const char           *banner_action;    /* what the banner's button does */
  gboolean              was_mapped;
  GSignalGroup         *store_signals;
  GSignalGroup         *poller_signals;
  GSignalGroup         *app_signals;      /* the account's: its key state */
  GtkWindow            *shortcuts_window; /* built when first asked for; weak */

  VtSplit              *split;            /* the list beside (or under) the details */
  VtDetails            *details;

  /* Template widgets */
  GtkWidget            *list_pane;
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  AdwHeaderBar         *header_bar;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkToggleButton      *search_button;
  GtkWidget            *refresh_button;
  GtkWidget            *main_menu_button;
  GMenuModel           *primary_menu;     /* handed to the button when first opened */
  GtkWidget            *filter_box;
  GtkDropDown          *filter_dropdown;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkButton            *banner_button;
  GtkEntry             *task_entry;
  GtkLabel             *add_error;
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  GtkWidget            *setup_box;
  GtkLinkButton        *key_page_link;
  GtkListView          *list_view;
};

/* vt-window.c */
VtApplication *vt_window_get_app            (VtWindow       *self);
void           vt_window_update_view        (VtWindow       *self);
void           vt_window_set_filter_mode    (VtWindow       *self,
                                             VtFilterMode    mode);
void           vt_window_reveal_task        (VtWindow       *self,
                                             VtTask         *task,
                                             gboolean        select);
gboolean       vt_window_scroll_to_task     (VtWindow       *self,
                                             VtTask         *task,
                                             gboolean        select);
void           vt_window_scroll_to_top      (VtWindow       *self);
void           vt_window_show_details       (VtWindow       *self,
                                             VtTask         *task,
                                             gboolean        play);

/* vt-window-actions.c */
void           vt_window_class_init_actions (GtkWidgetClass *widget_class);
void           vt_window_init_actions       (VtWindow       *self);

/* vt-window-rows.c */
GtkListItemFactory *vt_window_rows_factory_new (VtWindow     *self);
GListModel    *vt_window_rows_new           (VtWindow       *self);
void           vt_window_rows_set_up_keys   (VtWindow       *self);
void           vt_window_rows_include       (VtWindow       *self,
                                             guint           position);
void           vt_window_rows_fit           (VtWindow       *self,
                                             GSettings      *settings);
gboolean       vt_window_rows_selected_in_view (VtWindow    *self);

/* vt-window-import.c */
void           vt_window_class_init_import  (GtkWidgetClass *widget_class);

/* vt-window-input.c */
void           vt_window_class_init_input   (GtkWidgetClass *widget_class);
void           vt_window_init_input         (VtWindow       *self);

G_END_DECLS
