"""The membership roll: importing it from CSV (importer), the web page's background imports (jobs),
checking an uploaded file (files), the pages (routes, views) and the API."""
