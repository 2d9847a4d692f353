/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sys/types.h>

#include "vt-task-file.h"
#include "vt-task-private.h"

G_BEGIN_DECLS

/* What the parts of VtTaskFile share (see vt-task-file.c): the instance, the file's
 * identity and a task's saved form. */

/* The file as last read or written, to know whether someone else wrote it since. */
typedef struct
{
  dev_t  dev;
  ino_t  ino;
  off_t  size;
  gint64 mtime_ns;
} Identity;

struct _VtTaskFile
{
  GObject     parent_instance;

  GFile      *file;
  GMutex      mutex;          /* guards what follows, and the writing */
  guint64     sequence;       /* of the newest content handed in */
  guint64     saved_sequence; /* of the newest content written */
  GHashTable *base;           /* ID → Entry: the tasks last read or written here (and adopted
                               * since), each as it was then; the key is the entry's ID */
  Identity    known;          /* the file those were read from or written to */
  gboolean    keep;           /* the list could not be read: never write over it */
};

/* A task as saved, shared with the writer thread. Made on the main thread as a reference to
 * each of the task's fields (cheap); the JSON is made from them in a thread, under the
 * file's mutex, once, and the fields are then let go. */
typedef struct
{
  gint64        updated;  /* when the task last changed, µs since the epoch; 0 unknown */
  const char   *id;       /* fields.id, kept */
  VtTaskFields  fields;   /* until the JSON is made */
  char         *json;     /* NULL until made */
  gsize         length;
} Entry;

/* vt-task-file.c */
gboolean vt_task_file_read_list    (const char  *path,
                                    char       **contents,
                                    gsize       *length,
                                    Identity    *identity,
                                    GError     **error);

/* vt-task-file-entry.c */
void     vt_task_file_base_add     (GHashTable  *base,
                                    Entry       *entry);
Entry   *vt_task_file_entry_ref    (Entry       *entry);
void     vt_task_file_entry_unref  (Entry       *entry);
Entry   *vt_task_file_entry_of     (VtTask      *task);
void     vt_task_file_entry_make   (Entry       *entry);
GBytes  *vt_task_file_join_entries (GPtrArray   *entries);

G_END_DECLS
