"""moto's server with every request delayed, so a test can kill it in the middle of a deploy.

usage: python slow_moto.py DELAY_SECONDS -H 127.0.0.1 -p PORT   (the rest goes to moto_server)
"""
import sys
import time

from moto.moto_server.werkzeug_app import DomainDispatcherApplication
from moto.server import main

delay = float(sys.argv[1])
plain = DomainDispatcherApplication.__call__


def slow(self, environ, start_response):
    if not environ.get("PATH_INFO", "").startswith("/moto-api"):
        time.sleep(delay)
    return plain(self, environ, start_response)


DomainDispatcherApplication.__call__ = slow
main(sys.argv[2:])
