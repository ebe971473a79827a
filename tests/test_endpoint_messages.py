"""functions/messages.py: headers, responses, and reading a body under the size cap."""
from __future__ import annotations

import io

import pytest

from functions.errors import SignupError
from functions.messages import Headers, Request, Response, read_body


class Stalled(io.RawIOBase):
    """A body stream whose client stopped sending (or vanished)."""

    def __init__(self, error: type[OSError]) -> None:
        self.error = error

    def read(self, size: int = -1) -> bytes:
        raise self.error()


def request(headers: dict[str, str], stream: io.IOBase | None = None, terminated: bool = False, body: bytes = b"") -> Request:
    return Request("POST", "/unlock", headers, body=body, stream=stream, stream_terminated=terminated)


def refusal(req: Request, cap: int = 100) -> tuple[int, str]:
    with pytest.raises(SignupError) as caught:
        read_body(req, cap)
    return caught.value.status, caught.value.message


def test_headers_are_case_insensitive_and_repeats_fold():
    headers = Headers([("Content-Type", "application/json"), ("X-Forwarded-For", "1.1.1.1"), ("x-forwarded-for", "2.2.2.2")])
    assert headers["content-type"] == headers["CONTENT-TYPE"] == "application/json"
    assert headers["X-FORWARDED-FOR"] == "1.1.1.1, 2.2.2.2"
    assert "Content-type" in headers and "origin" not in headers and len(headers) == 2


def test_request_takes_a_plain_dict_and_upper_cases_the_method():
    req = Request("post", "/unlock", {"Origin": "http://localhost"})
    assert req.method == "POST" and req.headers["origin"] == "http://localhost"


def test_response_headers_and_body():
    response = Response(429, {"error": "Slow down", "field": "email"}, {"Retry-After": "20"})
    assert response.status_line == "429 Too Many Requests"
    assert response.body_bytes() == b'{"error":"Slow down","field":"email"}'
    assert dict(response.header_list()) == {
        "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff", "Retry-After": "20", "Content-Length": "37",
    }


def test_no_content_has_no_body_and_no_content_type():
    response = Response(204)
    assert response.body_bytes() == b"" and "Content-Type" not in dict(response.header_list())


def test_body_in_memory_is_capped():
    assert read_body(request({}, body=b"x" * 100), 100) == b"x" * 100
    assert refusal(request({}, body=b"x" * 101)) == (413, "The form is too large: send at most 100 bytes.")


def test_stream_is_read_to_its_content_length():
    assert read_body(request({"Content-Length": "5"}, io.BytesIO(b"helloEXTRA")), 100) == b"hello"


def test_oversized_content_length_is_refused_and_the_rest_discarded():
    stream = io.BytesIO(b"x" * 5000)
    assert refusal(request({"Content-Length": "5000"}, stream)) == (413, "The form is too large: send at most 100 bytes.")
    assert stream.tell() == 5000  # read and dropped, so the client can read the 413


def test_absurd_content_length_is_refused_without_reading():
    stream = io.BytesIO(b"x" * 10)
    assert refusal(request({"Content-Length": "99999999999"}, stream))[0] == 413
    assert stream.tell() == 0


def test_short_body_is_400():
    assert refusal(request({"Content-Length": "50"}, io.BytesIO(b"short"))) == (400, "The request body ended before the length its Content-Length header announced.")


@pytest.mark.parametrize("length", ["abc", "-1", "1e3", "٣", "5, 5"])
def test_content_length_must_be_digits(length):
    assert refusal(request({"Content-Length": length}, io.BytesIO(b"12345"))) == (400, "The Content-Length header is not a whole number of bytes.")


def test_terminated_stream_without_length_is_read_and_capped_while_reading():
    assert read_body(request({}, io.BytesIO(b"x" * 100), terminated=True), 100) == b"x" * 100
    assert refusal(request({}, io.BytesIO(b"x" * 10_000), terminated=True))[0] == 413


def test_unterminated_stream_without_length():
    assert read_body(request({}, io.BytesIO(b"never read")), 100) == b""
    assert refusal(request({"Transfer-Encoding": "chunked"}, io.BytesIO(b"x"))) == (411, "Send the form with a Content-Length header.")


def test_stalled_or_vanished_client():
    assert refusal(request({"Content-Length": "10"}, Stalled(TimeoutError))) == (408, "The form took too long to arrive. Please try again.")
    assert refusal(request({"Content-Length": "10"}, Stalled(ConnectionResetError))) == (400, "The request body could not be read.")
    assert refusal(request({"Content-Length": "1000"}, Stalled(TimeoutError)))[0] == 413
