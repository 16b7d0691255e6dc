"""A progress bar for long command-line jobs (generator, exports, imports).

On a terminal the bar is redrawn in place, at most a few times a second; into a file or a pipe it
writes one line at every tenth of the way, so logs of scheduled jobs stay readable."""

import sys
import time


class ProgressBar:
    WIDTH = 30
    REDRAW_EVERY = 0.2  # seconds

    def __init__(self, total: int, label: str, stream=None, clock=time.monotonic):
        self.total = max(int(total), 0)
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.done = 0
        self.started = clock()
        self._drawn_at = float("-inf")
        self._tenths_written = -1
        self._on_terminal = getattr(self.stream, "isatty", lambda: False)()

    def __enter__(self):
        self._draw(force=True)
        return self

    def __exit__(self, kind, error, traceback):
        self.finish(failed=kind is not None)

    def stage(self, name: str) -> None:
        """A stage with no count of its own (writing the file, laying out pages): said on a line."""
        if self._on_terminal:
            self.stream.write("\n")
        self.stream.write(f"{self.label}: {name[0].lower()}{name[1:]}…\n")
        self.stream.flush()

    def advance(self, count: int = 1) -> None:
        self.done = min(self.done + count, self.total)  # a count from a byte stream may run over
        self._draw()

    def finish(self, *, failed: bool = False) -> None:
        self._draw(force=True)
        if self._on_terminal:
            self.stream.write("\n")
        if failed:
            self.stream.write(f"{self.label}: stopped at {self.done:,} of {self.total:,}.\n")
        self.stream.flush()

    def line(self) -> str:
        elapsed = max(self.clock() - self.started, 1e-9)
        share = min(self.done / self.total, 1.0) if self.total else 1.0
        filled = round(share * self.WIDTH)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate and self.done < self.total else 0
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        return (
            f"{self.label} [{bar}] {share:4.0%} {self.done:,}/{self.total:,} "
            f"{rate:,.0f}/s {_duration(elapsed)} elapsed, {_duration(left)} left"
        )

    def _draw(self, force: bool = False) -> None:
        now = self.clock()
        if self._on_terminal:
            if force or now - self._drawn_at >= self.REDRAW_EVERY:
                self.stream.write("\r" + self.line())
                self.stream.flush()
                self._drawn_at = now
            return
        tenths = int(10 * self.done / self.total) if self.total else 10
        if tenths > self._tenths_written:
            self.stream.write(self.line() + "\n")
            self.stream.flush()
            self._tenths_written = tenths


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes}:{seconds:02d}"
