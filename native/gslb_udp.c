/*
 * gslb_udp: batched UDP I/O for `hactl gslb serve` on Linux (recvmmsg/sendmmsg).
 *
 * Node's dgram pays one recvmsg and one sendmsg system call, a libuv callback and a JS call with a
 * fresh rinfo object per datagram; on a loopback benchmark that caps a do-nothing echo at ~95k QPS.
 * This addon owns the server's UDP socket and watches it with a libuv poll handle on the main event
 * loop (no threads): when the socket is readable it reads up to `batch` datagrams with one
 * recvmmsg into a shared ArrayBuffer, calls JS once for the whole batch, and sends every answer JS
 * wrote back into the same ArrayBuffer with one sendmmsg. All DNS logic stays in JS.
 *
 * Shared memory (one ArrayBuffer, created here and viewed from JS):
 *   input   batch × inSlot bytes: datagram i at i × inSlot
 *   output  batch × outSlot bytes: JS writes the answer to datagram i at i × outSlot
 *   meta    batch × META_INTS int32 per datagram:
 *             [0] length received (-1: larger than inSlot, cut by the kernel)
 *             [1] source port   [2] source family (4 or 6)   [3] IPv4 source (host order)
 *             [4] answer length, written by JS (0: no answer)  [5] text length of the source
 *   text    batch × TEXT_BYTES: the IPv6 source address as text (inet_ntop), for JS
 *
 * API (all synchronous):
 *   open(host, port, batch, inSlot, outSlot, bufferBytes, onBatch) → { handle, arena, port, family }
 *     onBatch(n) is called with the number of datagrams in the batch; it must fill meta[4].
 *   close(handle)   stops watching and closes the socket (idempotent)
 *   stats(handle)   → { packets, batches, sent, sendErrors, sendDropped, truncated, recvErrors }
 * Errors are thrown as JS errors whose `code` is the errno name (EADDRINUSE, EACCES, ...).
 */
#define _GNU_SOURCE
#include <node_api.h>
#include <uv.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define META_INTS 8
#define TEXT_BYTES 48
/* Batches handled per readiness callback before yielding to the rest of the event loop. */
#define MAX_ROUNDS 8

typedef struct udp_s {
  napi_env env;
  int fd;
  int family;
  uint32_t batch, in_slot, out_slot;
  uv_poll_t poll;
  napi_ref cb_ref;
  napi_ref arena_ref;
  napi_ref handle_ref;
  napi_async_context actx;
  uint8_t *in, *out;
  int32_t *meta;
  char *text;
  struct mmsghdr *rmsgs, *smsgs;
  struct iovec *riov, *siov;
  struct sockaddr_storage *addrs;
  int closing;      /* close() was called: no more callbacks into JS */
  int poll_closed;  /* uv_close has completed (or the poll was never started) */
  int finalized;    /* the JS handle was garbage collected */
  double packets, batches, sent, send_errors, send_dropped, truncated, recv_errors;
} udp_t;

static void free_udp(udp_t *u) {
  free(u->rmsgs);
  free(u->smsgs);
  free(u->riov);
  free(u->siov);
  free(u->addrs);
  free(u);
}

static void throw_errno(napi_env env, int err, const char *what) {
  char msg[256];
  const char *name = "EUNKNOWN";
  switch (err) {
    case EADDRINUSE: name = "EADDRINUSE"; break;
    case EACCES: name = "EACCES"; break;
    case EADDRNOTAVAIL: name = "EADDRNOTAVAIL"; break;
    case EAFNOSUPPORT: name = "EAFNOSUPPORT"; break;
    case EINVAL: name = "EINVAL"; break;
    case EPERM: name = "EPERM"; break;
    case EMFILE: name = "EMFILE"; break;
    case ENOMEM: name = "ENOMEM"; break;
    default: break;
  }
  snprintf(msg, sizeof msg, "%s: %s", what, strerror(err));
  napi_throw_error(env, name, msg);
}

static void on_poll_closed(uv_handle_t *h) {
  udp_t *u = (udp_t *)h->data;
  u->poll_closed = 1;
  if (u->finalized) free_udp(u);
}

/* Stops watching, closes the socket and lets go of the JS objects. Safe inside onBatch. */
static void do_close(udp_t *u) {
  if (u->closing) return;
  u->closing = 1;
  uv_poll_stop(&u->poll);
  uv_close((uv_handle_t *)&u->poll, on_poll_closed);
  close(u->fd);
  u->fd = -1;
  napi_delete_reference(u->env, u->cb_ref);
  napi_delete_reference(u->env, u->arena_ref);
  napi_async_destroy(u->env, u->actx);
  uint32_t rc;
  napi_reference_unref(u->env, u->handle_ref, &rc);
}

