"""A throwaway PostgreSQL server for the test suite, on 127.0.0.1 and a free port.

Uses Debian's binaries (/usr/lib/postgresql/*/bin, installed by `make test`). PostgreSQL refuses
to run as root, so under root (as in CI) the cluster belongs to the `postgres` system user that
the Debian package creates and its commands run through `runuser`. Durability settings are off:
the server lives for one test session and its data is thrown away.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

SUPERUSER = "claimledger"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries, or the server would not start."""


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise PostgresUnavailable(
            "PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb); `make test` installs it"
        )
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.owner = "postgres" if os.geteuid() == 0 else None
        # The postgres user must reach the folder: under root, not in a private $TMPDIR.
        shared_tmp = "/tmp" if self.owner and os.path.isdir("/tmp") else None
        self.root = Path(tempfile.mkdtemp(prefix="claimledger-pg-", dir=shared_tmp))
        self.data = self.root / "data"
        self.port = _free_port()
        self._names = itertools.count(1)
        if self.owner:
            user = pwd.getpwnam(self.owner)
            os.chown(self.root, user.pw_uid, user.pw_gid)

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.owner:
            command = ["runuser", "-u", self.owner, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.root, timeout=120)
        if done.returncode != 0:
            raise PostgresUnavailable(f"{args[0]} failed: {done.stderr.strip() or done.stdout.strip()}")
        return done

    def start(self) -> PostgresServer:
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.root} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data),
                  "-l", str(self.root / "server.log"), "-o", options)
        return self

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def new_database(self, hint: str = "ledger") -> str:
        """An empty database; returns its SQLAlchemy URL."""
        import psycopg

        name = f"{''.join(c for c in hint.lower() if c.isalnum())[:40] or 'ledger'}_{next(self._names)}"
        for attempt in range(50):  # CREATE DATABASE fails while template1 has another session
            try:
                with psycopg.connect(f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname=postgres",
                                     autocommit=True) as conn:
                    conn.execute(f'CREATE DATABASE "{name}"')
                return self.url(name)
            except psycopg.errors.ObjectInUse:
                time.sleep(0.1 * (attempt + 1))
        raise PostgresUnavailable(f"cannot create database {name}")
