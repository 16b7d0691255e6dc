"""gunicorn settings for `make serve` (`gunicorn -c gunicorn.conf.py`). Every value can be changed from the
environment; see the README's "Production serving"."""

import gc
import os


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}") from None


wsgi_app = "factcheck.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000").split(",")

# The CPUs this process may run on (a container's share, not the host's), when the runtime can tell.
cpus = getattr(os, "process_cpu_count", os.cpu_count)() or 1
workers = env_int("WEB_CONCURRENCY", 2 * cpus + 1)
# Threads let a worker keep idle keep-alive connections and overlap database waits. Each thread holds its
# own database connection: workers x threads (or workers x DATABASE_POOL_MAX_SIZE with the pool) must
# stay under the server's max_connections, with room for migrations, the task worker and psql.
threads = env_int("GUNICORN_THREADS", 2)
worker_class = "gthread"

timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = env_int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then, at different times, so a slow leak cannot grow without bound.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The access log line with the time taken (%(M)s, milliseconds), for finding slow pages.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# gunicorn 27's control socket is one path per user ($XDG_RUNTIME_DIR/gunicorn.ctl): two servers on a machine
# would take it from each other. Off unless a path is given.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket


def post_worker_init(worker):
    """The objects made while loading Django live as long as the worker: out of the garbage collector's
    way, its full collections no longer walk them (they were the long pauses behind slow requests)."""
    gc.collect()
    gc.freeze()
