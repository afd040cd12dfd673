"""Fixtures shared by several test modules."""

import logging

import pytest


@pytest.fixture(scope="session")
def client():
    """A dask.distributed client on two in-process workers.

    In-process workers start in a fraction of a second and give the same
    results as worker processes (the fits are deterministic).
    """
    distributed = pytest.importorskip("dask.distributed")
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client
