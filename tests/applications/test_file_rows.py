"""The files an application's view shows: read with the draft's facts or alone, and read once in
a request, since what the view shows of a stored file never changes."""
from __future__ import annotations

from server.applications.file_rows import file_rows, file_rows_and_facts
from server.applications.models import Application
from server.applications.slots import referenced_file_ids
from server.extensions import db
from server.files.models import StoredFile
from tests.fixtures.forms import CURRENT
from tests.fixtures.statements import statements_sent


def test_a_submits_answer_shows_every_file_of_the_application_by_name(client, build):
    application_id = build.draft()
    headers = build.bearer(application_id)
    answer = client.post(f"{CURRENT}/submit", headers=headers)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    with build.app.app_context():
        application = db.session.get(Application, application_id)
        stored = {str(file_id): db.session.get(StoredFile, file_id).original_name
                  for file_id in referenced_file_ids(application)}
    assert len(stored) >= 7  # photo, both sides of the ID card, title, education, commitment, a proof
    assert {key: file["original_name"] for key, file in answer.json["files"].items()} == stored


def _file_statements(sent: list[str]) -> int:
    return sum("FROM stored_files" in sql or "JOIN stored_files" in sql for sql in sent)


def test_files_read_with_the_facts_are_not_asked_again_in_the_same_request(app, build):
    application_id = build.draft()
    with app.app_context():
        engine = db.engine
    with statements_sent(engine) as sent, app.test_request_context():
        application = db.session.get(Application, application_id)
        with_facts, facts = file_rows_and_facts(application)
        alone = file_rows(application)
        ids = referenced_file_ids(application)
    assert alone == with_facts and set(alone) == {str(file_id) for file_id in ids}
    assert not facts.submitted_elsewhere and _file_statements(sent) == 1


def test_another_request_reads_the_files_afresh(app, build):
    application_id = build.draft()
    with app.app_context():
        engine = db.engine
    with statements_sent(engine) as sent:
        for _request in range(2):
            with app.test_request_context():
                file_rows(db.session.get(Application, application_id))
    assert _file_statements(sent) == 2
