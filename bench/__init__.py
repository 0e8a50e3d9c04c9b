"""Data generator and latency benchmarks for the conversation list (see bench/README.md)."""
