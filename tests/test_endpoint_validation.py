"""functions/validation.py: reading the form and checking email, consent and page."""
from __future__ import annotations

import pytest

from functions.errors import SignupError
from functions.validation import (
    check_consent,
    check_email,
    check_page,
    honeypot_filled,
    normalise_email,
    parse_form,
    read_signup,
)


def refusal(call, *args) -> tuple[int, dict[str, str]]:
    with pytest.raises(SignupError) as caught:
        call(*args)
    return caught.value.status, caught.value.body()


# --- reading the body ---------------------------------------------------------

def test_json_object_is_read():
    assert parse_form("application/json", b'{"email": "fan@example.com", "consent": true}') == {"email": "fan@example.com", "consent": True}


def test_json_with_charset_parameter_is_read():
    assert parse_form('application/json; charset="UTF-8"', b'{"a": 1}') == {"a": 1}


def test_urlencoded_form_is_read():
    fields = parse_form("application/x-www-form-urlencoded", b"email=fan%2Btag%40example.com&consent=on&website=")
    assert fields == {"email": "fan+tag@example.com", "consent": "on", "website": ""}


@pytest.mark.parametrize("content_type", ["text/plain", "multipart/form-data; boundary=x", "", "application/jsonx", "application/xml"])
def test_other_content_types_are_415(content_type):
    assert refusal(parse_form, content_type, b"{}") == (415, {"error": "Send the form as application/json or application/x-www-form-urlencoded."})


def test_non_utf8_charset_is_415():
    assert refusal(parse_form, "application/json; charset=latin-1", b"{}") == (415, {"error": "Send the form encoded as UTF-8."})


@pytest.mark.parametrize("body", [b"", b"   ", b"\n"])
def test_empty_body_is_400(body):
    assert refusal(parse_form, "application/json", body) == (400, {"error": "The request body is empty."})


@pytest.mark.parametrize("body", [b'{"email": ', b"{'email': 'a@b.co'}", b"nul", b"[" * 5000 + b"]" * 5000, b"1" * 5000, b'{"a": 1} {"b": 2}'])
def test_malformed_json_is_400(body):
    assert refusal(parse_form, "application/json", body) == (400, {"error": "The request body is not valid JSON."})


@pytest.mark.parametrize("body", [b"[]", b'["fan@example.com"]', b'"fan@example.com"', b"42", b"null", b"true"])
def test_json_that_is_not_an_object_is_400(body):
    assert refusal(parse_form, "application/json", body) == (400, {"error": 'The request body must be a JSON object, like {"email": "fan@example.com"}.'})


def test_invalid_utf8_is_400():
    assert refusal(parse_form, "application/json", b'{"email": "\xff"}') == (400, {"error": "The request body is not valid UTF-8."})


def test_repeated_json_field_is_400():
    body = b'{"email": "fan@example.com", "email": "other@example.com"}'
    assert refusal(parse_form, "application/json", body) == (400, {"error": 'The field "email" was sent more than once.', "field": "email"})


def test_repeated_form_field_is_400():
    body = b"email=a%40example.com&email=b%40example.com"
    assert refusal(parse_form, "application/x-www-form-urlencoded", body) == (400, {"error": 'The field "email" was sent more than once.', "field": "email"})


def test_repeated_unknown_field_is_ignored():
    assert parse_form("application/x-www-form-urlencoded", b"utm=a&utm=b")["utm"] == "b"


def test_form_with_too_many_fields_is_400():
    body = "&".join(f"f{n}=x" for n in range(40)).encode()
    assert refusal(parse_form, "application/x-www-form-urlencoded", body) == (400, {"error": "The form data could not be read."})


def test_form_with_bad_percent_escape_is_400():
    assert refusal(parse_form, "application/x-www-form-urlencoded", b"email=%ff%fe") == (400, {"error": "The form data could not be read."})


# --- email ----------------------------------------------------------------------

@pytest.mark.parametrize("given, kept", [
    ("fan@example.com", "fan@example.com"),
    ("Fan.Name+tag@Example.COM", "fan.name+tag@example.com"),
    ("ÉLODIE@Example.com", "élodie@example.com"),
    ("E\u0301lodie@example.com", "élodie@example.com"),   # the same letter, decomposed
    ("ｆａｎ＠ｅｘａｍｐｌｅ．ｃｏｍ", "fan@example.com"),      # full-width, as some phone keyboards type it
    ("fan@BÜCHER.example", "fan@bücher.example"),
    ("o'brien@example.ie", "o'brien@example.ie"),
    ("fan@example.com ", "fan@example.com"),  # the space a phone keyboard adds
    ("fan@bücher.example", "fan@bücher.example"),
    ("фанат@пример.рф", "фанат@пример.рф"),
    ("fan@xn--bcher-kva.example", "fan@xn--bcher-kva.example"),
    ("a@b.co", "a@b.co"),
    ("x" * 64 + "@" + "d" * 63 + "." + "e" * 63 + "." + "f" * 57 + ".com", "x" * 64 + "@" + "d" * 63 + "." + "e" * 63 + "." + "f" * 57 + ".com"),
])
def test_valid_emails(given, kept):
    assert check_email(given) == kept


