"""Firefox ESR (Debian's firefox-esr) over WebDriver BiDi, which Firefox speaks itself: no geckodriver.

Headless, on a fresh profile in a temporary directory whose user.js points every proxy at the
off-origin guard (guard.py) and switches off the browser's own background traffic, so that what
reaches the guard came from the site.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

from harness.engines.bidi import BidiConnection, BidiError
from harness.engines.engine import decode, wrap

FIREFOX = Path(os.environ.get("FIREFOX", "/usr/bin/firefox-esr"))
LISTENING = re.compile(r"WebDriver BiDi listening on (ws://\S+)")
START_TIMEOUT_S = 90.0
KEYS = {"select_all": ("\ue009", "a"), "backspace": "\ue003"}


def prefs(guard_port: int) -> dict[str, object]:
    return {
        # Every request for another host goes to the guard; 127.0.0.1 never uses a proxy.
        "network.proxy.type": 1,
        "network.proxy.http": "127.0.0.1",
        "network.proxy.http_port": guard_port,
        "network.proxy.ssl": "127.0.0.1",
        "network.proxy.ssl_port": guard_port,
        "network.proxy.share_proxy_settings": True,
        # Remote settings would sync at start-up (honoured with MOZ_REMOTE_SETTINGS_DEVTOOLS=1).
        "services.settings.server": "data:,#remote-settings-dummy/v1",
        "intl.accept_languages": "zh-CN, zh",
        "browser.shell.checkDefaultBrowser": False,
        "datareporting.policy.dataSubmissionEnabled": False,
        "toolkit.telemetry.enabled": False,
        "app.update.disabledForTesting": True,
        "print.always_print_silent": True,
        # Media plugin (OpenH264, Widevine) updates, add-on and system updates, safe browsing,
        # captive-portal and connectivity probes: all would fetch from the internet at start-up.
        "media.gmp-manager.updateEnabled": False,
        "media.gmp-manager.url": "data:text/plain,",
        "media.gmp-gmpopenh264.enabled": False,
        "media.gmp-widevinecdm.enabled": False,
        "media.gmp-widevinecdm.visible": False,
        "media.eme.enabled": False,
        "extensions.update.enabled": False,
        "extensions.systemAddon.update.enabled": False,
        "extensions.getAddons.cache.enabled": False,
        "extensions.blocklist.enabled": False,
        "app.update.auto": False,
        "app.normandy.enabled": False,
        "browser.safebrowsing.malware.enabled": False,
        "browser.safebrowsing.phishing.enabled": False,
        "browser.safebrowsing.downloads.enabled": False,
        "browser.safebrowsing.blockedURIs.enabled": False,
        "browser.safebrowsing.provider.mozilla.updateURL": "",
        "network.captive-portal-service.enabled": False,
        "network.connectivity-service.enabled": False,
        "browser.region.update.enabled": False,
        "browser.region.network.url": "",
        "browser.search.update": False,
        "browser.newtabpage.enabled": False,
        "browser.startup.page": 0,
        "messaging-system.rsexperimentloader.enabled": False,
    }


def _drain(stream: IO[str], log: IO[str], found: dict[str, str], ready: threading.Event) -> None:
    """Copy Firefox's stderr to the log; note the BiDi address when it appears."""
    for line in stream:
        log.write(line)
        log.flush()
        match = LISTENING.search(line)
        if match and "url" not in found:
            found["url"] = match.group(1)
            ready.set()
    ready.set()


