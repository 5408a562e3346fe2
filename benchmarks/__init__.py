"""Benchmarks and the synthetic handbook generator they measure."""
