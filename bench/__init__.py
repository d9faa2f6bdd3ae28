"""`make bench`: reader-page throughput and latency, against the static-file and app-server limits.

`python -m bench` runs it; see docs/performance.md.
"""
