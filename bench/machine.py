"""How fast this machine runs Python right now, printed beside the benches' figures.

The machines these benches run on are virtual and shared: the same load cost 20–23 ms of CPU a
request in one hour and 16 ms two hours later, with the same code (docs/decisions/0012, thirteenth
session). A fixed piece of Python work (dictionaries, strings, sorting: what a request does most),
timed in CPU, tells a slower machine from a slower change: compare a bench's figures with the
workload's time taken in the same run."""

import platform
import sysconfig
import time

ROUNDS = 20


def _work() -> int:
    table = {}
    for number in range(2_000):
        table[f"row-{number % 97}:{number}"] = (number * 7 % 13, str(number), [number])
    ordered = sorted(table.items(), key=lambda item: (item[1][0], item[0]))
    return sum(len(key) + len(value[1]) for key, value in ordered)


def reference_ms(runs: int = 5) -> float:
    """CPU milliseconds of ROUNDS rounds of the fixed work: the best of `runs` (the least disturbed)."""
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        for _ in range(ROUNDS):
            _work()
        best = min(best, (time.process_time() - started) * 1000)
    return best


def interpreter() -> str:
    """The interpreter and how it was built. CPython compiled without profile-guided and link-time
    optimisation (pyenv's default, a bare `./configure`) took 1.3 to 1.65 times the CPU of the same
    version built with them (Debian's python3, uv's Python builds, the official images) for the
    fixed workload on one machine (Python 3.11: 43.5 against 33 ms; 3.13: 52 against 32 ms), and
    about 1.2 times for the load bench's requests (docs/operator/install-debian.md)."""
    flags = sysconfig.get_config_var("CONFIG_ARGS") or ""
    built = [
        name for option, name in (("--enable-optimizations", "PGO"), ("--with-lto", "LTO")) if option in flags
    ]
    how = " + ".join(built) if built else "without PGO or LTO"
    return f"{platform.python_implementation()} {platform.python_version()} ({how})"


def describe() -> str:
    return (
        f"fixed Python workload {reference_ms():.1f} ms of CPU (lower is faster; bench/machine.py), "
        f"{interpreter()}"
    )
