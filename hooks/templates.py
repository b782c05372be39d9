"""The publishing organization in the theme's templates: overrides/ calls these to render the footer and the call to action.

The blocks come from siteconfig/organization_html.py, the one renderer of the organization; this
module only resolves the call to action's link for the page being rendered, as the theme's
``url`` filter would.
"""

from __future__ import annotations

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from mkdocs.utils.templates import url_filter

from siteconfig import Organization, organization_html

__all__ = ["TemplateBranding"]


class TemplateBranding:
    """``gbt_organization`` in the templates: the organization's name and its blocks for the current page."""

    def __init__(self, org: Organization) -> None:
        self.org = org
        self.name = org.name

    def _href(self, context: Context) -> str:
        return organization_html.cta_href(self.org, lambda link: url_filter(context, link))  # type: ignore[arg-type]

    @pass_context
    def footer(self, context: Context) -> Markup:
        """The organization's part of the footer (overrides/partials/copyright.html)."""
        year = context["build_date_utc"].year
        return Markup(organization_html.footer(self.org, self._href(context), year))  # noqa: S704 - escapes every value

    @pass_context
    def call_to_action(self, context: Context, lead: str, landmark: str) -> Markup:
        """The call to action under a content page (overrides/main.html)."""
        html = organization_html.cta_box(self.org, self._href(context), lead, landmark=landmark)
        return Markup(html)  # noqa: S704 - organization_html escapes every value
