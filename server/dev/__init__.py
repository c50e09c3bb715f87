"""Development only: the demo data and the dev server of `make run`. Not in the production package
(see pyproject.toml), like server/sandbox/."""
