/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-application.h"
#include "vt-window.h"

G_BEGIN_DECLS

struct _VtApplication
{
  AdwApplication  parent_instance;

  GFile          *tasks_file;
  VtLauncher     *launcher;
  GSettings      *settings;
  VtTaskStore    *store;
  VtClient       *client;
  VtPoller       *poller;
  VtDownloadManager *downloads;
  guint           n_held;
  GCancellable   *key_lookup;
  char           *key_message;
  char           *unsaved_key;      /* typed, but the keyring could not store it */
  char           *unsaved_key_host;
  char           *startup_message;  /* for the window, when it comes */
  VtKeyState      key_state;
  gboolean        host_from_environment;
  gboolean        options_parsed;
  guint           sigterm_source;
  guint           sigint_source;
};

/* vt-application.c */
VtWindow *vt_application_ensure_window           (VtApplication     *self);

/* vt-application-command-line.c */
void      vt_application_class_init_command_line (GApplicationClass *app_class);
void      vt_application_init_command_line       (VtApplication     *self);

G_END_DECLS
