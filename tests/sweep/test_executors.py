"""The executor seam: serial, process pool and a real Dask LocalCluster agree bit for bit."""

from __future__ import annotations

import multiprocessing
import pickle
import time
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ontable.io import load_case
from ontable.sweep import SerialExecutor, open_executor, plan_sweep, run_chunk, run_sweep
from tests.extras import require_extra
from tests.sweep.test_run import assert_same

MINI = Path(__file__).parents[1] / "data" / "mini"


@pytest.fixture(scope="module")
def plan():  # type: ignore[no-untyped-def]
    return plan_sweep(
        load_case(MINI),
        model="compromise",
        samples=1_200,
        seed=42,
        chunk_size=150,
        distribution="beta",
        slice_size=40,  # each chunk in four slices, the last short
    )


@pytest.mark.slow
def test_serial_process_and_dask_agree(plan) -> None:  # type: ignore[no-untyped-def]
    require_extra("dist")
    with open_executor("serial") as ex:
        serial = run_sweep(plan, ex)
    with open_executor("process", workers=2) as ex:
        pooled = run_sweep(plan, ex, serial_below=None)  # every chunk in the pool
    with open_executor("dask", workers=2, dask_processes=False) as ex:
        dask = run_sweep(plan, ex)
    assert_same(serial, pooled)
    assert_same(serial, dask)


class _LastFirst(ThreadPoolExecutor):
    """Threads that hold each task back by its (first) chunk's index, so tasks finish last
    one first (a second-round task gets a list of chunks)."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        index = args[1] if isinstance(args[1], int) else args[1][0][0]

        def late():  # type: ignore[no-untyped-def]
            time.sleep(0.02 * (20 - index))
            return fn(*args, **kwargs)

        return super().submit(late)


def test_the_order_chunks_finish_in_never_changes_the_numbers(plan) -> None:  # type: ignore[no-untyped-def]
    finished: list[int] = []
    with _LastFirst(max_workers=8) as ex:
        late = run_sweep(plan, ex, on_chunk=lambda c: finished.append(c.index))
    assert finished != sorted(finished)  # the chunks did arrive out of order
    assert_same(run_sweep(plan), late)


def test_everything_sent_to_workers_pickles(plan) -> None:  # type: ignore[no-untyped-def]
    copy = pickle.loads(pickle.dumps(plan))
    a, b = run_chunk(plan, 3), run_chunk(copy, 3)
    assert np.array_equal(a.outcomes, b.outcomes)
    assert np.array_equal(a.accepted, b.accepted)
    back = pickle.loads(pickle.dumps(a))
    assert np.array_equal(back.outcomes, a.outcomes)
    assert pickle.loads(pickle.dumps(run_chunk)) is run_chunk


def test_serial_executor_reports_errors_through_the_future() -> None:
    future = SerialExecutor().submit(int, "not a number")
    assert isinstance(future.exception(), ValueError)
    assert SerialExecutor().submit(pow, 2, 5).result() == 32


def test_unknown_executor() -> None:
    with pytest.raises(ValueError, match="unknown executor"), open_executor("cloud"):  # type: ignore[arg-type]
        pass


def _blas_threads() -> list[int]:
    from threadpoolctl import threadpool_info

    return [int(i["num_threads"]) for i in threadpool_info() if i["user_api"] == "blas"]


def test_pool_workers_run_blas_on_one_thread() -> None:
    with open_executor("process", workers=2) as ex:
        threads = ex.submit(_blas_threads).result()
    assert threads and set(threads) == {1}


class _Counting(ProcessPoolExecutor):
    """A process pool that keeps the futures it hands out."""

    def __init__(self) -> None:
        super().__init__(max_workers=1, mp_context=multiprocessing.get_context("forkserver"))
        self.futures: list[Future[Any]] = []

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        future = super().submit(fn, *args, **kwargs)
        self.futures.append(future)
        return future


@pytest.mark.parametrize(
    ("serial_below", "sent", "ran_here"),
    [(None, 8 + 4, False), (0.0, 7 + 4, False), (float("inf"), 7, True)],
)
def test_a_small_sweep_runs_its_chunks_here(
    plan, serial_below: float | None, sent: int, ran_here: bool
) -> None:  # type: ignore[no-untyped-def]
    # With a pool the first chunk runs here while the pool starts on the rest; a sweep
    # whose work is below the limit takes back the chunks the pool has not started (and
    # runs the second round here); the numbers never change.
    with _Counting() as pool:
        result = run_sweep(plan, pool, serial_below=serial_below)
        assert len(pool.futures) == sent  # 8 chunks, then up to 4 second-round tasks
        taken_back = [f for f in pool.futures if f.cancelled()]
        assert bool(taken_back) == ran_here
        assert pool.submit(pow, 2, 3).result() == 8  # the pool still works
    assert_same(run_sweep(plan), result)


def test_pool_results_pass_through_a_wide_pipe() -> None:
    import fcntl

    from ontable.sweep.executors import PIPE_BYTES

    with open_executor("process", workers=1) as ex:
        reader = ex._result_queue._reader  # type: ignore[attr-defined]
        assert fcntl.fcntl(reader.fileno(), fcntl.F_GETPIPE_SZ) >= PIPE_BYTES
        assert ex.submit(np.ones, 300_000).result().sum() == 300_000


def _kept() -> bool:
    from ontable.sweep.executors import keep_freed_memory

    return keep_freed_memory()


def test_pool_workers_keep_the_memory_they_free() -> None:
    # glibc takes the setting (True), so workers reuse freed blocks instead of fresh pages
    with open_executor("process", workers=1) as ex:
        assert ex.submit(_kept).result() is True


def test_a_one_chunk_sweep_never_uses_the_pool() -> None:
    one = plan_sweep(load_case(MINI), model="median", samples=100, seed=3, chunk_size=150)
    with _Counting() as pool:
        result = run_sweep(one, pool, serial_below=0.0)  # however much work it is
        assert pool.futures == []
    assert_same(run_sweep(one), result)
