/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-secret"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "vt-error.h"
#include "vt-secret.h"

static const SecretSchema *
vt_secret_get_schema (void)
{
  static const SecretSchema schema = {
    APP_ID, SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static GError *
locked_error (void)
{
  return g_error_new (VT_ERROR, VT_ERROR_KEYRING,
                      _("The keyring is locked. Unlock it (for example by logging in again) "
                        "and try once more."));
}

/* libsecret's own errors name D-Bus details; say what it means for the user instead. */
static GError *
keyring_error (GError *error)
{
  GError *ours;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  g_debug ("Keyring failure: %s", error->message);

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    ours = locked_error ();
  else
    ours = g_error_new (VT_ERROR, VT_ERROR_KEYRING,
                        _("The keyring is not available, so the API key cannot be read or "
                          "saved. Make sure a Secret Service such as GNOME Keyring is "
                          "running. (%s)"),
                        error->message);

  g_error_free (error);
  return ours;
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, keyring_error (error));
}

void
vt_secret_store_async (const char          *host,
                       const char          *api_key,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (host != NULL);
  g_return_if_fail (api_key != NULL && *api_key != '\0');

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_secret_store_async);

  /* Translators: the name of the secret as shown in Seahorse (Passwords and Keys). */
  label = g_strdup_printf (_("MiniMax API key for %s"), host);
  secret_password_store (vt_secret_get_schema (), SECRET_COLLECTION_DEFAULT, label, api_key,
                         cancellable, store_cb, g_steal_pointer (&task),
                         "host", host,
                         NULL);
}

gboolean
vt_secret_store_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
retrieve_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SecretValue) value = NULL;
  GError *error = NULL;

  value = secret_retrievable_retrieve_secret_finish (SECRET_RETRIEVABLE (object), result, &error);
  if (error != NULL)
    g_task_return_error (task, keyring_error (error));
  else if (value == NULL)
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_pointer (task, g_strdup (secret_value_get_text (value)),
                           (GDestroyNotify) vt_secret_free);
}

/* The results are SecretItems from a Secret Service, or, inside a Flatpak sandbox, items
 * of libsecret's file backend (kept through the Secret portal), which are never locked. */
static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SecretRetrievable) other = NULL;
  GList *items;
  GError *error = NULL;
  gboolean saw_locked = FALSE;
  char *api_key = NULL;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (error));
      return;
    }

  for (GList *l = items; l != NULL && api_key == NULL; l = l->next)
    {
      g_autoptr(SecretValue) value = NULL;

      if (!SECRET_IS_ITEM (l->data))
        {
          if (other == NULL)
            other = g_object_ref (l->data);
          continue;
        }

      if (secret_item_get_locked (l->data))
        {
          saw_locked = TRUE;
          continue;
        }

      value = secret_item_get_secret (l->data);
      if (value != NULL)
        api_key = g_strdup (secret_value_get_text (value));
    }
  g_list_free_full (items, g_object_unref);

  if (api_key != NULL)
    g_task_return_pointer (task, api_key, (GDestroyNotify) vt_secret_free);
  else if (other != NULL)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      secret_retrievable_retrieve_secret (other, cancellable, retrieve_cb,
                                          g_steal_pointer (&task));
    }
  else if (saw_locked)
    g_task_return_error (task, locked_error ());
  else
    g_task_return_pointer (task, NULL, NULL);
}

/**
 * vt_secret_lookup_async:
 *
 * Looks the key up without asking to unlock the keyring: a locked keyring is reported as
 * %VT_ERROR_KEYRING rather than popping up a system prompt the user did not ask for.
 */
void
vt_secret_lookup_async (const char          *host,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (host != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_secret_lookup_async);

  attributes = secret_attributes_build (vt_secret_get_schema (), "host", host, NULL);
  secret_password_searchv (vt_secret_get_schema (), attributes,
                           SECRET_SEARCH_ALL | SECRET_SEARCH_LOAD_SECRETS,
                           cancellable, search_cb, g_steal_pointer (&task));
}

/**
 * vt_secret_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the key, to be freed with vt_secret_free(), or
 *   %NULL without an error when none is stored for the host.
 */
char *
vt_secret_lookup_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error only means nothing was stored: that is cleared too. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
vt_secret_clear_async (const char          *host,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (host != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vt_secret_clear_async);

  secret_password_clear (vt_secret_get_schema (), cancellable, clear_cb,
                         g_steal_pointer (&task),
                         "host", host,
                         NULL);
}

gboolean
vt_secret_clear_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Overwrites the key before giving the memory back. */
void
vt_secret_free (char *api_key)
{
  if (api_key == NULL)
    return;

  memset (api_key, 0, strlen (api_key));
  g_free (api_key);
}
