"""AWS Lambda adapter: `functions.aws_lambda.handler` behind a Lambda function URL.

Function URLs send payload format 2.0 events (rawPath, requestContext.http,
a body that may be base64) and accept {statusCode, headers, body} back.
"""
from __future__ import annotations

import base64
import binascii
from typing import Any

from .core import handle
from .errors import SignupError
from .messages import Headers, Request, Response, json_response


def request_from_event(event: dict[str, Any]) -> Request:
    """Translate a function URL event (payload format 2.0) into the core's Request."""
    http = (event.get("requestContext") or {}).get("http") or {}
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        try:
            raw = base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            raise SignupError(400, "The request body could not be decoded.") from None
    else:
        raw = body.encode("utf-8")
    return Request(
        method=http.get("method", "GET"),
        path=event.get("rawPath") or http.get("path") or "/",
        headers=Headers(event.get("headers") or {}),
        body=raw,
        client_ip=http.get("sourceIp", ""),
        scheme="https",  # function URLs are HTTPS only
    )


def response_to_result(response: Response) -> dict[str, Any]:
    """The Response in the shape a function URL expects."""
    # Lambda computes Content-Length itself.
    headers = {name: value for name, value in response.header_list() if name != "Content-Length"}
    return {
        "statusCode": response.status,
        "headers": headers,
        "body": response.body_bytes().decode("utf-8"),
        "isBase64Encoded": False,
    }


def handler(event: dict[str, Any], context: object) -> dict[str, Any]:
    """Lambda's entry point (set the function's handler to functions.aws_lambda.handler)."""
    try:
        request = request_from_event(event)
    except SignupError as error:
        return response_to_result(json_response(error.status, error.body()))
    return response_to_result(handle(request))
