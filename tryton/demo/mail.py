"""A throw-away SMTP server for the time the demo is built.

The demo clicks buttons that e-mail (pickup slips to carriers, support assignments to
customers). Development has no SMTP server and the demo addresses are made up: the
messages go to this in-process sink, which accepts and drops them, so Tryton records them
as sent (ir.email) and nothing ever leaves the machine.
"""

import socketserver
import threading
from contextlib import contextmanager


class _Handler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: every command is accepted, DATA is read and dropped."""

    def reply(self, text):
        self.wfile.write(text.encode() + b"\r\n")

    def handle(self):
        self.reply("220 demo-sink ESMTP")
        in_data = False
        for raw in self.rfile:
            line = raw.rstrip(b"\r\n")
            if in_data:
                if line == b".":
                    in_data = False
                    self.server.count += 1
                    self.reply("250 OK")
                continue
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.reply("250-demo-sink\r\n250-8BITMIME\r\n250 SMTPUTF8")
            elif verb == b"DATA":
                in_data = True
                self.reply("354 End data with <CR><LF>.<CR><LF>")
            elif verb == b"QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("250 OK")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    count = 0


@contextmanager
def mail_sink():
    """Point trytond's ``[email] uri`` at a local sink; yields the server (``.count``)."""
    from trytond import config

    server = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    previous = config.get("email", "uri")  # trytond always has one (smtp://localhost:25)
    config.set("email", "uri", f"smtp://127.0.0.1:{server.server_address[1]}")
    try:
        yield server
    finally:
        config.set("email", "uri", previous)
        server.shutdown()
        server.server_close()
