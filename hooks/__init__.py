"""The site's build: MkDocs plugins (hooks/plugins.py, registered in pyproject.toml) and the modules they drive.

Imports nothing itself: hooks/pyodide_job.mjs runs hooks/runtime_zip.py inside Pyodide, where MkDocs is absent.
"""
