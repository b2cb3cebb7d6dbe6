"""Benchmarks (``make bench``): not tests, never run by pytest."""
