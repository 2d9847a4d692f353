/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-saved-files"

#include "config.h"

#include "vt-saved-files.h"

/*
 * What the window knows of the videos it saved: whether each file is still there, and how
 * big it is. Rows are made and rebound as the list scrolls, and ask every time; a look at
 * the disk on the UI thread could stall a frame (a slow or sleeping disk, a network
 * folder), so they read the last answer here, and the disk is asked again off the main
 * thread. ::changed says when an answer moved.
 */

typedef struct
{
  gboolean known;
  gboolean present;     /* a regular file */
  guint64  size;
  gboolean asking;
  gboolean ask_again;   /* asked for while a look was on the way */
} Entry;

struct _VtSavedFiles
{
  GObject       parent_instance;

  GHashTable   *entries;      /* path → Entry */
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (VtSavedFiles, vt_saved_files, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void look (VtSavedFiles *self,
                  const char   *path,
                  Entry        *entry);

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VtSavedFiles) self = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (G_FILE (object));
  gboolean present;
  guint64 size;
  Entry *entry;

  info = g_file_query_info_finish (G_FILE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  entry = g_hash_table_lookup (self->entries, path);
  if (entry == NULL)
    return;

  present = info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR;
  size = present ? (guint64) g_file_info_get_size (info) : 0;
  entry->asking = FALSE;

  if (!entry->known || entry->present != present || entry->size != size)
    {
      entry->known = TRUE;
      entry->present = present;
      entry->size = size;
      g_signal_emit (self, signals [CHANGED], 0, path);
    }

  if (entry->ask_again)
    look (self, path, entry);
}

static void
look (VtSavedFiles *self,
      const char   *path,
      Entry        *entry)
{
  g_autoptr(GFile) file = NULL;

  if (entry->asking)
    {
      entry->ask_again = TRUE;
      return;
    }

  entry->asking = TRUE;
  entry->ask_again = FALSE;
  file = g_file_new_for_path (path);
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_LOW, self->cancellable, query_cb,
                           g_object_ref (self));
}

static Entry *
ensure_entry (VtSavedFiles *self,
              const char   *path,
              gboolean     *created)
{
  Entry *entry = g_hash_table_lookup (self->entries, path);

  *created = entry == NULL;
  if (entry == NULL)
    {
      entry = g_new0 (Entry, 1);
      g_hash_table_insert (self->entries, g_strdup (path), entry);
    }
  return entry;
}

static void
vt_saved_files_dispose (GObject *object)
{
  VtSavedFiles *self = (VtSavedFiles *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->entries, g_hash_table_unref);

  G_OBJECT_CLASS (vt_saved_files_parent_class)->dispose (object);
}

static void
vt_saved_files_class_init (VtSavedFilesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_saved_files_dispose;

  /**
   * VtSavedFiles::changed:
   * @path: the file whose answer changed
   */
  signals [CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vt_saved_files_init (VtSavedFiles *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
}

VtSavedFiles *
vt_saved_files_new (void)
{
  return g_object_new (VT_TYPE_SAVED_FILES, NULL);
}

/**
 * vt_saved_files_lookup:
 * @size: (out) (optional): the file's size
 *
 * Returns: whether @path was a regular file at the last look. A path never looked at is
 *   looked at now, off the main thread; until then it counts as not there.
 */
gboolean
vt_saved_files_lookup (VtSavedFiles *self,
                       const char   *path,
                       guint64      *size)
{
  gboolean created;
  Entry *entry;

  g_return_val_if_fail (VT_IS_SAVED_FILES (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  entry = ensure_entry (self, path, &created);
  if (created)
    look (self, path, entry);
  if (size != NULL)
    *size = entry->present ? entry->size : 0;
  return entry->present;
}

/* Looks at @path again, off the main thread: it may have been deleted, or written, since. */
void
vt_saved_files_refresh (VtSavedFiles *self,
                        const char   *path)
{
  gboolean created;

  g_return_if_fail (VT_IS_SAVED_FILES (self));
  g_return_if_fail (path != NULL);

  look (self, path, ensure_entry (self, path, &created));
}
