"""gunicorn's settings file (read from the working directory): with PROMETHEUS_MULTIPROC_DIR set,
the metrics files of a worker that exited are marked, so /metrics adds up the living ones."""

import os


def child_exit(_server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
