"""The virtual display WebKit runs on: WebKitWebDriver waits for good when MiniBrowser cannot open
its display, so a display that stopped answering must be noticed and replaced before a session starts.
"""

from __future__ import annotations

from pathlib import Path

from harness.engines.xvfb import xvfb_display


def test_a_running_display_answers_an_x11_handshake(tmp_path: Path) -> None:
    with xvfb_display(tmp_path / "xvfb.log") as display:
        assert display.name.startswith(":")
        assert display.answers()
        assert display.ensure() == display.name


def test_a_display_whose_server_died_is_replaced_by_one_that_answers(tmp_path: Path) -> None:
    with xvfb_display(tmp_path / "xvfb.log") as display:
        assert display.process is not None
        display.process.kill()
        display.process.wait()
        assert not display.answers()
        display.ensure()
        assert display.answers()


def test_a_display_that_was_never_started_does_not_answer(tmp_path: Path) -> None:
    with xvfb_display(tmp_path / "xvfb.log") as display:
        display.stop()
        assert not display.answers()


def test_a_display_keeps_answering_after_its_clients_leave(tmp_path: Path) -> None:
    """Each handshake is a client that leaves; a server that reset itself then would refuse the next one."""
    with xvfb_display(tmp_path / "xvfb.log") as display:
        assert all(display.answers() for _ in range(20))
