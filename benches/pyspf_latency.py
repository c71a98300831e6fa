"""pyspf's check_host() over real DNS (plain UDP, dnsdist's port of the DoH test stack), for the
DoH latency benchmark: the same SPF tree mxray resolves over DoH. Prints wall seconds per run.
Usage: pyspf_latency.py PORT DOMAIN IP RUNS"""
import sys
import time

import dns.resolver
import spf

port, domain, ip, runs = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
resolver = dns.resolver.Resolver(configure=False)
resolver.nameservers = ["127.0.0.1"]
resolver.port = port
resolver.cache = None
dns.resolver.default_resolver = resolver  # pyspf asks dns.resolver.query, which uses this one

times = []
for _ in range(runs):
    start = time.perf_counter()
    result = spf.check2(i=ip, s=f"postmaster@{domain}", h=domain)
    times.append(time.perf_counter() - start)
print(f"pyspf-result {result[0]}")
print(f"pyspf-seconds {sorted(times)[len(times) // 2]:.4f}")
