"""The site's settings that the build (hooks/) and the pages (macros/) both read, validated in one place.

- ``settings``: which rules profile the site is built with (env ``GBT27922_PROFILE``, else
  ``extra.rules_profile``), which fee schedule (env ``GBT27922_FEES``, else the calculator
  plugin's ``fees``), which audit-readiness checklist (env ``GBT27922_CHECKLIST``, else the
  plugin's ``checklist``) and where the browser loads Pyodide from (``extra.pyodide_url``);
- ``branding``: the publishing organization from ``extra.organization``, validated;
- ``organization_html``: the one renderer of the organization's blocks (footer, call to action,
  contact card, the calculators' print header).

Neither hooks/ nor macros/ imports the other: what both need lives here.
"""

from siteconfig.branding import Organization, organization
from siteconfig.settings import (
    CHECKLIST_ENV,
    FEES_ENV,
    PROFILE_ENV,
    SettingsError,
    checklist_in_use,
    checklist_path,
    fees_path,
    profile_path,
    pyodide_url,
    resolve_checklist,
    resolve_fees,
    resolve_profile,
)

__all__ = [
    "CHECKLIST_ENV",
    "FEES_ENV",
    "PROFILE_ENV",
    "Organization",
    "SettingsError",
    "checklist_in_use",
    "checklist_path",
    "fees_path",
    "organization",
    "profile_path",
    "pyodide_url",
    "resolve_checklist",
    "resolve_fees",
    "resolve_profile",
]
