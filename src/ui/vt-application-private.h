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
  VtAccount      *account;
  VtPoller       *poller;
  VtDownloadManager *downloads;
  VtAutoDownload *auto_download;
  guint           n_held;
  char           *startup_message;  /* for the window, when it comes */
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
