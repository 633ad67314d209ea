"""Benchmarks of issue 3: run with `make bench` (see bench/README.md). Not installed, not tests."""
