# SPDX-License-Identifier: GPL-3.0-or-later
"""Simulated time for recording tests: the monotonic clock moves only when the test moves it.

The synthetic camera and tone sleep on this clock (their `sleep`), the session reads it (its
`clock`), so "record 1.2 s, pause, 0.4 s, resume" takes as long as encoding those frames, and
the moments are exact: a pause asked at 1.2 s is at 1.2 s, whatever the machine's load.

advance() is a small discrete-event loop: it waits until every capture thread is blocked on the
clock, moves time to the earliest wake-up (never past the target), lets those threads capture,
and repeats; it returns once all of them wait for a moment after the target. stop() lets time
run free (each sleep moves it forward at once) so that the capture threads can see the stop,
which is what a clock does while the real session stops. What stays in real time: the encoder
thread (so the queue is made deep enough not to drop frames that real time would have spread
out), and tests about real time itself (dropping frames when the encoder is slow, device retries,
kill -9).
"""

from __future__ import annotations

import threading

REAL_SECONDS_TO_WAIT = 30.0  # for the capture threads to come back to the clock: only a hang takes this long


class SimulatedTime:
    def __init__(self, start: float = 1000.0):
        self._now = start
        self._condition = threading.Condition()
        self._blocked: dict[threading.Thread, float] = {}  # capture threads waiting, with their wake-up moment
        self._participants: set[threading.Thread] = set()
        self._free = False

    def now(self) -> float:
        with self._condition:
            return self._now

    def sleep(self, seconds: float) -> None:
        me = threading.current_thread()
        with self._condition:
            wake_at = self._now + max(0.0, seconds)
            if not self._free:
                self._participants.add(me)
                self._blocked[me] = wake_at
                self._condition.notify_all()
                self._condition.wait_for(lambda: self._now >= wake_at or self._free)
                del self._blocked[me]
            self._now = max(self._now, wake_at)

    def _settled(self, participants: int) -> bool:
        """Every capture thread still alive waits for a moment after now (and all have arrived)."""
        alive = [thread for thread in self._participants if thread.is_alive()]
        return len(self._participants) >= participants and all(
            self._blocked.get(thread, self._now) > self._now for thread in alive)

    def advance(self, seconds: float, participants: int) -> None:
        with self._condition:
            target = self._now + seconds
            while True:
                if not self._condition.wait_for(lambda: self._settled(participants), REAL_SECONDS_TO_WAIT):
                    raise AssertionError("the capture threads did not come back to the simulated clock")
                if self._now >= target:
                    return
                self._now = min([target, *self._blocked.values()])
                self._condition.notify_all()

    def run_free(self) -> None:
        with self._condition:
            self._free = True
            self._condition.notify_all()


class SimulatedRecording:
    """A session on simulated time: advance() instead of time.sleep(), stop() instead of session.stop()."""

    def __init__(self, session, time: SimulatedTime, participants: int):
        self.session, self.time, self._participants = session, time, participants

    def start(self) -> None:
        self.session.start()
        self.advance(0)  # the capture threads have taken their first frame and block on the clock

    def advance(self, seconds: float) -> None:
        self.time.advance(seconds, self._participants)

    def stop(self):
        self.time.run_free()
        return self.session.stop()
