"""Where a sweep's chunks run: one ``concurrent.futures.Executor`` seam, three kinds.

``serial``
    in the calling process, one chunk after another (for tests, docs and debugging).
``process``
    a process pool on this machine (default: one worker per core). Workers start from a
    clean ``forkserver`` process, ignore Ctrl-C, which the parent handles, and run their
    linear algebra (BLAS) and compiled kernels on one thread: the pool already keeps every
    core busy, and more threads per worker would only compete for them (Dask's workers do
    the same). Workers keep the memory they free for their next tasks
    (:func:`keep_freed_memory`), and results come back through pipes widened to 1 MB.
``dask``
    a Dask ``distributed`` cluster: the scheduler at ``scheduler`` (``tcp://host:8786``) or,
    without one, a ``LocalCluster`` started here and closed afterwards. Needs the ``dist``
    extra (``pip install 'ontable[dist]'``).

A chunk is a pure function of the sweep's inputs and the chunk's seed, so the executor never
changes the results.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from importlib import import_module
from typing import Any, Literal, ParamSpec, TypeVar

from ontable.errors import UnknownIdError, unknown_id_message

ExecutorKind = Literal["serial", "process", "dask"]
EXECUTORS: tuple[ExecutorKind, ...] = ("serial", "process", "dask")

_P = ParamSpec("_P")
_T = TypeVar("_T")


class SerialExecutor(Executor):
    """Runs each submitted call at once in the calling thread and returns its done future."""

    def submit(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> Future[_T]:
        future: Future[_T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            future.set_exception(exc)
        return future


def _ignore_sigint(parent: int | None = None) -> None:
    """A pool worker's set-up: Ctrl-C is the parent's to handle, the worker ends when the
    parent process is gone (even killed with ``kill -9``, which leaves it no time to stop it),
    its BLAS runs on one thread and it keeps the memory it frees for its next tasks.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    one_blas_thread()
    keep_freed_memory()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int, interval: float = 0.5) -> None:
    """Exit when ``parent`` is gone or this worker's own parent changed (it was reparented)."""
    spawner = os.getppid()
    while True:
        time.sleep(interval)
        if os.getppid() != spawner:
            os._exit(1)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # pragma: no cover - a pid reused by another user's process
            os._exit(1)


KEEP_FREED_BYTES = 256 << 20
"""What a pool worker's C library keeps of the memory it frees, to give out again."""


def keep_freed_memory() -> bool:
    """Have this process's C library (glibc) serve blocks up to 64 MB from its heap and keep
    up to :data:`KEEP_FREED_BYTES` freed, instead of mapping fresh pages for every large
    block and returning them when freed (a pool worker's set-up).

    Each chunk allocates and frees the same large arrays, and pickles a result of a megabyte
    or more; fresh pages cost the system a fault each (on a virtual machine, several
    microseconds per 4 KB, more than copying them), so a worker that reuses its memory runs
    its tasks and sends its results several times faster. The worker's memory stays at its
    peak use instead of shrinking between tasks. Returns whether the C library took it.
    """
    import ctypes

    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3
    return bool(mallopt(m_mmap_threshold, 64 << 20)) and bool(
        mallopt(m_trim_threshold, KEEP_FREED_BYTES)
    )


_BLAS_LIMIT: list[object] = []


def one_blas_thread() -> None:
    """Keep this process's BLAS on one thread from now on, and compiled kernels loaded later
    too (a pool worker's set-up; an explicit ``NUMBA_NUM_THREADS`` is kept)."""
    import numpy  # noqa: F401  (loads the BLAS library the limit applies to)
    from threadpoolctl import threadpool_limits

    os.environ.setdefault("NUMBA_NUM_THREADS", "1")  # read when numba is first imported
    _BLAS_LIMIT.append(threadpool_limits(limits=1, user_api="blas"))


def default_workers() -> int:
    """Workers when none are asked for: the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


@contextmanager
def open_executor(
    kind: ExecutorKind = "process",
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    dask_processes: bool = True,
) -> Iterator[Executor]:
    """An executor of the given kind, shut down (and any local cluster closed) on exit.

    Parameters
    ----------
    kind
        ``"serial"``, ``"process"`` or ``"dask"``.
    workers
        Worker processes for ``process`` and a local Dask cluster (default: the cores).
    scheduler
        Address of a running Dask scheduler; without it ``dask`` starts a ``LocalCluster``.
    dask_processes
        Whether a local Dask cluster's workers are processes (True) or threads.
    """
    if kind == "serial":
        yield SerialExecutor()
        return
    if kind == "process":
        context = multiprocessing.get_context("forkserver")
        pool = ProcessPoolExecutor(
            max_workers=workers or default_workers(),
            mp_context=context,
            initializer=_ignore_sigint,
            initargs=(os.getpid(),),
        )
        _widen_pipes(pool)
        try:
            yield pool
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return
    if kind == "dask":
        with _dask_client(workers, scheduler, dask_processes) as client:
            executor = client.get_executor(pure=False)
            try:
                yield executor
            finally:
                executor.shutdown(wait=False)
        return
    raise ValueError(unknown_id_message("executor", kind, EXECUTORS))


PIPE_BYTES = 1 << 20
"""Capacity asked for the pipes a process pool sends tasks and results through (Linux): a
chunk's result (its summaries, about a megabyte for a case of 5 parties × 16 issues) then
passes in one or two writes instead of one per 64 KB, each a switch between processes."""


def _widen_pipes(pool: ProcessPoolExecutor) -> None:
    """Ask for :data:`PIPE_BYTES` of capacity on the pool's task and result pipes, where
    the system allows it (the pipes are the pool's own: left as they are if not found)."""
    import fcntl

    setsize = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setsize is None:  # pragma: no cover - not on Linux
        return
    for name in ("_result_queue", "_call_queue"):
        reader = getattr(getattr(pool, name, None), "_reader", None)
        with suppress(AttributeError, OSError):  # e.g. a system limit below the ask
            fcntl.fcntl(reader.fileno(), setsize, PIPE_BYTES)  # type: ignore[union-attr]


def executor_kind(name: str) -> ExecutorKind:
    """``name`` as an executor kind (:class:`~ontable.errors.UnknownIdError` if it is none)."""
    for kind in EXECUTORS:
        if name == kind:
            return kind
    raise UnknownIdError("executor", name, EXECUTORS)


@contextmanager
def _dask_client(workers: int | None, scheduler: str | None, processes: bool) -> Iterator[Any]:
    try:
        distributed: Any = import_module("distributed")
    except ImportError as exc:  # pragma: no cover - the extra is installed in development
        raise RuntimeError(
            "the dask executor needs the 'dist' extra: pip install 'ontable[dist]'"
        ) from exc
    if scheduler:
        with distributed.Client(scheduler) as client:
            yield client
        return
    with (
        distributed.LocalCluster(
            n_workers=workers or default_workers(),
            threads_per_worker=1,
            processes=processes,
            dashboard_address=":0",  # any free port: two clusters on one machine never clash
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client
