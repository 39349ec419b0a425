"""On a machine where Qt cannot open a window the app says why in one sentence and exits 1,
before Qt can abort the process and before it creates a database."""

from __future__ import annotations

from click.testing import CliRunner

from annotator.cli.main import cli
from annotator.gui import platform


def test_missing_xcb_libraries_are_named_with_their_packages(monkeypatch, tmp_path):
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", ":0")
    absent = {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    monkeypatch.setattr(platform, "loadable", lambda library: library not in absent)
    monkeypatch.setattr(platform.sys, "platform", "linux")
    target = tmp_path / "new.db"
    result = CliRunner().invoke(cli, ["--db", str(target), "--annotator", "alice"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("annotator: error [E106]: The window cannot start")
    for name in ("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1",
                 "libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1", "xcb-util-cursor"):
        assert name in lines[0]
    assert not target.exists()  # no empty database left behind


def test_no_display_is_one_sentence_and_headless_platforms_pass():
    env = {"QT_QPA_PLATFORM": "xcb"}
    assert "no display" in platform.platform_problem(env, "linux")
    assert platform.platform_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert platform.platform_problem({}, "darwin") is None
    assert platform.platform_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None


def test_this_machine_has_what_the_offscreen_tests_need():
    assert platform.platform_problem() is None  # QT_QPA_PLATFORM=offscreen in the tests
