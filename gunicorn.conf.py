"""gunicorn's settings for production (scripts/serve), each one overridable from the
environment. Workers are processes: a slow page holds one worker, not the others."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# The usual 2 × cores + 1: on the 2-core machines we run on, 5 workers.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Pages answer in well under a second; PDFs render on the task queue, not in a request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Recycle workers now and then, so that memory a long-running one gathers is given back.
max_requests = 2000
max_requests_jitter = 200
# The heartbeat file in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = "-"
errorlog = "-"
# The address of the client as the TLS proxy saw it (see DJANGO_BEHIND_TLS_PROXY).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
