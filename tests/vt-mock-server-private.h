/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "vt-mock-server.h"
#include "vt-task.h"

G_BEGIN_DECLS

struct _VtMockServer
{
  GObject     parent_instance;

  SoupServer *api;
  SoupServer *cdn;
  char       *api_url;
  char       *cdn_url;
  char       *api_key;
  VtClock    *clock;
  GHashTable *first_seen;     /* task id → gint64 monotonic µs */
  GHashTable *cancelled;      /* H3 task ids cancelled by DELETE while queued */
  GPtrArray  *requests;
  GHashTable *aliases;
  guint       preparing_ms;
  guint       processing_ms;
  gsize       video_size;
  GBytes     *video;          /* a real video served instead of the pattern, or NULL: */
  gsize       video_pad_at;   /* its first bytes, then padding, then the rest */
  gboolean    video_pad_box;  /* the padding is a "free" box (else the media data's) */
  gsize       video_rate;     /* bytes a second; 0: all at once */
  guint       video_version;  /* in the ETag: a new one is another video at the same link */
  guint       trace_counter;
  char       *fail_behaviour;
  guint       fail_count;
  guint       concurrent;
  guint       max_concurrent;
  GList      *delayed;        /* answers that are waiting: Delayed */
  guint       link_counter;
  GHashTable *files;          /* Hailuo file_id → task id */
  guint64     file_counter;
  guint       n_h3_listed;    /* H3 tasks the account has, for the v2 list */
  guint64     h3_listed_first_id; /* their IDs as numbers from this one; 0: "h3-listed-0001"… */
  char       *h3_list_answer; /* how the v2 list misbehaves, or NULL */
  guint       n_busy_served;  /* "busy" videos' main links asked for */
  char       *next_h3_error;  /* the message the next H3 request gets, as a v2 HTTP 400 */
  char       *account;        /* what the balance endpoints say (vt_mock_server_set_account) */
  GBytes     *last_body;      /* what the last create or upload was sent */
  guint64     created_counter;
};

/* vt-mock-server-create.c: creating, deleting, uploading */
void        vt_mock_answer_create_v1  (VtMockServer      *self,
                                       SoupServerMessage *msg,
                                       const char        *path_id,
                                       GHashTable        *query);
void        vt_mock_answer_create_h3  (VtMockServer      *self,
                                       SoupServerMessage *msg,
                                       const char        *path_id,
                                       GHashTable        *query);
void        vt_mock_answer_delete_h3  (VtMockServer      *self,
                                       SoupServerMessage *msg,
                                       const char        *path_id,
                                       GHashTable        *query);
void        vt_mock_answer_upload     (VtMockServer      *self,
                                       SoupServerMessage *msg,
                                       const char        *path_id,
                                       GHashTable        *query);

/* vt-mock-server.c: what every endpoint's answers are made of */
gboolean    vt_mock_answer_behaviour  (VtMockServer      *self,
                                       SoupServerMessage *msg,
                                       const char        *task_id,
                                       const char        *behaviour);
void        vt_mock_record            (VtMockServer      *self,
                                       const char        *server,
                                       SoupServerMessage *msg);
void        vt_mock_set_body          (SoupServerMessage *msg,
                                       guint              status,
                                       const char        *content_type,
                                       const char        *body);
void        vt_mock_set_json          (SoupServerMessage *msg,
                                       JsonBuilder       *builder);
void        vt_mock_add_base_resp     (JsonBuilder       *builder,
                                       int                code,
                                       const char        *message);
void        vt_mock_answer_api_error  (SoupServerMessage *msg,
                                       int                code,
                                       const char        *message);
const char *vt_mock_api_code_message  (int                code);
guint       vt_mock_stage             (VtMockServer      *self,
                                       const char        *task_id);
char       *vt_mock_video_url         (VtMockServer      *self,
                                       const char        *task_id,
                                       const char        *suffix);

/* vt-mock-server-video.c: Hailuo (v1) and MiniMax-H3 (v2) */
VtTaskKind  vt_mock_kind_of           (const char        *behaviour);
const char *vt_mock_behaviour_of      (VtMockServer      *self,
                                       const char        *task_id);
void        vt_mock_answer_v2_error   (SoupServerMessage *msg,
                                       guint              status,
                                       const char        *code,
                                       const char        *message);

/* The endpoints' answers (vt-mock-server.c routes to them). @path_id: the task ID in the path,
 * or NULL. */
void        vt_mock_answer_video_query (VtMockServer      *self,
                                        SoupServerMessage *msg,
                                        const char        *path_id,
                                        GHashTable        *query);
void        vt_mock_answer_file       (VtMockServer      *self,
                                       SoupServerMessage *msg,
                                       const char        *path_id,
                                       GHashTable        *query);
void        vt_mock_answer_h3_list    (VtMockServer      *self,
                                       SoupServerMessage *msg,
                                       const char        *path_id,
                                       GHashTable        *query);
void        vt_mock_answer_h3_query   (VtMockServer      *self,
                                       SoupServerMessage *msg,
                                       const char        *path_id,
                                       GHashTable        *query);

G_END_DECLS