class Firefox:
    name = "firefox"

    def __init__(self, guard_port: int, log_dir: Path) -> None:
        if not FIREFOX.exists():
            raise FileNotFoundError(f"{FIREFOX} not found: apt-get install -y firefox-esr")
        self.profile = Path(tempfile.mkdtemp(prefix="firefox-profile-"))
        user_js = "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in prefs(guard_port).items())
        (self.profile / "user.js").write_text(user_js, "utf-8")
        log_dir.mkdir(parents=True, exist_ok=True)
        self._log = (log_dir / "firefox.log").open("a", encoding="utf-8")
        env = {**os.environ, "MOZ_REMOTE_SETTINGS_DEVTOOLS": "1", "MOZ_CRASHREPORTER_DISABLE": "1"}
        self.process = subprocess.Popen(
            [str(FIREFOX), "--headless", "--no-remote", "--profile", str(self.profile), "--remote-debugging-port=0"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        found: dict[str, str] = {}
        ready = threading.Event()
        assert self.process.stderr is not None
        threading.Thread(
            target=_drain, args=(self.process.stderr, self._log, found, ready), name="firefox-stderr", daemon=True
        ).start()
        ready.wait(START_TIMEOUT_S)
        if "url" not in found:
            self.quit()
            raise RuntimeError(f"Firefox did not start WebDriver BiDi within {START_TIMEOUT_S:.0f} s (see {log_dir})")
        self.bidi = BidiConnection(found["url"] + "/session")
        session = self.bidi.send("session.new", {"capabilities": {"alwaysMatch": {"acceptInsecureCerts": False}}})
        self.version = str(session["capabilities"].get("browserVersion", "?"))
        self.context = str(self.bidi.send("browsingContext.getTree")["contexts"][0]["context"])

    # -------------------------------------------------------------------- navigation and script

    def goto(self, url: str) -> None:
        self.bidi.send("browsingContext.navigate", {"context": self.context, "url": url, "wait": "complete"})

    def reload(self) -> None:
        self.bidi.send("browsingContext.reload", {"context": self.context, "wait": "complete"})

    def run(self, function: str, *args: Any) -> Any:
        answer = self.bidi.send(
            "script.callFunction",
            {
                "functionDeclaration": wrap(function),
                "arguments": [{"type": "string", "value": json.dumps(args)}],
                "awaitPromise": True,
                "target": {"context": self.context},
                "resultOwnership": "none",
            },
        )
        if answer.get("type") == "exception":
            details = answer.get("exceptionDetails", {})
            raise BidiError(f"script error: {details.get('text')}")
        result = answer.get("result", {})
        return decode(result.get("value") if result.get("type") == "string" else None)

    # -------------------------------------------------------------------------------- input

    def _element(self, css: str) -> dict[str, str]:
        self.run("(css) => document.querySelector(css)?.scrollIntoView({ block: 'center', inline: 'nearest' })", css)
        nodes = self.bidi.send(
            "browsingContext.locateNodes",
            {"context": self.context, "locator": {"type": "css", "value": css}, "maxNodeCount": 1},
        )["nodes"]
        if not nodes:
            raise LookupError(f"no element matches {css}")
        return {"sharedId": nodes[0]["sharedId"]}

    def _actions(self, actions: list[dict[str, Any]]) -> None:
        self.bidi.send("input.performActions", {"context": self.context, "actions": actions})
        self.bidi.send("input.releaseActions", {"context": self.context})

    def click(self, css: str) -> None:
        element = self._element(css)
        self._actions(
            [
                {
                    "type": "pointer",
                    "id": "mouse",
                    "parameters": {"pointerType": "mouse"},
                    "actions": [
                        {"type": "pointerMove", "x": 0, "y": 0, "origin": {"type": "element", "element": element}},
                        {"type": "pointerDown", "button": 0},
                        {"type": "pointerUp", "button": 0},
                    ],
                }
            ]
        )

    def _keys(self, keys: list[tuple[str, str]]) -> None:
        self._actions([{"type": "key", "id": "keyboard", "actions": [{"type": t, "value": v} for t, v in keys]}])

    def type(self, css: str, text: str) -> None:
        self.click(css)
        ctrl, a = KEYS["select_all"]
        keys = [("keyDown", ctrl), ("keyDown", a), ("keyUp", a), ("keyUp", ctrl)]
        for char in text or KEYS["backspace"]:
            keys += [("keyDown", char), ("keyUp", char)]
        self._keys(keys)

    def press(self, key: str) -> None:
        self._keys([("keyDown", key), ("keyUp", key)])

    # ---------------------------------------------------------------------------- the window

    def set_viewport(self, width: int, height: int) -> None:
        self.bidi.send(
            "browsingContext.setViewport", {"context": self.context, "viewport": {"width": width, "height": height}}
        )

    def screenshot(self, path: Path) -> None:
        data = self.bidi.send("browsingContext.captureScreenshot", {"context": self.context})["data"]
        path.write_bytes(base64.b64decode(data))

    def pdf(self) -> bytes:
        answer = self.bidi.send(
            "browsingContext.print",
            {"context": self.context, "background": True, "page": {"width": 21.0, "height": 29.7}},
        )
        return base64.b64decode(answer["data"])

    def quit(self) -> None:
        try:
            if hasattr(self, "bidi"):
                self.bidi.send("browser.close", timeout=30)
        except BidiError:
            pass
        finally:
            if hasattr(self, "bidi"):
                self.bidi.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
            if self.process.stderr:
                self.process.stderr.close()
            self._log.close()
            shutil.rmtree(self.profile, ignore_errors=True)
