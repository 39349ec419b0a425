"""Can Qt open a window here? Checked before the QApplication exists (Qt aborts the process,
with a core dump, when its platform plugin cannot load) and before any database is created.

On Linux, Qt's xcb plugin needs a display and a handful of X libraries that a desktop-less
Debian or Ubuntu does not have; its own message names only the first one missing.
"""

from __future__ import annotations

import ctypes
import os
import sys

# (library, Debian/Ubuntu package, Fedora package) that the xcb platform plugin loads.
XCB_LIBRARIES = (
    ("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    ("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    ("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    ("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    ("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon"),
    ("libEGL.so.1", "libegl1", "libglvnd-egl"),
    ("libGL.so.1", "libgl1", "libglvnd-glx"),
    ("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
    ("libdbus-1.so.3", "libdbus-1-3", "dbus-libs"),
)
_HEADLESS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb")


def loadable(library: str) -> bool:
    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def platform_problem(environ: dict[str, str] | None = None, system: str | None = None) -> str | None:
    """One sentence saying why the window cannot open here, or None when it can."""
    env = os.environ if environ is None else environ
    if (system or sys.platform) != "linux":
        return None
    wanted = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if wanted.startswith(_HEADLESS):
        return None
    if wanted.startswith("wayland") or (not wanted and env.get("WAYLAND_DISPLAY")
                                          and not env.get("DISPLAY")):
        return None if env.get("WAYLAND_DISPLAY") else (
            "The window cannot start: QT_QPA_PLATFORM asks for Wayland but WAYLAND_DISPLAY is "
            "not set; run annotator in a desktop session.")
    if not env.get("DISPLAY"):
        return ("The window cannot start: there is no display (DISPLAY is not set); run "
                "annotator in a desktop session, under Xvfb (xvfb-run annotator), or use the "
                "command line (annotator --help).")
    missing = [entry for entry in XCB_LIBRARIES if not loadable(entry[0])]
    if not missing:
        return None
    names = ", ".join(lib for lib, _, _ in missing)
    debian = " ".join(pkg for _, pkg, _ in missing)
    fedora = " ".join(pkg for _, _, pkg in missing)
    return (f"The window cannot start: Qt's X11 (xcb) platform needs {names}, which this "
            f"system lacks; install them with `sudo apt install {debian}` (Debian/Ubuntu) or "
            f"`sudo dnf install {fedora}` (Fedora).")
