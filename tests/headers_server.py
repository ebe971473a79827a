"""A tiny static host for tests: serves a built site with the headers its `_headers` file asks for.

It reads `_headers` the way Netlify and Cloudflare Pages do (hostconfig.parse_headers_file),
can mount the form endpoint at /api/, and can speak HTTPS with a throwaway local CA
(made with `cryptography`), answering plain HTTP on the same port with a redirect to
HTTPS, as a real host does.
"""
from __future__ import annotations

import datetime as dt
import ipaddress
import mimetypes
import re
import socket
import ssl
import threading
from pathlib import Path
from urllib.parse import unquote
from wsgiref.simple_server import WSGIRequestHandler

from fanzine.outputs.hostconfig import HEADERS_FILE, parse_headers_file
from functions.wsgi import ThreadingWSGIServer, mount


def header_rules(output: Path) -> list[tuple[re.Pattern, dict[str, str]]]:
    rules = parse_headers_file((output / HEADERS_FILE).read_text(encoding="utf-8"))
    return [(re.compile(re.escape(pattern).replace(r"\*", ".*") + "$"), headers) for pattern, headers in rules]


def matching_headers(rules, path: str) -> list[tuple[str, str]]:
    """Every matching rule's headers, in order; `! Name` detaches what earlier rules set (as Cloudflare Pages does)."""
    found: list[tuple[str, str]] = []
    for pattern, headers in rules:
        if pattern.match(path):
            detached = {name[2:].lower() for name in headers if name.startswith("! ")}
            found = [(name, value) for name, value in found if name.lower() not in detached]
            found += [(name, value) for name, value in headers.items() if not name.startswith("! ")]
    return found


def static_app(output: Path, rules):
    """A WSGI app for the folder: index.html for folders, 404.html for misses, the rules' headers on all."""
    root = output.resolve()

    def app(environ, start_response):
        path = unquote(environ.get("PATH_INFO", "/")) or "/"
        extra = matching_headers(rules, path)
        if environ.get("wsgi.url_scheme") == "http" and environ.get("FANZINE_TEST_TLS"):
            start_response("301 Moved Permanently", [("Location", f"https://{environ['HTTP_HOST']}{path}"),
                                                     ("Content-Length", "0")])
            return [b""]
        target = (root / path.lstrip("/")).resolve()
        status = "200 OK"
        if target.is_dir() and not path.endswith("/"):
            start_response("301 Moved Permanently", [("Location", path + "/"), ("Content-Length", "0"), *extra])
            return [b""]
        if target.is_dir():
            target = target / "index.html"
        if root not in target.parents or not target.is_file():
            target, status = root / "404.html", "404 Not Found"
        body = target.read_bytes()
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml", "application/json"):
            kind += "; charset=utf-8"
        start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))), *extra])
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [body]

    return app


class _Handler(WSGIRequestHandler):
    timeout = 10

    def log_message(self, *args):
        pass

    def get_environ(self):
        environ = super().get_environ()
        if isinstance(self.connection, ssl.SSLSocket):
            environ["HTTPS"] = "on"
        if self.server.tls is not None:
            environ["FANZINE_TEST_TLS"] = "1"
        return environ


class _Server(ThreadingWSGIServer):
    tls: ssl.SSLContext | None = None

    def get_request(self):
        connection, address = super().get_request()
        if self.tls is not None:
            connection.settimeout(5)
            # a TLS connection starts with a handshake record (0x16); anything else is plain HTTP
            if connection.recv(1, socket.MSG_PEEK) == b"\x16":
                connection = self.tls.wrap_socket(connection, server_side=True)
        return connection, address


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(output: Path, forms=None, tls: ssl.SSLContext | None = None, port: int = 0) -> _Server:
    """Serve `output` on 127.0.0.1 (port 0: any free one) in a thread; `forms` is a WSGI app mounted at /api."""
    app = static_app(output, header_rules(output))
    if forms is not None:
        app = mount("/api", app, forms)
    server = _Server(("127.0.0.1", port), _Handler)
    server.tls = tls
    server.set_app(app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def local_ca(folder: Path) -> tuple[Path, ssl.SSLContext]:
    """A throwaway certificate authority and a certificate for 127.0.0.1 signed by it.

    Returns the CA's certificate (for the client to trust) and the server's TLS context.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Fanzine test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
          .not_valid_after(now + dt.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                        x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    ca_file, cert_file, key_file = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_file.write_bytes(ca.public_bytes(pem))
    cert_file.write_bytes(cert.public_bytes(pem) + ca.public_bytes(pem))
    key_file.write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return ca_file, context
