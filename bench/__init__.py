"""Benchmarks: synthetic data (generate.py) and the side-by-side load run (run.py)."""
