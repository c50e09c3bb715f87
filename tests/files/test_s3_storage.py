"""Uploads in an S3-compatible bucket (what two app hosts share): the same content addressing and
the same answers as on disk, and a store that does not answer is a 503 that stores nothing."""
from __future__ import annotations

import hashlib
from io import BytesIO

import pytest

from server.files.s3_storage import s3_storage
from server.files.storage import BlobMissing, StorageUnavailable, storage
from tests.fixtures import samples
from tests.fixtures.s3 import BUCKET, CREDENTIALS


def test_a_blob_is_an_object_under_its_sha256_and_storing_it_twice_writes_it_once(app, s3_files):
    with app.app_context():
        store = storage()
        key = store.put(b"hello")
        assert key == hashlib.sha256(b"hello").hexdigest() and store.put(b"hello") == key
        assert store.get(key) == b"hello" and store.exists(key)
        listed = [item["Key"] for item in s3_files.list_objects_v2(Bucket=BUCKET)["Contents"]]
        assert listed == [f"blobs/{key[:2]}/{key[2:4]}/{key}"]
        store.delete(key)
        store.delete(key)  # a missing blob is no error
        with pytest.raises(BlobMissing):
            store.get(key)
        with pytest.raises(ValueError):
            store.get("../../etc/passwd")


def test_an_upload_through_the_api_lands_in_the_bucket_and_reads_back(app, client, applicant, s3_files):
    data = samples.pdf("学历证明")
    response = client.post("/api/v1/files", headers=applicant, content_type="multipart/form-data",
                           data={"kind": "education_proof", "file": (BytesIO(data), "学历.pdf")})
    assert response.status_code == 201, response.json
    read = client.get(f"/api/v1/files/{response.json['id']}", headers=applicant)
    assert read.status_code == 200 and read.data == data
    assert s3_files.list_objects_v2(Bucket=BUCKET)["KeyCount"] == 1


def test_a_store_that_does_not_answer_is_a_503_in_chinese_and_nothing_is_recorded(app, client, applicant,
                                                                                   s3_files, stored_rows):
    app.config["S3_ENDPOINT_URL"] = "http://127.0.0.1:9"  # nothing listens there
    app.config["S3_TIMEOUT_SECONDS"] = 1.0
    app.extensions.pop("s3_storage", None)
    response = client.post("/api/v1/files", headers=applicant, content_type="multipart/form-data",
                           data={"kind": "education_proof", "file": (BytesIO(samples.pdf()), "学历.pdf")})
    assert response.status_code == 503 and response.json["message"] == "文件保存失败，请稍后重试"
    assert stored_rows() == 0


def test_the_client_is_built_from_the_settings(s3_endpoint, s3_bucket):
    store = s3_storage({"S3_TIMEOUT_SECONDS": 1, "S3_ENDPOINT_URL": s3_endpoint, "S3_REGION": "ap-guangzhou",
                        "S3_BUCKET": BUCKET, "S3_PREFIX": "", **CREDENTIALS})
    key = store.put(b"x")
    assert s3_bucket.get_object(Bucket=BUCKET, Key=f"{key[:2]}/{key[2:4]}/{key}")["Body"].read() == b"x"
    bad = s3_storage({"S3_TIMEOUT_SECONDS": 1, "S3_ENDPOINT_URL": s3_endpoint, "S3_REGION": "ap-guangzhou",
                      "S3_BUCKET": "no-such-bucket", "S3_PREFIX": "", **CREDENTIALS})
    with pytest.raises(StorageUnavailable):
        bad.put(b"y")
