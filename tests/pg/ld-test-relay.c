/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <gio/gio.h>

#include "ld-test-relay.h"

struct _LdTestRelay
{
  GSocket      *listener;
  GCancellable *stopping;
  GThread      *accept_thread;
  int           port;
  int           target_port;
  GMutex        lock;
  GPtrArray    *open;     /* every relayed socket, both sides */
  gboolean      down;
};

typedef struct
{
  GSocket *from;
  GSocket *to;
} Pump;

/* Copies one direction until either side ends; then ends both. */
static gpointer
pump_thread (gpointer data)
{
  Pump *pump = data;
  char buffer[16384];
  gssize n;

  while ((n = g_socket_receive (pump->from, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      gssize sent = 0;

      while (sent < n)
        {
          gssize k = g_socket_send (pump->to, buffer + sent, n - sent, NULL, NULL);

          if (k <= 0)
            goto done;
          sent += k;
        }
    }
done:
  g_socket_shutdown (pump->from, TRUE, TRUE, NULL);
  g_socket_shutdown (pump->to, TRUE, TRUE, NULL);
  g_object_unref (pump->from);
  g_object_unref (pump->to);
  g_free (pump);
  return NULL;
}

static void
start_pump (GSocket *from,
            GSocket *to)
{
  Pump *pump = g_new0 (Pump, 1);

  /* Forward each piece at once, as the link would: without it Nagle's
   * algorithm and delayed acknowledgements add 40 ms to small messages. */
  g_socket_set_option (from, IPPROTO_TCP, TCP_NODELAY, 1, NULL);

  pump->from = g_object_ref (from);
  pump->to = g_object_ref (to);
  g_thread_unref (g_thread_new ("relay-pump", pump_thread, pump));
}

static GSocket *
connect_upstream (LdTestRelay *relay)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) target = g_inet_socket_address_new (loopback, relay->target_port);
  GSocket *upstream = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);

  if (!g_socket_connect (upstream, target, NULL, NULL))
    g_clear_object (&upstream);
  return upstream;
}

static gpointer
accept_thread (gpointer data)
{
  LdTestRelay *relay = data;

  for (;;)
    {
      g_autoptr(GSocket) client = g_socket_accept (relay->listener, relay->stopping, NULL);
      g_autoptr(GSocket) upstream = NULL;
      gboolean down;

      if (client == NULL)
        {
          if (g_cancellable_is_cancelled (relay->stopping))
            return NULL;
          continue;
        }
      g_mutex_lock (&relay->lock);
      down = relay->down;
      g_mutex_unlock (&relay->lock);
      if (down || !(upstream = connect_upstream (relay)))
        {
          g_socket_close (client, NULL);
          continue;
        }
      g_mutex_lock (&relay->lock);
      g_ptr_array_add (relay->open, g_object_ref (client));
      g_ptr_array_add (relay->open, g_object_ref (upstream));
      g_mutex_unlock (&relay->lock);
      start_pump (client, upstream);
      start_pump (upstream, client);
    }
}

LdTestRelay *
ld_test_relay_new (int target_port)
{
  LdTestRelay *relay = g_new0 (LdTestRelay, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  relay->target_port = target_port;
  relay->open = g_ptr_array_new_with_free_func (g_object_unref);
  relay->stopping = g_cancellable_new ();
  g_mutex_init (&relay->lock);
  relay->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (relay->listener, any, TRUE, &error));
  g_assert_true (g_socket_listen (relay->listener, &error));
  bound = g_socket_get_local_address (relay->listener, &error);
  g_assert_no_error (error);
  relay->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  relay->accept_thread = g_thread_new ("relay-accept", accept_thread, relay);
  return relay;
}

int
ld_test_relay_port (LdTestRelay *relay)
{
  return relay->port;
}

/**
 * ld_test_relay_cut:
 *
 * Breaks every connection open through the relay, as a failing link would.
 *
 * Returns: how many connections were cut
 */
guint
ld_test_relay_cut (LdTestRelay *relay)
{
  guint n;

  g_mutex_lock (&relay->lock);
  n = relay->open->len / 2;
  for (guint i = 0; i < relay->open->len; i++)
    g_socket_shutdown (g_ptr_array_index (relay->open, i), TRUE, TRUE, NULL);
  g_ptr_array_set_size (relay->open, 0);
  g_mutex_unlock (&relay->lock);
  return n;
}

/* While down, a connection is accepted and closed at once (the server gone). */
void
ld_test_relay_set_down (LdTestRelay *relay,
                        gboolean     down)
{
  g_mutex_lock (&relay->lock);
  relay->down = down;
  g_mutex_unlock (&relay->lock);
  if (down)
    ld_test_relay_cut (relay);
}

void
ld_test_relay_free (LdTestRelay *relay)
{
  ld_test_relay_cut (relay);
  g_cancellable_cancel (relay->stopping);
  g_thread_join (relay->accept_thread);
  g_socket_close (relay->listener, NULL);
  g_object_unref (relay->listener);
  g_object_unref (relay->stopping);
  g_ptr_array_unref (relay->open);
  g_mutex_clear (&relay->lock);
  g_free (relay);
}
