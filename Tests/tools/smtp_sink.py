#!/usr/bin/env python3
"""A real SMTP server for Paperboy's tests (aiosmtpd), saving every accepted message.

    smtp_sink.py DIR [--tls-cert CERT --tls-key KEY [--implicit-tls]] [--auth USER:PASS [--login-only]]
                     [--temporary-failures N] [--reject SUBSTRING] [--silent]

Prints "READY <port>" once it listens on 127.0.0.1, then serves until stdin closes.
Each accepted message is DIR/<n>.eml with DIR/<n>.json holding the envelope.
--tls-cert/--tls-key offer STARTTLS and require it (with --implicit-tls: TLS from the first
byte, as smtps:// expects); --auth requires AUTH (PLAIN or LOGIN; --login-only offers LOGIN alone);
--temporary-failures answers the first N DATA commands with 451; --reject answers 550 to
recipients containing SUBSTRING; --silent accepts connections and never greets (a timeout).
"""
import argparse, asyncio, json, os, socket, ssl, sys, threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Handler:
    def __init__(self, directory, temporary_failures, reject):
        self.directory = directory
        self.temporary_failures = temporary_failures
        self.reject = reject
        self.count = len([n for n in os.listdir(directory) if n.endswith(".eml")])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and self.reject in address:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.temporary_failures > 0:
            self.temporary_failures -= 1
            return "451 4.3.0 Try again later"
        self.count += 1
        base = os.path.join(self.directory, str(self.count))
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".json", "w") as f:
            # session.ssl is set by STARTTLS only; the transport knows about implicit TLS too.
            tls = session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None
            json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos, "tls": tls,
                       "auth": session.authenticated}, f)
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 2.0.0 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--auth")
    parser.add_argument("--login-only", action="store_true")
    parser.add_argument("--temporary-failures", type=int, default=0)
    parser.add_argument("--reject")
    parser.add_argument("--silent", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.directory, exist_ok=True)
    port = free_port()

    if args.silent:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", port))
        server.listen(16)
        held = []
        threading.Thread(target=lambda: [held.append(server.accept()) for _ in iter(int, 1)], daemon=True).start()
        print(f"READY {port}", flush=True)
        sys.stdin.read()
        return

    options = {}
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        if args.implicit_tls:
            options.update(ssl_context=context)
        else:
            options.update(tls_context=context, require_starttls=True)
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
            return AuthResult(success=ok)

        options.update(authenticator=authenticator, auth_required=True, auth_require_tls=bool(args.tls_cert) and not args.implicit_tls)
        if args.login_only:
            options.update(auth_exclude_mechanism=["PLAIN"])
    handler = Handler(args.directory, args.temporary_failures, args.reject)
    controller = Controller(handler, hostname="127.0.0.1", port=port, server_hostname="localhost",
                            data_size_limit=10 * 1024 * 1024, **options)
    controller.start()
    print(f"READY {port}", flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