@pytest.mark.parametrize("given, message", [
    (None, "Please enter your email address."),
    ("", "Please enter your email address."),
    ("   ", "Please enter your email address."),
    (42, "The email address must be text."),
    (["fan@example.com"], "The email address must be text."),
    ({"email": "fan@example.com"}, "The email address must be text."),
    (True, "The email address must be text."),
    ("a" * 250 + "@b.co", "That email address is too long: 254 characters at most."),
    ("fan@example.com\r\nBcc: everyone@example.com", "That email address has a space, a line break or an invisible character in it."),
    ("fan @example.com", "That email address has a space, a line break or an invisible character in it."),
    ("fan@exa\tmple.com", "That email address has a space, a line break or an invisible character in it."),
    ("fan\u200b@example.com", "That email address has a space, a line break or an invisible character in it."),
    ("fan\x00@example.com", "That email address has a space, a line break or an invisible character in it."),
    ("a@b.c'; DROP TABLE signups;--", "That email address has a space, a line break or an invisible character in it."),
    ("fanexample.com", "An email address needs exactly one @, like fan@example.com."),
    ("fan@@example.com", "An email address needs exactly one @, like fan@example.com."),
    ("a@b@example.com", "An email address needs exactly one @, like fan@example.com."),
    ("@example.com", "The part before the @ has characters an email address can't have."),
    (".fan@example.com", "The part before the @ has characters an email address can't have."),
    ("fan..club@example.com", "The part before the @ has characters an email address can't have."),
    ("fan<script>@example.com", "The part before the @ has characters an email address can't have."),
    ('"fan"@example.com', "The part before the @ has characters an email address can't have."),
    ("x" * 65 + "@example.com", "The part before the @ has characters an email address can't have."),
    ("fan@", "The part after the @ should be a domain like example.com."),
    ("fan@localhost", "The part after the @ should be a domain like example.com."),
    ("fan@example", "The part after the @ should be a domain like example.com."),
    ("fan@example..com", "The part after the @ should be a domain like example.com."),
    ("fan@-example.com", "The part after the @ should be a domain like example.com."),
    ("fan@example.com.", "The part after the @ should be a domain like example.com."),
    ("fan@[127.0.0.1]", "The part after the @ should be a domain like example.com."),
    ("fan@1.2.3.4", "The part after the @ should be a domain like example.com."),
    ("fan@exa_mple.com", "The part after the @ should be a domain like example.com."),
    ("fan@example.c", "The part after the @ should be a domain like example.com."),
    ("fan@" + "d" * 64 + ".com", "The part after the @ should be a domain like example.com."),
])
def test_invalid_emails(given, message):
    assert refusal(check_email, given) == (400, {"error": message, "field": "email"})


# --- consent, page, honeypot ------------------------------------------------------

@pytest.mark.parametrize("value", [True, 1, "on", "true", "1", "yes", "ON", " True "])
def test_consent_given(value):
    check_consent(value)


@pytest.mark.parametrize("value", [None, False, 0, "", "off", "false", "0", "no"])
def test_consent_not_given(value):
    assert refusal(check_consent, value) == (400, {"error": "Please tick the consent box to sign up.", "field": "consent"})


@pytest.mark.parametrize("value", ["maybe", 2, 1.0, [], {}, ["on"]])
def test_consent_of_the_wrong_kind(value):
    assert refusal(check_consent, value) == (400, {"error": "The consent field must be true or false.", "field": "consent"})


@pytest.mark.parametrize("value, message", [
    (None, "The form doesn't say which page to unlock."),
    ("", "The form doesn't say which page to unlock."),
    (7, "The page must be text."),
    (["night-drive"], "The page must be text."),
    ("Night-Drive", 'Page ids are lowercase letters, digits and hyphens, like "night-drive".'),
    ("../../etc/passwd", 'Page ids are lowercase letters, digits and hyphens, like "night-drive".'),
    ("night-drive\n", 'Page ids are lowercase letters, digits and hyphens, like "night-drive".'),
])
def test_invalid_pages(value, message):
    assert refusal(check_page, value) == (400, {"error": message, "field": "page"})


@pytest.mark.parametrize("fields, filled", [
    ({}, False), ({"website": ""}, False), ({"website": "  "}, False), ({"website": None}, False),
    ({"website": "http://spam.example"}, True), ({"website": 0}, True), ({"website": ["x"]}, True),
])
def test_honeypot(fields, filled):
    assert honeypot_filled(fields) is filled


def test_read_signup_for_a_page_and_for_the_newsletter():
    fields = {"page": "night-drive", "email": "Fan@Example.com", "consent": "on", "cf-turnstile-response": "tok"}
    signup = read_signup(fields, needs_page=True)
    assert (signup.page, signup.email, signup.turnstile_token) == ("night-drive", "fan@example.com", "tok")
    assert read_signup(fields, needs_page=False).page is None


def test_read_signup_checks_the_page_before_the_email():
    assert refusal(read_signup, {"email": "bad"}, True)[1]["field"] == "page"


@pytest.mark.parametrize("variants", [
    ["ÉLODIE@Example.com", "élodie@example.com", "E\u0301LODIE@EXAMPLE.COM", "Élodie@example.com"],
    ["STRASSE@example.de", "straße@example.de", "Straße@Example.de"],
    ["ΣΟΦΙΑ@example.gr", "σοφια@example.gr", "ΣΟΦΊΑ@example.gr".replace("Ί", "Ι")],
    ["ﬁona@example.com", "FIONA@example.com"],   # the fi ligature is two letters
])
def test_case_and_unicode_variants_of_one_address_are_one_address(variants):
    assert len({normalise_email(variant) for variant in variants}) == 1
    assert len({read_signup({"email": v, "consent": True}, needs_page=False).email for v in variants}) == 1
