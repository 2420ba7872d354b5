"""Benchmarks of aikg (never part of the default test run)."""
