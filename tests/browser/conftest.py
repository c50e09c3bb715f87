"""Browser tests: the live server and headless Chromium of tests/browser_fixtures.py, and the
applicant fixtures (an open batch, a registered applicant) the review flow starts from."""
from tests.accounts.conftest import register, send_code  # noqa: F401  (fixtures)
from tests.applications.conftest import applicant, batch  # noqa: F401  (fixtures)
from tests.browser_fixtures import browser, live_server, page  # noqa: F401  (fixtures)
from tests.console.conftest import staff  # noqa: F401  (fixtures)
