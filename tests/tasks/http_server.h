/*
** http_server.h — a tiny HTTP/1.0 server on 127.0.0.1 for tests that download.
**
** Serves byte buffers registered by path from a thread; one request per connection. A route
** can be marked `truncate`: the response announces the full Content-Length but sends only half
** the body and closes, as a dropped connection does. Unknown paths get 404. The thread stops
** when http_server_stop is called, and on its own after a 60 s bound, so a broken test cannot
** leave it running.
*/
#ifndef TFLC_TESTS_HTTP_SERVER_H_
#define TFLC_TESTS_HTTP_SERVER_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define HTTP_MAX_ROUTES 32

typedef struct http_route {
  const char *path;
  const uint8_t *data;
  size_t size;
  int truncate;
} http_route;

typedef struct http_server {
  int fd;
  int port;
  http_route routes[HTTP_MAX_ROUTES];
  int nroutes;
  atomic_int stop;
  atomic_int requests; /* requests answered, for cache-hit checks */
  pthread_t thread;
} http_server;

static inline void http_add(http_server *s, const char *path, const uint8_t *data, size_t size, int truncate) {
  if (s->nroutes < HTTP_MAX_ROUTES) s->routes[s->nroutes++] = (http_route){path, data, size, truncate};
}

/* Writes all of buf, ignoring a peer that went away. */
static inline void http_send(int fd, const void *buf, size_t n) {
  const char *p = buf;
  while (n > 0) {
    ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
    if (w <= 0) return;
    p += w, n -= (size_t)w;
  }
}

/* Reads the request line and headers, answers one GET. */
static inline void http_answer(http_server *s, int fd) {
  char req[4096] = "";
  size_t got = 0;
  while (got < sizeof req - 1 && !strstr(req, "\r\n\r\n")) {
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, 5000) <= 0) return;
    ssize_t r = recv(fd, req + got, sizeof req - 1 - got, 0);
    if (r <= 0) return;
    got += (size_t)r;
    req[got] = 0;
  }
  char path[1024] = "";
  if (sscanf(req, "GET %1023s", path) != 1) return;
  atomic_fetch_add(&s->requests, 1);
  char head[256];
  for (int i = 0; i < s->nroutes; i++) {
    if (strcmp(s->routes[i].path, path) != 0) continue;
    const http_route *r = &s->routes[i];
    int n = snprintf(head, sizeof head, "HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n", r->size);
    http_send(fd, head, (size_t)n);
    http_send(fd, r->data, r->truncate ? r->size / 2 : r->size);
    return;
  }
  static const char body[] = "not found\n";
  int n = snprintf(head, sizeof head, "HTTP/1.0 404 Not Found\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n", sizeof body - 1);
  http_send(fd, head, (size_t)n);
  http_send(fd, body, sizeof body - 1);
}

static inline void *http_loop(void *arg) {
  http_server *s = arg;
  time_t deadline = time(NULL) + 60;
  while (!atomic_load(&s->stop) && time(NULL) < deadline) {
    struct pollfd p = {s->fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    int c = accept(s->fd, NULL, NULL);
    if (c < 0) continue;
    http_answer(s, c);
    shutdown(c, SHUT_WR);
    close(c);
  }
  return NULL;
}

/* Binds 127.0.0.1 on a free port and starts serving; 0 on success. */
static inline int http_server_start(http_server *s) {
  s->fd = socket(AF_INET, SOCK_STREAM, 0);
  if (s->fd < 0) return -1;
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (bind(s->fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(s->fd, 16) != 0 ||
      getsockname(s->fd, (struct sockaddr *)&a, &len) != 0) {
    close(s->fd);
    return -1;
  }
  s->port = ntohs(a.sin_port);
  atomic_store(&s->stop, 0);
  atomic_store(&s->requests, 0);
  if (pthread_create(&s->thread, NULL, http_loop, s) != 0) return close(s->fd), -1;
  return 0;
}

static inline void http_server_stop(http_server *s) {
  atomic_store(&s->stop, 1);
  pthread_join(s->thread, NULL);
  close(s->fd);
}

#endif /* TFLC_TESTS_HTTP_SERVER_H_ */
