"""Every shared fixture lives in tests/fixtures/, loaded here as plugins."""
pytest_plugins = [
    "tests.fixtures.app",
    "tests.fixtures.sandbox",
    "tests.fixtures.browser",
    "tests.fixtures.accounts",
    "tests.fixtures.staff",
    "tests.fixtures.forms",
    "tests.fixtures.journey",
    "tests.fixtures.payments",
    "tests.fixtures.s3",
]
