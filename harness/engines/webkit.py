"""WebKitGTK (Debian's webkit2gtk-driver) over classic WebDriver.

Selenium talks to WebKitWebDriver, which starts MiniBrowser in automation mode on an X display
(Xvfb, harness/engines/xvfb.py: its headless mode did not start).

Every proxy points at the off-origin guard (guard.py), except for 127.0.0.1, which WebKit would
otherwise send through it too. Each session is a new MiniBrowser with its own ephemeral storage.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import signal
import tempfile
import threading
import warnings
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.print_page_options import PrintOptions
from selenium.webdriver.common.proxy import Proxy
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.webkitgtk.options import Options
from selenium.webdriver.webkitgtk.service import Service

from harness.engines.engine import decode, wrap
from harness.engines.xvfb import VirtualDisplay

WEBKIT_DRIVER = Path(os.environ.get("WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver"))
MINIBROWSER = Path(os.environ.get("WEBKIT_MINIBROWSER", "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"))
SCRIPT_TIMEOUT_S = 120
# A session starts in 1–3 s here, under load too; a start that takes longer has hung (see _try_session).
# About one start in three hung until MiniBrowser was kept off the D-Bus session bus (below), and one
# in twenty-five still does: 20 s, not 60, is lost on it.
SESSION_TIMEOUT_S = 20.0
SESSION_ATTEMPTS = 4
# MiniBrowser's toolbar keeps its window at least 447 px wide; shrunk by a user style sheet for
# GTK (not for the page: WebKit draws web content and form controls itself), the window can be as
# narrow as a phone (390 px) for the layout tests.
GTK_CSS = "* { font-size: 1px; padding: 0; margin: 0; min-width: 0; min-height: 0; border-width: 0; }\n"

# execute_async_script: the last argument is the callback; errors come back as {error}.
ASYNC = """const done = arguments[arguments.length - 1];
Promise.resolve().then(() => ({call})(arguments[0])).then(
  (ok) => done({{ ok }}),
  (err) => done({{ error: String((err && err.stack) || err) }}));"""


class WebKitScriptError(RuntimeError):
    pass


def _log_tail(path: Path, since: int) -> str:
    """What WebKitWebDriver and MiniBrowser wrote to the log since byte `since` (the last 2,000 characters)."""
    try:
        with path.open("rb") as log:
            log.seek(since)
            text = log.read().decode("utf-8", "replace").strip()
    except OSError:
        return ""
    return text[-2000:] or "(nothing)"


def _stop(service: Service) -> None:
    """Stop WebKitWebDriver and every MiniBrowser process it started (they share its process group)."""
    process = service.process if hasattr(service, "process") else None
    if process is not None and process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    with contextlib.suppress(Exception):
        service.stop()


def _try_session(options: Options, service: Service, timeout: float) -> webdriver.WebKitGTK | None:
    """A new WebDriver session, or None when none started within `timeout` seconds.

    WebKitWebDriver waits for good for a MiniBrowser that did not start (no display, a very busy
    host), so the wait is bounded here and the processes are killed.
    """
    result: list[webdriver.WebKitGTK | BaseException] = []

    def start() -> None:
        try:
            with warnings.catch_warnings():
                # Selenium's own WebKitGTK driver still passes the address the deprecated way (4.51).
                warnings.filterwarnings("ignore", "setting remote_server_addr", DeprecationWarning)
                result.append(webdriver.WebKitGTK(options=options, service=service))
        except BaseException as exc:  # handed to the caller's thread
            result.append(exc)

    thread = threading.Thread(target=start, name="webkit-session", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive() or not result:
        _stop(service)  # the pending request fails and the thread ends
        thread.join(30)
        return None
    if isinstance(result[0], BaseException):
        _stop(service)
        raise result[0]
    return result[0]


class WebKit:
    name = "webkit"

    def __init__(self, guard_port: int, log_dir: Path, display: VirtualDisplay) -> None:
        for path, package in ((WEBKIT_DRIVER, "webkit2gtk-driver"), (MINIBROWSER, "webkit2gtk-driver")):
            if not path.exists():
                raise FileNotFoundError(f"{path} not found: apt-get install -y {package}")
        options = Options()
        options.binary_location = str(MINIBROWSER)
        options.add_argument("--automation")
        guard = f"127.0.0.1:{guard_port}"
        options.proxy = Proxy({"proxyType": "manual", "httpProxy": guard, "sslProxy": guard, "noProxy": ["127.0.0.1"]})
        log_dir.mkdir(parents=True, exist_ok=True)
        self.config = Path(tempfile.mkdtemp(prefix="webkit-config-"))
        (self.config / "gtk-3.0").mkdir()
        (self.config / "gtk-3.0" / "gtk.css").write_text(GTK_CSS, "utf-8")
        self.driver = self._start(options, display, log_dir / "webkitwebdriver.log")
        self.driver.set_script_timeout(SCRIPT_TIMEOUT_S)
        self.driver.set_page_load_timeout(120)
        self.version = str(self.driver.capabilities.get("browserVersion", "?"))

    def _start(self, options: Options, display: VirtualDisplay, log: Path) -> webdriver.WebKitGTK:
        """A session, after up to SESSION_ATTEMPTS tries, each on a display that answers."""
        failures: list[str] = []
        for attempt in range(1, SESSION_ATTEMPTS + 1):
            env = {
                **os.environ,
                "DISPLAY": display.ensure(),
                "XDG_CONFIG_HOME": str(self.config),
                "SE_AVOID_STATS": "true",
                # No session bus here: MiniBrowser's GLib would try to autolaunch one (dbus-launch is not
                # installed); with the bus disabled, 1 start in 24 hung instead of 5 in 9.
                "DBUS_SESSION_BUS_ADDRESS": "disabled:",
            }
            since = log.stat().st_size if log.exists() else 0
            # Its own process group, so that a MiniBrowser left behind by a failed start can be killed.
            service = Service(
                executable_path=str(WEBKIT_DRIVER), log_output=str(log), env=env, popen_kw={"start_new_session": True}
            )
            driver = _try_session(options, service, SESSION_TIMEOUT_S)
            if driver is not None:
                return driver
            failures.append(f"attempt {attempt} on DISPLAY={env['DISPLAY']}: {_log_tail(log, since)}")
        raise RuntimeError(
            f"WebKitWebDriver did not start a MiniBrowser session in {SESSION_ATTEMPTS} attempts of "
            f"{SESSION_TIMEOUT_S:.0f} s; what it wrote:\n" + "\n".join(failures)
        )

    def goto(self, url: str) -> None:
        self.driver.get(url)

    def reload(self) -> None:
        self.driver.refresh()

    def run(self, function: str, *args: Any) -> Any:
        answer = self.driver.execute_async_script(ASYNC.format(call=wrap(function)), json.dumps(args))
        if "error" in answer:
            raise WebKitScriptError(answer["error"])
        return decode(answer["ok"])

    def _element(self, css: str) -> WebElement:
        """The element, scrolled to the middle of the window.

        WebDriver scrolls it only to an edge, where the sticky header or result bar would take the click.
        """
        element = self.driver.find_element(By.CSS_SELECTOR, css)
        self.driver.execute_script("arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' })", element)
        return element

    def click(self, css: str) -> None:
        self._element(css).click()

    def type(self, css: str, text: str) -> None:
        element = self._element(css)
        element.click()
        element.send_keys(Keys.CONTROL, "a")
        element.send_keys(text or Keys.BACKSPACE)

    def press(self, key: str) -> None:
        webdriver.ActionChains(self.driver).send_keys(key).perform()

    def set_viewport(self, width: int, height: int) -> None:
        """The window is resized so that the page itself (innerWidth × innerHeight) gets this size."""
        self.driver.set_window_size(width, height)
        inner = self.run("() => [innerWidth, innerHeight]")
        outer = self.driver.get_window_size()
        self.driver.set_window_size(outer["width"] + width - inner[0], outer["height"] + height - inner[1])

    def screenshot(self, path: Path) -> None:
        path.write_bytes(self.driver.get_screenshot_as_png())

    def pdf(self) -> bytes:
        options = PrintOptions()
        options.page_width = 21.0
        options.page_height = 29.7
        options.background = True
        return base64.b64decode(self.driver.print_page(options))

    def quit(self) -> None:
        try:
            self.driver.quit()
        except WebDriverException:
            pass
        finally:
            shutil.rmtree(self.config, ignore_errors=True)
