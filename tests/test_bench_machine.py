"""The fixed workload printed beside the benches' figures (bench/machine.py): the same work every
time, timed in CPU, so that two runs' figures can be set against the machine's speed."""

from bench import machine


def test_the_workload_is_the_same_work_every_time():
    assert machine._work() == machine._work() > 0


def test_the_reference_is_a_cpu_time_and_is_described_in_milliseconds():
    assert 0 < machine.reference_ms(runs=1) < 60_000
    assert machine.describe().startswith("fixed Python workload ")
    assert " ms of CPU" in machine.describe()
