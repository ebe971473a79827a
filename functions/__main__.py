"""`python -m functions`: run the form endpoint locally on http://127.0.0.1:8787 (at / and /api/)."""
from __future__ import annotations

import argparse
import logging

from .core import default_endpoint
from .wsgi import make_server


def main(argv: list[str] | None = None) -> None:
    """Serve the endpoint until Ctrl+C, after reporting any setting problem."""
    parser = argparse.ArgumentParser(prog="python -m functions", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8787, help="port to listen on (default: 8787)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    default_endpoint()  # reads the settings now, so problems show before the first fan does
    server = make_server(args.host, args.port)
    print(f"Form endpoint on http://{args.host}:{server.server_port}/api/unlock, /api/subscribe and /api/rsvp "
          "(Ctrl+C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
