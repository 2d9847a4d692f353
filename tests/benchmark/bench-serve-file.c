/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Serves one file over loopback HTTP from a memory map, for the download benchmark. */

#include <glib-unix.h>
#include <libsoup/soup.h>

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  GBytes *bytes = user_data;

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "video/mp4", NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
  soup_message_body_complete (soup_server_message_get_response_body (msg));
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  GSList *uris;

  if (argc != 2 || (mapped = g_mapped_file_new (argv[1], FALSE, &error)) == NULL)
    {
      g_printerr ("Usage: bench-serve-file FILE%s%s\n", error ? ": " : "", error ? error->message : "");
      return 2;
    }
  bytes = g_mapped_file_get_bytes (mapped);

  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, handler, bytes, NULL);
  if (!soup_server_listen (server, address, 0, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  uris = soup_server_get_uris (server);
  g_print ("http://127.0.0.1:%d/video.mp4\n", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);
  return 0;
}
