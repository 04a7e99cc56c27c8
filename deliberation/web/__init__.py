"""Site-wide pages (home), error pages and security headers; wired by blueprint.py."""
