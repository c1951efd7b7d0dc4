"""Real mail servers for tests: Dovecot (IMAP) started from a temporary directory, and an aiosmtpd
SMTP server that keeps what it receives. No mocks: UIDs, UIDVALIDITY, flags and MOVE are the
server's own.

Dovecot runs as the current user (root in CI, anyone on a laptop) with its own configuration,
sockets, state and maildirs under the temporary directory, listening on 127.0.0.1 only.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller
from imapclient import IMAPClient

DOVECOT_CANDIDATES = ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot")
IMAP_USER = "support@fyr.test"
IMAP_PASSWORD = "imap test password"


def free_port() -> int:
    """A TCP port nobody listens on right now (the kernel's choice, so two xdist workers never
    get the same one at the same moment)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(
    port: int, *, timeout: float = 15.0, process: subprocess.Popen | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing accepted connections on 127.0.0.1:{port} within {timeout} s")


def dovecot_binary() -> str:
    """Dovecot's path, or a failure saying how to install it. The IMAP tests fail rather than
    skip without it: CI installs it, and a skipped channel test proves nothing."""
    found = shutil.which("dovecot") or next(
        (path for path in DOVECOT_CANDIDATES if os.access(path, os.X_OK)), None
    )
    if not found:
        raise RuntimeError(
            "Dovecot is not installed, and the IMAP tests need a real IMAP server: "
            "apt-get install dovecot-imapd (the binary is /usr/sbin/dovecot)"
        )
    return found


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (a test makes Python trust it explicitly)."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    key.chmod(0o600)
    return cert, key


@dataclass
class Dovecot:
    """A running Dovecot. ``port`` speaks plain IMAP with STARTTLS offered, ``tls_port`` IMAP
    over TLS; ``cert`` is the server's self-signed certificate."""

    directory: Path
    port: int
    tls_port: int
    cert: Path
    process: subprocess.Popen
    user: str = IMAP_USER
    password: str = IMAP_PASSWORD

    def client(self) -> IMAPClient:
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=30)
        client.login(self.user, self.password)
        return client

    def append(self, folder: str, messages: list[bytes], *, flags: tuple[bytes, ...] = ()) -> None:
        with self.client() as client:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            if len(messages) > 1 and client.has_capability("MULTIAPPEND"):
                for start in range(0, len(messages), 200):
                    client.multiappend(
                        folder, [{"msg": m, "flags": flags} for m in messages[start : start + 200]]
                    )
            else:
                for message in messages:
                    client.append(folder, message, flags=flags)

    def reset(self) -> None:
        """Empty every folder: each test starts from an empty INBOX (UIDs keep counting up)."""
        with self.client() as client:
            for _flags, _delimiter, name in client.list_folders():
                if name != "INBOX":
                    client.delete_folder(name)
            client.select_folder("INBOX")
            uids = client.search("ALL")
            if uids:
                client.delete_messages(uids)
                client.expunge()

    def log(self) -> str:
        path = self.directory / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)


_CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/dovecot.log
info_log_path = {dir}/dovecot.log
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {login_user}
first_valid_uid = {uid}
first_valid_gid = {gid}
mail_uid = {uid}
mail_gid = {gid}
disable_plaintext_auth = no
auth_mechanisms = plain login
# Wrong-password tests must not slow down the tests after them.
auth_failure_delay = 0
ssl = {ssl}
ssl_cert = <{dir}/cert.pem
ssl_key = <{dir}/key.pem
mail_location = maildir:{dir}/mail/%u
{capabilities}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {dir}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={dir}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    user = {user}
  }}
  unix_listener stats-writer {{
    user = {user}
  }}
}}
"""


def _unprivileged_user() -> str:
    for name in ("dovenull", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise RuntimeError("running as root, Dovecot needs an unprivileged user (dovenull or nobody)")


def start_dovecot(*, capabilities: str = "", ssl: bool = True) -> Dovecot:
    """Start Dovecot in a new temporary directory (removed again by ``stop``). ``capabilities``
    replaces the list it announces (to play an older server); ``ssl=False`` offers no TLS."""
    binary = dovecot_binary()
    # A short path of our own under /tmp: Unix socket paths are limited to ~100 bytes, and as root
    # the unprivileged processes must be able to reach it.
    directory = Path(tempfile.mkdtemp(prefix="fyr-dovecot-"))
    directory.chmod(0o755)
    for sub in ("run", "state", "mail", "home"):
        (directory / sub).mkdir()
    cert, _key = make_certificate(directory)
    user = pwd.getpwuid(os.getuid()).pw_name
    group = grp.getgrgid(os.getgid()).gr_name
    # Dovecot refuses to run its login processes and mail processes as root: as root (CI) they
    # run as an unprivileged user, who then owns the maildirs.
    login_user = user if os.getuid() != 0 else _unprivileged_user()
    mail_account = pwd.getpwnam(login_user)
    mail_uid, mail_gid = mail_account.pw_uid, mail_account.pw_gid
    for sub in ("mail", "home"):
        os.chown(directory / sub, mail_uid, mail_gid)
    (directory / "passwd").write_text(f"{IMAP_USER}:{{PLAIN}}{IMAP_PASSWORD}::::::\n")
    port, tls_port = free_port(), free_port()
    config = directory / "dovecot.conf"
    config.write_text(
        _CONFIG.format(
            dir=directory,
            user=user,
            group=group,
            login_user=login_user,
            uid=mail_uid,
            gid=mail_gid,
            port=port,
            tls_port=tls_port if ssl else 0,
            ssl="yes" if ssl else "no",
            capabilities=f"imap_capability = {capabilities}" if capabilities else "",
        )
    )
    process = subprocess.Popen(
        [binary, "-F", "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=(directory / "stderr.log").open("wb"),
    )
    server = Dovecot(directory, port, tls_port, cert, process)
    try:
        wait_for_port(port, process=process)
        if ssl:
            wait_for_port(tls_port, process=process)
        with server.client() as client:  # logged in once: the whole chain works
            client.select_folder("INBOX")
    except Exception as exc:
        stderr = (directory / "stderr.log").read_text(errors="replace")
        log = server.log()
        server.stop()
        raise RuntimeError(
            f"Dovecot did not start: {exc}\n--- stderr ---\n{stderr}\n--- log ---\n{log}"
        ) from exc
    return server


# --- SMTP -------------------------------------------------------------------------------------


@dataclass
class SmtpServer:
    """A running aiosmtpd server; ``messages`` holds (mail_from, rcpt_tos, raw bytes) as they
    arrive."""

    port: int
    host: str = "127.0.0.1"
    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd's handler hook
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        with self._lock:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), bytes(raw)))
        return "250 Message accepted for delivery"

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[tuple[str, list[str], bytes]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.02)
        raise AssertionError(f"expected {count} mails, the SMTP server got {len(self.messages)}")


def start_smtp() -> tuple[SmtpServer, Controller]:
    port = free_port()
    server = SmtpServer(port)
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    return server, controller


def use_smtp_server(settings, server: SmtpServer) -> None:
    """Point Django's mail at ``server`` (with pytest-django's ``settings`` fixture)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
