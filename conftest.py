"""pytest configuration shared by the unit tests and nbval's notebook runs."""

import os


def pytest_configure(config):
    # `python -m pytest` runs test files in parallel, one worker per core (pytest-xdist,
    # `-n auto --dist loadfile` in pyproject.toml: a notebook's cells stay together, in
    # order, on one worker and one kernel). Each worker and each kernel it starts then
    # gets one torch/OpenMP thread: two threads per process on a core another process is
    # using make both wait on each other. train() and translate() pin one thread anyway;
    # this covers the rest (a notebook's own forward passes, NumPy). A caller's setting wins.
    if os.environ.get("PYTEST_XDIST_WORKER"):
        os.environ.setdefault("OMP_NUM_THREADS", "1")


def pytest_collectstart(collector):
    # Warnings (and, outside Jupyter, progress bars) go to stderr and change from run to run;
    # nbval compares stderr as its own stream, so leave it out of the comparison. In a notebook
    # the progress display is an output of the training cell, which ignores its output.
    if hasattr(collector, "skip_compare"):  # nbval's notebook collector
        collector.skip_compare += ("stderr",)
