"""The fixed workload printed beside the benches' figures (bench/machine.py): the same work every
time, timed in CPU, so that two runs' figures can be set against the machine's speed."""

from bench import machine


def test_the_workload_is_the_same_work_every_time():
    assert machine._work() == machine._work() > 0


def test_the_reference_is_a_cpu_time_and_is_described_in_milliseconds():
    assert 0 < machine.reference_ms(runs=1) < 60_000
    assert machine.describe().startswith("fixed Python workload ")
    assert " ms of CPU" in machine.describe()


def test_the_interpreter_says_how_it_was_built(monkeypatch):
    import sysconfig

    real = sysconfig.get_config_var
    monkeypatch.setattr(
        sysconfig,
        "get_config_var",
        lambda name: (
            "'--prefix=/usr' '--enable-optimizations' '--with-lto'" if name == "CONFIG_ARGS" else real(name)
        ),
    )
    assert machine.interpreter().endswith("(PGO + LTO)")
    monkeypatch.setattr(
        sysconfig,
        "get_config_var",
        lambda name: (
            "'--prefix=/root/.pyenv/versions/3.12.1' '--enable-shared'"
            if name == "CONFIG_ARGS"
            else real(name)
        ),
    )
    assert machine.interpreter().endswith("(without PGO or LTO)")
    assert machine.interpreter().startswith("CPython 3.")
    assert machine.describe().endswith(machine.interpreter())
