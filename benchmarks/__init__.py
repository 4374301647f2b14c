"""Benchmarks of the figures in issue 6: ``python -m benchmarks`` runs them all."""
