import io

from claims.progress import ProgressBar


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_into_a_file_the_bar_writes_a_line_at_each_tenth_with_rate_and_time_left():
    out, clock = io.StringIO(), Clock()
    with ProgressBar(1000, "Claims", stream=out, clock=clock) as bar:
        for _ in range(10):
            clock.now += 1
            bar.advance(100)
    lines = out.getvalue().splitlines()
    assert len(lines) == 11
    assert lines[0].startswith("Claims [------------------------------]   0% 0/1,000")
    assert "50% 500/1,000 100/s 0:05 elapsed, 0:05 left" in lines[5]
    assert lines[-1].startswith("Claims [##############################] 100% 1,000/1,000")


def test_a_job_that_fails_says_where_it_stopped():
    out = io.StringIO()
    try:
        with ProgressBar(10, "Rows", stream=out) as bar:
            bar.advance(3)
            raise RuntimeError
    except RuntimeError:
        pass
    assert out.getvalue().splitlines()[-1] == "Rows: stopped at 3 of 10."


def test_on_a_terminal_the_bar_is_redrawn_in_place():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    out, clock = Terminal(), Clock()
    with ProgressBar(4, "Rows", stream=out, clock=clock) as bar:
        for _ in range(4):
            clock.now += 1
            bar.advance()
    assert "\n" not in out.getvalue().rstrip("\n")
    assert out.getvalue().count("\r") == 6  # start, four steps a second apart, and the end
    assert out.getvalue().endswith("100% 4/4 1/s 0:04 elapsed, 0:00 left\n")
