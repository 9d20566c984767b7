"""Ctrl-C during a long check: KeyboardInterrupt within a second or two, the check's thread
stopped and joined, and the next check works."""
import _thread
import signal
import threading
import time

import pytest

import gdcert

# 7 residuals in 7 variables at a radius where the box search runs for tens of seconds (with 8
# residuals the check would end at once: more residuals than variables is a structural "no").
LONG = dict(residuals="p*q-1; q*s-1; s*t-1; t*u-1; u*v-1; v*w-1; w*p-1.1+0.01*sin(p+q+s+t+u+v+w-7)",
            variables=["p", "q", "s", "t", "u", "v", "w"], center=["1"] * 7, radius="0.661", budget="60s")


def interrupted_after(delay, how):
    timer = threading.Timer(delay, how)
    timer.start()
    t0 = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            gdcert.check(**LONG)
    finally:
        timer.cancel()
        timer.join()
    return time.monotonic() - t0


@pytest.mark.parametrize("how", [_thread.interrupt_main, lambda: signal.raise_signal(signal.SIGINT)],
                         ids=["interrupt_main", "raise_signal"])
def test_interrupt_raises_keyboard_interrupt_quickly(how):
    threads_before = threading.active_count()
    elapsed = interrupted_after(1.0, how)
    assert elapsed < 3.0, f"KeyboardInterrupt after {elapsed:.2f} s"
    assert threading.active_count() == threads_before
    # A later check still works.
    r = gdcert.check(expr="(x*y-1)^2", center=["2", "0.3"], radius="0.5")
    assert r.certified


def test_the_long_check_is_long_without_an_interrupt():
    # The interrupt test means something only if the check would still be running.
    t0 = time.monotonic()
    r = gdcert.check(**dict(LONG, budget="3s"))
    assert time.monotonic() - t0 > 2.5
    assert not r.certified
