"""Small programs the benchmarks start as whole processes (one figure's subject or baseline)."""