static void cleanup_hook(void *arg) { do_close((udp_t *)arg); }

static void finalize_handle(napi_env env, void *data, void *hint) {
  (void)hint;
  udp_t *u = (udp_t *)data;
  napi_delete_reference(env, u->handle_ref);
  u->finalized = 1;
  if (u->poll_closed) free_udp(u);
}

static void send_answers(udp_t *u, int n) {
  int m = 0;
  for (int i = 0; i < n; i++) {
    int32_t len = u->meta[i * META_INTS + 4];
    if (len <= 0 || (uint32_t)len > u->out_slot) continue;
    u->siov[m].iov_base = u->out + (size_t)i * u->out_slot;
    u->siov[m].iov_len = (size_t)len;
    struct msghdr *h = &u->smsgs[m].msg_hdr;
    h->msg_name = &u->addrs[i];
    h->msg_namelen = u->rmsgs[i].msg_hdr.msg_namelen;
    h->msg_iov = &u->siov[m];
    h->msg_iovlen = 1;
    h->msg_control = NULL;
    h->msg_controllen = 0;
    h->msg_flags = 0;
    m++;
  }
  int off = 0;
  while (off < m) {
    int r = sendmmsg(u->fd, u->smsgs + off, (unsigned)(m - off), MSG_DONTWAIT);
    if (r < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        /* The send buffer is full: UDP may drop, and so do we (counted). */
        u->send_dropped += m - off;
        return;
      }
      /* sendmmsg reports the error of the first message it could not send: skip that one. */
      u->send_errors++;
      off++;
      continue;
    }
    u->sent += r;
    off += r;
  }
}

static void on_readable(uv_poll_t *h, int status, int events) {
  (void)events;
  udp_t *u = (udp_t *)h->data;
  if (status < 0 || u->closing) return;
  napi_env env = u->env;
  for (int round = 0; round < MAX_ROUNDS; round++) {
    for (uint32_t i = 0; i < u->batch; i++) {
      u->rmsgs[i].msg_hdr.msg_namelen = sizeof(struct sockaddr_storage);
      u->rmsgs[i].msg_hdr.msg_flags = 0;
    }
    int n = recvmmsg(u->fd, u->rmsgs, u->batch, MSG_DONTWAIT, NULL);
    if (n < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) u->recv_errors++;
      return;
    }
    if (n == 0) return;
    u->batches++;
    u->packets += n;
    for (int i = 0; i < n; i++) {
      int32_t *m = u->meta + i * META_INTS;
      struct msghdr *mh = &u->rmsgs[i].msg_hdr;
      if (mh->msg_flags & MSG_TRUNC) {
        m[0] = -1;
        u->truncated++;
      } else {
        m[0] = (int32_t)u->rmsgs[i].msg_len;
      }
      m[4] = 0;
      m[5] = 0;
      const struct sockaddr_storage *sa = &u->addrs[i];
      if (sa->ss_family == AF_INET) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
        m[1] = ntohs(s4->sin_port);
        m[2] = 4;
        m[3] = (int32_t)ntohl(s4->sin_addr.s_addr);
      } else {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
        m[1] = ntohs(s6->sin6_port);
        m[2] = 6;
        m[3] = 0;
        char *t = u->text + (size_t)i * TEXT_BYTES;
        if (inet_ntop(AF_INET6, &s6->sin6_addr, t, TEXT_BYTES)) m[5] = (int32_t)strlen(t);
      }
    }

    napi_handle_scope scope;
    if (napi_open_handle_scope(env, &scope) != napi_ok) return;
    napi_value cb, global, arg, result;
    napi_get_reference_value(env, u->cb_ref, &cb);
    napi_get_global(env, &global);
    napi_create_uint32(env, (uint32_t)n, &arg);
    napi_status st = napi_make_callback(env, u->actx, global, cb, 1, &arg, &result);
    if (st == napi_pending_exception) {
      napi_value exc;
      napi_get_and_clear_last_exception(env, &exc);
      napi_fatal_exception(env, exc);
    }
    napi_close_handle_scope(env, scope);
    if (u->closing) return;
    send_answers(u, n);
    if ((uint32_t)n < u->batch) return; /* the socket is drained */
  }
}

static udp_t *get_udp(napi_env env, napi_value v) {
  void *data = NULL;
  if (napi_get_value_external(env, v, &data) != napi_ok || data == NULL) {
    napi_throw_type_error(env, NULL, "expected a gslb_udp handle");
    return NULL;
  }
  return (udp_t *)data;
}

/** The handle passed as a call's first argument: NULL when there is none, NULL and a TypeError when it is not a handle. */
static udp_t *udp_arg(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  return argc < 1 ? NULL : get_udp(env, argv[0]);
}

