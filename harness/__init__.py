"""Building and serving the site on 127.0.0.1, and the browser's flags: shared by tests/ and bench/.

- ``site``: building with ``mkdocs build --strict`` and serving with the project's dev server;
- ``nginx``: serving with Debian's nginx and the repository's deploy/nginx configuration;
- ``chromium``: Debian's Chromium and the flags every run starts it with.

Neither tests/ nor bench/ imports the other: what both need lives here.
"""
