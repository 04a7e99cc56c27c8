"""Member petitions for an all-member ballot on a submitted proposal: models, services, pages, API."""
