"""Requests per second Synapse answers on /_matrix/client/v3/account/whoami.

    whoami_rate.py NAME

Registers the account rate-NAME (shared-secret registration, as the tests
do), then, over kept-alive connections with that account's token, after 50
requests of warm-up, the best of 3 rounds of 300 requests one after the
other, and of 3 rounds of 4 clients making 150 each at once.  Every answer
must be 200, or it exits 1.  Prints a line for people, then one for
test/e2e/run: "rates SEQUENTIAL CONCURRENT CLIENTS", the rates in requests
per second and the number of clients of the second.
"""
import http.client
import sys
import threading
import time
import urllib.parse

from synapse_client import URL, register

ROUNDS = 3
SEQUENTIAL = 300
CLIENTS = 4
EACH = 150


def client(token, n, failures):
    parts = urllib.parse.urlsplit(URL)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Authorization": "Bearer " + token}
    for _ in range(n):
        conn.request("GET", "/_matrix/client/v3/account/whoami", headers=headers)
        resp = conn.getresponse()
        resp.read()
        if resp.status != 200:
            failures.append(resp.status)
    conn.close()


def rate(token, clients, each, failures):
    threads = [threading.Thread(target=client, args=(token, each, failures)) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return clients * each / (time.perf_counter() - start)


def main():
    name = sys.argv[1]
    token = register("rate-" + name, "fake-rate-password")
    failures = []
    client(token, 50, failures)
    sequential = max(rate(token, 1, SEQUENTIAL, failures) for _ in range(ROUNDS))
    concurrent = max(rate(token, CLIENTS, EACH, failures) for _ in range(ROUNDS))
    if failures:
        print("whoami %s: %d answers were not 200: %s" % (name, len(failures), sorted(set(failures))))
        return 1
    print("whoami %s: %.0f requests/s one after the other (%d in %.2f s), %.0f/s from %d clients at once"
          % (name, sequential, SEQUENTIAL, SEQUENTIAL / sequential, concurrent, CLIENTS))
    print("rates %.1f %.1f %d" % (sequential, concurrent, CLIENTS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
