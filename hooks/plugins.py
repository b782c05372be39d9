"""The site's MkDocs plugins, written the way mkdocs-material writes its own: a validated config, state on the instance.

- ``gbt27922/branding``: the publishing organization in the theme's templates;
- ``gbt27922/calculator``: the calculator pages and the in-browser runtime they load;
- ``gbt27922/security``: the Content-Security-Policy, once every page is final;
- ``gbt27922/precompress``: .br/.gz siblings of everything built, last of all.

They are registered in pyproject.toml ([project.entry-points."mkdocs.plugins"]) and listed in
mkdocs.yml. Each event method hands its work to the module named for it; the comment above it
says why it runs then. Event priorities, not list order, put security and compression last.
"""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from hooks import security
from hooks.config import BrandingConfig, CalculatorConfig, PrecompressConfig, SecurityConfig
from hooks.indicator_links import LinkTargets
from hooks.pages import CalculatorPages
from hooks.precompress import precompress
from hooks.runtime import EARLY_SCRIPT, SW_TEMPLATE, plan_runtime, write_runtime
from hooks.service_worker import write_service_worker
from hooks.templates import TemplateBranding
from siteconfig import Organization, SettingsError, organization, organization_html, pyodide_url

__all__ = ["BrandingPlugin", "CalculatorPlugin", "PrecompressPlugin", "SecurityPlugin"]

log = logging.getLogger("mkdocs.plugins.gbt27922")


def _organization(config: MkDocsConfig, plugin: str) -> Organization:
    try:
        return organization(config)
    except SettingsError as exc:
        raise PluginError(f"{plugin}: {exc}") from None


class BrandingPlugin(BasePlugin[BrandingConfig]):
    def __init__(self) -> None:
        self.organization: Organization | None = None

    # Validate extra.organization when the build starts: a mistake stops it before any page, naming the key.
    def on_config(self, config: MkDocsConfig) -> None:
        self.organization = _organization(config, "branding")

    # The theme's templates (overrides/) render the organization's blocks through this object.
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> None:
        assert self.organization is not None
        env.globals["gbt_organization"] = TemplateBranding(self.organization)


class CalculatorPlugin(BasePlugin[CalculatorConfig]):
    def __init__(self) -> None:
        self.pages: CalculatorPages | None = None
        self.targets = LinkTargets()
        self.links: dict[str, str] | None = None

    # First in every build: check the runtime is there, build the wheels and zips, load the rules.
    def on_config(self, config: MkDocsConfig) -> None:
        runtime = plan_runtime(config, levers=self.config.levers, cache=Path(self.config.runtime_cache))
        print_header = organization_html.print_header(_organization(config, "calculator"))
        self.pages = CalculatorPages(runtime, organization_html=print_header)
        self.targets = LinkTargets()
        self.links = None

    # The service worker's template is built into the site root and the early start is inlined
    # into pages: neither is copied from docs/ as it is.
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> None:
        for name in (SW_TEMPLATE, EARLY_SCRIPT):
            source = files.get_file_from_path(name)
            if source is not None:
                files.remove(source)

    # Once a page's Markdown is HTML its headings are known: remember the pages that explain indicators.
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> None:
        self.targets.record(page)

    # Once every page is converted (every link target is known), and after the search plugin has
    # indexed the page's own text: the generated form, worked example and configuration replace the marker.
    @event_priority(-50)
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> None:
        if self.pages is None or not page.content:
            return
        content = self.pages.inject(page.content, page.file.src_uri, page.url, self._links)
        if content is not None:
            page.content = content

    def _links(self) -> dict[str, str]:
        """Indicator links, resolved (and checked) once, when the first calculator page needs them."""
        if self.links is None:
            assert self.pages is not None
            self.links = self.targets.resolve(self.pages.runtime.profile)
        return self.links

    # A calculator page's final HTML: the early start goes into <head>, and what the page loads is
    # noted for the service worker.
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.pages is None or page.url not in self.pages.urls:
            return None
        return self.pages.finish(output, page.url)

    # After the site is written: the runtime's files, then the service worker that lists them
    # (the security and compression steps run later: their priorities are lower).
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.pages is None:
            return
        site = Path(config.site_dir)
        write_runtime(self.pages.runtime, site)
        write_service_worker(self.pages.runtime, self.pages.urls, self.pages.assets, site)


class SecurityPlugin(BasePlugin[SecurityConfig]):
    def __init__(self) -> None:
        self.content_scripts: set[str] = set()
        self.serving = False

    # `mkdocs serve` injects its own inline live-reload script into every page, which a meta policy
    # would block: that preview gets no meta element.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # Each build starts without the content scripts of the previous one.
    def on_config(self, config: MkDocsConfig) -> None:
        self.content_scripts = set()

    # A script in a page's converted Markdown did not come from the theme: the policy must not allow
    # it, even if the build put it there (injected text is the case to stop).
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> None:
        self.content_scripts |= security.content_script_hashes(html, page.file.src_uri)

    # Late: every page and asset is final (the other plugins' post-build steps are done), and the
    # compression step, later still, compresses the pages with their policy.
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            other = pyodide_url(config)
        except SettingsError as exc:
            raise PluginError(f"security: {exc}") from None
        origin = security.other_origin(other, config.site_url or "")
        security.secure_site(
            Path(config.site_dir),
            content_scripts=self.content_scripts,
            extra_origins=[origin] if origin else [],
            meta=not self.serving,
        )


class PrecompressPlugin(BasePlugin[PrecompressConfig]):
    # Last: every page and asset is in site_dir, the runtime's files and the pages' policies included.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        quality = self.config.brotli_quality
        files, raw, br = precompress(Path(config.site_dir), Path(self.config.cache), quality)
        log.info(
            "precompressed %d files: %.1f MB raw, %.1f MB brotli (quality %d)", files, raw / 1e6, br / 1e6, quality
        )
