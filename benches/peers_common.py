"""What the Python peer benchmarks share (spf_peers.py, dmarc_peers.py): the timing loop, and
checkdmarc with its network cut at its single choke point, checkdmarc.utils._resolve_with_failover
(used by query_dns() and by the MX path): every query gets an empty answer, instantly."""
import time

import checkdmarc.utils


def timed_rate(work, seconds):
    """Run work() (which returns how many items it did) until `seconds` have passed; items/s."""
    done, start = 0, time.perf_counter()
    while True:
        done += work()
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed


def _no_network(*_args, **_kwargs):
    return []


checkdmarc.utils._resolve_with_failover = _no_network