static napi_value js_open(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 7) {
    napi_throw_type_error(env, NULL, "open(host, port, batch, inSlot, outSlot, bufferBytes, onBatch)");
    return NULL;
  }
  char host[INET6_ADDRSTRLEN + 1];
  size_t hl = 0;
  if (napi_get_value_string_utf8(env, argv[0], host, sizeof host, &hl) != napi_ok) {
    napi_throw_type_error(env, NULL, "host must be a string");
    return NULL;
  }
  uint32_t port, batch, in_slot, out_slot, bufbytes;
  if (napi_get_value_uint32(env, argv[1], &port) != napi_ok || napi_get_value_uint32(env, argv[2], &batch) != napi_ok ||
      napi_get_value_uint32(env, argv[3], &in_slot) != napi_ok || napi_get_value_uint32(env, argv[4], &out_slot) != napi_ok ||
      napi_get_value_uint32(env, argv[5], &bufbytes) != napi_ok) {
    napi_throw_type_error(env, NULL, "port, batch, inSlot, outSlot and bufferBytes must be numbers");
    return NULL;
  }
  napi_valuetype cbt;
  napi_typeof(env, argv[6], &cbt);
  if (cbt != napi_function) {
    napi_throw_type_error(env, NULL, "onBatch must be a function");
    return NULL;
  }
  if (port > 65535 || batch < 1 || batch > 1024 || in_slot < 512 || in_slot > 65536 || out_slot < 512 || out_slot > 65536 ||
      (in_slot & 7) || (out_slot & 7)) {
    napi_throw_range_error(env, NULL, "port, batch (1-1024) or slot sizes (512-65536, multiples of 8) out of range");
    return NULL;
  }

  struct sockaddr_storage bind_addr;
  socklen_t bind_len;
  memset(&bind_addr, 0, sizeof bind_addr);
  int family;
  struct sockaddr_in *b4 = (struct sockaddr_in *)&bind_addr;
  struct sockaddr_in6 *b6 = (struct sockaddr_in6 *)&bind_addr;
  if (inet_pton(AF_INET, host, &b4->sin_addr) == 1) {
    family = AF_INET;
    b4->sin_family = AF_INET;
    b4->sin_port = htons((uint16_t)port);
    bind_len = sizeof *b4;
  } else if (inet_pton(AF_INET6, host, &b6->sin6_addr) == 1) {
    family = AF_INET6;
    b6->sin6_family = AF_INET6;
    b6->sin6_port = htons((uint16_t)port);
    bind_len = sizeof *b6;
  } else {
    napi_throw_error(env, "EINVAL", "the listen host is not an IPv4 or IPv6 address");
    return NULL;
  }

  int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throw_errno(env, errno, "socket");
    return NULL;
  }
  if (bufbytes > 0) {
    int sz = (int)bufbytes;
    /* Like dgram's recvBufferSize/sendBufferSize: capped by net.core.[rw]mem_max. */
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
  }
  if (bind(fd, (struct sockaddr *)&bind_addr, bind_len) < 0) {
    int err = errno;
    close(fd);
    throw_errno(env, err, "bind");
    return NULL;
  }
  struct sockaddr_storage bound;
  socklen_t bound_len = sizeof bound;
  getsockname(fd, (struct sockaddr *)&bound, &bound_len);
  uint32_t bound_port = family == AF_INET ? ntohs(((struct sockaddr_in *)&bound)->sin_port) : ntohs(((struct sockaddr_in6 *)&bound)->sin6_port);

  udp_t *u = (udp_t *)calloc(1, sizeof *u);
  if (!u) {
    close(fd);
    throw_errno(env, ENOMEM, "calloc");
    return NULL;
  }
  u->env = env;
  u->fd = fd;
  u->family = family;
  u->batch = batch;
  u->in_slot = in_slot;
  u->out_slot = out_slot;
  u->poll_closed = 1; /* until the poll handle is initialised */
  u->rmsgs = (struct mmsghdr *)calloc(batch, sizeof *u->rmsgs);
  u->smsgs = (struct mmsghdr *)calloc(batch, sizeof *u->smsgs);
  u->riov = (struct iovec *)calloc(batch, sizeof *u->riov);
  u->siov = (struct iovec *)calloc(batch, sizeof *u->siov);
  u->addrs = (struct sockaddr_storage *)calloc(batch, sizeof *u->addrs);
  if (!u->rmsgs || !u->smsgs || !u->riov || !u->siov || !u->addrs) {
    close(fd);
    free_udp(u);
    throw_errno(env, ENOMEM, "calloc");
    return NULL;
  }

  size_t in_bytes = (size_t)batch * in_slot, out_bytes = (size_t)batch * out_slot;
  size_t meta_bytes = (size_t)batch * META_INTS * sizeof(int32_t), text_bytes = (size_t)batch * TEXT_BYTES;
  void *arena_data = NULL;
  napi_value arena;
  if (napi_create_arraybuffer(env, in_bytes + out_bytes + meta_bytes + text_bytes, &arena_data, &arena) != napi_ok) {
    close(fd);
    free_udp(u);
    return NULL;
  }
  u->in = (uint8_t *)arena_data;
  u->out = u->in + in_bytes;
  u->meta = (int32_t *)(u->out + out_bytes);
  u->text = (char *)(u->out + out_bytes + meta_bytes);
  for (uint32_t i = 0; i < batch; i++) {
    u->riov[i].iov_base = u->in + (size_t)i * in_slot;
    u->riov[i].iov_len = in_slot;
    u->rmsgs[i].msg_hdr.msg_iov = &u->riov[i];
    u->rmsgs[i].msg_hdr.msg_iovlen = 1;
    u->rmsgs[i].msg_hdr.msg_name = &u->addrs[i];
    u->rmsgs[i].msg_hdr.msg_namelen = sizeof(struct sockaddr_storage);
  }

  napi_value handle, resource_name;
  if (napi_create_external(env, u, finalize_handle, NULL, &handle) != napi_ok) {
    close(fd);
    free_udp(u);
    return NULL;
  }
  /* From here on the finalizer owns u (it frees once the poll handle is closed too). */
  napi_create_reference(env, handle, 1, &u->handle_ref);
  napi_create_reference(env, argv[6], 1, &u->cb_ref);
  napi_create_reference(env, arena, 1, &u->arena_ref);
  napi_create_string_utf8(env, "hactl:gslb-udp", NAPI_AUTO_LENGTH, &resource_name);
  napi_async_init(env, NULL, resource_name, &u->actx);

  uv_loop_t *loop = NULL;
  napi_get_uv_event_loop(env, &loop);
  int rc = uv_poll_init(loop, &u->poll, fd);
  if (rc == 0) {
    u->poll_closed = 0;
    u->poll.data = u;
    rc = uv_poll_start(&u->poll, UV_READABLE, on_readable);
  }
  if (rc != 0) {
    if (!u->poll_closed) {
      do_close(u);
    } else {
      u->closing = 1;
      close(fd);
      napi_delete_reference(env, u->cb_ref);
      napi_delete_reference(env, u->arena_ref);
      napi_async_destroy(env, u->actx);
      uint32_t r;
      napi_reference_unref(env, u->handle_ref, &r);
    }
    napi_throw_error(env, "EUV", uv_strerror(rc));
    return NULL;
  }
  napi_add_env_cleanup_hook(env, cleanup_hook, u);

  napi_value out, v;
  napi_create_object(env, &out);
  napi_set_named_property(env, out, "handle", handle);
  napi_set_named_property(env, out, "arena", arena);
  napi_create_uint32(env, bound_port, &v);
  napi_set_named_property(env, out, "port", v);
  napi_create_uint32(env, family == AF_INET ? 4 : 6, &v);
  napi_set_named_property(env, out, "family", v);
  return out;
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  udp_t *u = udp_arg(env, info);
  if (!u) return NULL;
  if (!u->closing) {
    napi_remove_env_cleanup_hook(env, cleanup_hook, u);
    do_close(u);
  }
  return NULL;
}

static void set_num(napi_env env, napi_value obj, const char *key, double value) {
  napi_value v;
  napi_create_double(env, value, &v);
  napi_set_named_property(env, obj, key, v);
}

static napi_value js_stats(napi_env env, napi_callback_info info) {
  udp_t *u = udp_arg(env, info);
  if (!u) return NULL;
  napi_value out;
  napi_create_object(env, &out);
  set_num(env, out, "packets", u->packets);
  set_num(env, out, "batches", u->batches);
  set_num(env, out, "sent", u->sent);
  set_num(env, out, "sendErrors", u->send_errors);
  set_num(env, out, "sendDropped", u->send_dropped);
  set_num(env, out, "truncated", u->truncated);
  set_num(env, out, "recvErrors", u->recv_errors);
  return out;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"open", NULL, js_open, NULL, NULL, NULL, napi_default, NULL},
      {"close", NULL, js_close, NULL, NULL, NULL, napi_default, NULL},
      {"stats", NULL, js_stats, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  napi_value v;
  napi_create_uint32(env, META_INTS, &v);
  napi_set_named_property(env, exports, "META_INTS", v);
  napi_create_uint32(env, TEXT_BYTES, &v);
  napi_set_named_property(env, exports, "TEXT_BYTES", v);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
