"""The benchmark generator writes a repository procmodel checks without findings (the common case)."""

from __future__ import annotations

from procmodel import check_repository, load_repository
from tests.helpers import benchmark_generator

generate = benchmark_generator()
cached_repository = generate.cached_repository


def test_generated_repository_is_clean_and_reused(tmp_path):
    root = cached_repository(tmp_path, processes=30, steps=12)
    repo = load_repository(root)
    assert len(repo.processes) - len(repo.variants) == 30
    assert len(repo.variants) == 15 and len(repo.units) == 2  # one variant per two processes
    assert check_repository(repo) == []
    stamp = (root / "procmodel.yaml").stat().st_mtime_ns
    assert cached_repository(tmp_path, processes=30, steps=12) == root
    assert (root / "procmodel.yaml").stat().st_mtime_ns == stamp
