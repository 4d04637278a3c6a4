"""Incremental IMAP → store sync, in the way mbsync does it.

Per folder the store remembers UIDVALIDITY, the highest UID stored, UIDNEXT, HIGHESTMODSEQ and the
message count. A run fetches only UIDs above the highest stored (``BODY.PEEK[]``, so \\Seen is
never set), in batches; each batch and the new highest UID commit in one transaction, so a run
killed at any point resumes exactly where the last commit left off, with no duplicates or gaps.
Nothing on the server is ever changed: folders are selected read-only.
"""

from __future__ import annotations

import imaplib
from collections import deque
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tradetriage.config import AccountConfig, Config, SyncConfig, resolve_password
from tradetriage.errors import TradetriageError
from tradetriage.mail.headers import parse_message_ids
from tradetriage.mail.imap import (
    FETCH_CHUNK,
    connect,
    fetch_bodies,
    fetch_sizes,
    imap_error,
    logout_quietly,
    resolve_folders,
)
from tradetriage.progress import Reporter
from tradetriage.store.db import Fetched, FolderState, Prepared, Store

if TYPE_CHECKING:
    from imapclient import IMAPClient

# A fetched batch waiting for its parse: UIDs, their size in bytes (as the server told it),
# (flags, INTERNALDATE) per UID, the parse.
_Pending = tuple[list[int], int, dict[int, tuple[str, str | None]], "Future[list[Prepared]]"]


@dataclass
class FolderResult:
    account: str
    folder: str
    new: int = 0
    flags_updated: int = 0
    gone: int = 0
    rematched: int = 0
    error: str | None = None


@dataclass
class SyncSummary:
    folders: list[FolderResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def total(self, attribute: str) -> int:
        return sum(int(getattr(f, attribute)) for f in self.folders)


def run_sync(
    config: Config,
    store: Store,
    reporter: Reporter,
    accounts: Sequence[str] | None = None,
) -> SyncSummary:
    """Sync every configured account (or the named ones); errors are collected, not raised,
    so one unreachable account does not stop the others."""
    summary = SyncSummary()
    chosen = [config.account(n) for n in accounts] if accounts else config.accounts
    for account in chosen:
        try:
            password = resolve_password(account)
            client = connect(account, password)
        except TradetriageError as exc:
            summary.errors.append(f"{account.name}: {exc}")
            continue
        try:
            with store.bulk():
                _sync_account(client, store, account, config.sync, reporter, summary)
        finally:
            # The store is consistent whether or not the logout gets through.
            logout_quietly(client)
    return summary


def _sync_account(
    client: IMAPClient,
    store: Store,
    account: AccountConfig,
    settings: SyncConfig,
    reporter: Reporter,
    summary: SyncSummary,
) -> None:
    try:
        if b"CONDSTORE" in client.capabilities():
            client.enable("CONDSTORE")
        folders = resolve_folders(client, account.folders)
    except (OSError, EOFError, imaplib.IMAP4.error) as exc:
        summary.errors.append(f"{account.name}: {imap_error(account, exc)}")
        return
    for folder in folders:
        result = FolderResult(account.name, folder)
        summary.folders.append(result)
        try:
            FolderSync(client, store, account.name, folder, settings, reporter, result).run()
        except (OSError, EOFError, imaplib.IMAP4.abort) as exc:
            # The connection is gone: later folders would fail the same way.
            result.error = str(imap_error(account, exc))
            summary.errors.append(f"{account.name}/{folder}: {result.error}")
            return
        except imaplib.IMAP4.error as exc:
            result.error = str(imap_error(account, exc))
            summary.errors.append(f"{account.name}/{folder}: {result.error}")


class FolderSync:
    """One folder's sync: rematch after a UIDVALIDITY change, new mail, flags, expunges."""

    def __init__(
        self,
        client: IMAPClient,
        store: Store,
        account: str,
        folder: str,
        settings: SyncConfig,
        reporter: Reporter,
        result: FolderResult,
    ) -> None:
        self.client = client
        self.store = store
        self.account = account
        self.folder = folder
        self.settings = settings
        self.reporter = reporter
        self.result = result

    def run(self) -> None:
        info = self.client.select_folder(self.folder, readonly=True)
        uidvalidity = int(info[b"UIDVALIDITY"])
        exists = int(info[b"EXISTS"])
        uidnext = _int_or_none(info.get(b"UIDNEXT"))
        modseq = _int_or_none(info.get(b"HIGHESTMODSEQ"))
        state = self.store.folder_state(self.account, self.folder)
        if state is not None and _unchanged(state, uidvalidity, uidnext, modseq, exists):
            self.reporter.folder_started(self.account, self.folder, 0)
            return
        rematched = False
        if state is not None and state.uidvalidity != uidvalidity:
            state = self._rematch(state, uidvalidity)
            rematched = True
        highest = state.highest_uid if state else 0
        new_uids = self._new_uids(highest, uidnext, uidvalidity, filter_known=rematched)
        self.reporter.folder_started(self.account, self.folder, len(new_uids))
        self._fetch_new(new_uids, uidvalidity)
        if state is not None and state.uidvalidity == uidvalidity:
            self._refresh_flags(state, uidvalidity, modseq)
        self._detect_gone(uidvalidity, exists)
        final = FolderState(
            self.account,
            self.folder,
            uidvalidity,
            max([highest, *new_uids]),
            uidnext,
            modseq,
            exists,
        )
        with self.store.transaction() as conn:
            self.store.save_folder_state(conn, final)

    def _new_uids(
        self, highest: int, uidnext: int | None, uidvalidity: int, *, filter_known: bool
    ) -> list[int]:
        if uidnext is not None and uidnext <= highest + 1:
            return []
        # "N:*" always includes the last message even when its UID is below N: filter.
        found = [u for u in self.client.search(["UID", f"{highest + 1}:*"]) if u > highest]
        if filter_known and found:
            known = self.store.live_uids(self.account, self.folder, uidvalidity)
            found = [u for u in found if u not in known]
        return sorted(found)

    def _fetch_new(self, uids: list[int], uidvalidity: int) -> None:
        if not uids:
            return
        # Imported here: the parser is not needed (nor its imports paid) when nothing is new.
        from tradetriage.ingest import ParserPool

        sizes = fetch_sizes(self.client, uids)
        # A UID the size fetch did not report still goes in a batch (as size 0): fetch_bodies
        # decides, so the high-water mark never moves past a message nobody asked for.
        sized = [(u, sizes.get(u, 0)) for u in uids]
        batches = _batches(sized, self.settings.batch_size, BATCH_BYTES)
        vanished = 0
        pending: deque[_Pending] = deque()
        with ParserPool.for_job(len(uids), self.settings.workers) as pool:
            # Batches are fetched LOOKAHEAD ahead of the write, so the parser workers always
            # have the next batch queued while this process writes. Only the raw bytes go to
            # the pool; flags and dates wait here for the write.
            for batch in batches:
                size = sum(sizes.get(u, 0) for u in batch)
                # Big attachments make big batches: the look-ahead is bounded in bytes too,
                # counting the batch about to be fetched (the server told its size).
                while pending and (
                    len(pending) > LOOKAHEAD or sum(p[1] for p in pending) + size > IN_FLIGHT_BYTES
                ):
                    self._write_batch(pending.popleft(), uidvalidity)
                fetched = fetch_bodies(self.client, batch)
                vanished += len(batch) - len(fetched)  # expunged since the search
                future = pool.submit([f.raw for f in fetched], "imap")
                meta = {f.uid: (_flags(f.flags), _iso(f.internaldate)) for f in fetched}
                del fetched
                pending.append((batch, size, meta, future))
            while pending:
                self._write_batch(pending.popleft(), uidvalidity)
        if vanished:
            self.reporter.note(
                f"{self.account}/{self.folder}: {vanished} new messages were expunged on the "
                "server before they could be fetched"
            )

    def _write_batch(self, fetched: _Pending, uidvalidity: int) -> None:
        batch, _size, meta, future = fetched
        prepared = future.result()
        items = [
            Fetched(uid, flags, internaldate, p)
            for (uid, (flags, internaldate)), p in zip(meta.items(), prepared, strict=True)
        ]
        # The batch's messages and the new high-water mark commit together: a kill between
        # batches loses nothing and duplicates nothing.
        state = FolderState(self.account, self.folder, uidvalidity, max(batch), None, None, None)
        with self.store.transaction() as conn:
            added = self.store.add_fetched(conn, self.account, self.folder, uidvalidity, items)
            self.store.save_folder_state(conn, state)
        self.result.new += added
        self.reporter.advanced(len(batch))

    def _refresh_flags(self, state: FolderState, uidvalidity: int, modseq: int | None) -> None:
        if state.highest_uid == 0:
            return
        if modseq is not None and state.highestmodseq is not None:
            if modseq == state.highestmodseq:
                return
            # CONDSTORE: only messages whose flags changed since the last run (RFC 7162).
            changed = self.client.search(["MODSEQ", str(state.highestmodseq + 1)])
            uids = sorted(u for u in changed if u <= state.highest_uid)
        else:
            uids = sorted(self.store.live_uids(self.account, self.folder, uidvalidity))
        response = _fetch_listed(self.client, uids, [b"FLAGS"])
        flags = {uid: _flags(data.get(b"FLAGS", ())) for uid, data in response.items()}
        if flags:
            self.result.flags_updated += self.store.update_flags(
                self.account, self.folder, uidvalidity, flags
            )

    def _detect_gone(self, uidvalidity: int, exists: int) -> None:
        # Every stored live location is on the server unless the counts differ (new mail is
        # already stored at this point), so the full UID list is only fetched when they do.
        if self.store.live_count(self.account, self.folder, uidvalidity) == exists:
            return
        on_server = set(self.client.search("ALL"))
        gone = self.store.live_uids(self.account, self.folder, uidvalidity) - on_server
        if gone:
            self.result.gone += self.store.mark_gone(self.account, self.folder, uidvalidity, gone)

    def _rematch(self, state: FolderState, uidvalidity: int) -> FolderState:
        """After a UIDVALIDITY change, re-key stored messages by Message-ID and size."""
        stale = self.store.stale_locations(self.account, self.folder, uidvalidity)
        waiting: dict[tuple[str | None, int], list[int]] = {}
        for loc in stale:
            waiting.setdefault((loc.message_id, loc.size), []).append(loc.location_id)
        response = _fetch_listed(
            self.client,
            sorted(self.client.search("ALL")),
            [b"RFC822.SIZE", b"FLAGS", b"BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"],
        )
        moves: dict[int, tuple[int, str]] = {}
        unmatched: list[int] = []
        for uid in sorted(response):
            data = response[uid]
            key = (_header_message_id(data), int(data.get(b"RFC822.SIZE", -1)))
            candidates = waiting.get(key)
            if key[0] is not None and candidates:
                moves[candidates.pop()] = (uid, _flags(data.get(b"FLAGS", ())))
            else:
                unmatched.append(uid)
        retired = [loc for locs in waiting.values() for loc in locs]
        # Everything below the first unmatched UID is now stored under the new key.
        highest = (min(unmatched) - 1) if unmatched else max(response, default=0)
        new_state = FolderState(self.account, self.folder, uidvalidity, highest, None, None, None)
        with self.store.transaction() as conn:
            self.store.rekey_locations(conn, uidvalidity, moves)
            self.store.retire_locations(conn, retired)
            self.store.save_folder_state(conn, new_state)
        self.result.rematched = len(moves)
        self.result.gone += len(retired)
        self.reporter.note(
            f"{self.account}/{self.folder}: UIDVALIDITY changed ({state.uidvalidity} → "
            f"{uidvalidity}); re-matched {len(moves)} stored messages by Message-ID and size, "
            f"{len(unmatched)} to fetch, {len(retired)} not matched (gone from the server, or "
            "without a Message-ID and fetched again; the stored copy is kept)"
        )
        return new_state


# Batches fetched and handed to the parsers ahead of the one being written.
LOOKAHEAD = 2

# A fetch batch is cut at this many bytes as well as at batch_size messages, so that a run of
# large attachments does not multiply memory: a batch lives in this process, in transit to a
# parser worker and, parsed, on its way back.
BATCH_BYTES = 8 * 1024 * 1024


# Raw bytes in this process at once, fetched batches and the one being fetched: a run of
# large attachments then goes one message at a time (a single larger message still goes).
IN_FLIGHT_BYTES = (LOOKAHEAD + 1) * BATCH_BYTES


def _batches(sized: list[tuple[int, int]], count: int, limit: int) -> list[list[int]]:
    """UIDs in order, cut into batches of at most ``count`` messages and ``limit`` bytes (a
    single larger message makes a batch of its own)."""
    batches: list[list[int]] = []
    current: list[int] = []
    total = 0
    for uid, size in sized:
        if current and (len(current) >= count or total + size > limit):
            batches.append(current)
            current, total = [], 0
        current.append(uid)
        total += size
    if current:
        batches.append(current)
    return batches


def _fetch_listed(client: IMAPClient, uids: list[int], items: list[bytes]) -> dict[int, Any]:
    """FETCH for explicit UIDs, in chunks. Ranges such as "1:*" are not used: imapclient 4.1
    turns every requested id into an int to drop unsolicited responses, and fails on them."""
    response: dict[int, Any] = {}
    for start in range(0, len(uids), FETCH_CHUNK):
        response.update(client.fetch(uids[start : start + FETCH_CHUNK], items))
    return response


def _unchanged(
    state: FolderState, uidvalidity: int, uidnext: int | None, modseq: int | None, exists: int
) -> bool:
    """True when SELECT alone proves nothing changed since the last run (CONDSTORE servers)."""
    return (
        modseq is not None
        and uidnext is not None
        and state.uidvalidity == uidvalidity
        and state.uidnext == uidnext
        and state.highestmodseq == modseq
        and state.exists_count == exists
        and state.highest_uid >= uidnext - 1
    )


def _int_or_none(value: object) -> int | None:
    return int(value) if isinstance(value, (int, bytes, str)) else None


def _flags(flags: Iterable[bytes | str]) -> str:
    # \Recent belongs to one session (RFC 3501), not to the message: storing it would make
    # every later run see a "flag change".
    names = (f.decode() if isinstance(f, bytes) else f for f in flags)
    return " ".join(n for n in names if n.lower() != "\\recent")


def _iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else None


def _header_message_id(data: dict[bytes, Any]) -> str | None:
    """The Message-ID in a ``HEADER.FIELDS (MESSAGE-ID)`` fetch, read as the parser reads it
    (the stored id it is matched against came from the same function)."""
    for key, value in data.items():
        if key.startswith(b"BODY[HEADER") and isinstance(value, bytes):
            _name, _, field = value.decode("utf-8", "replace").partition(":")
            ids = parse_message_ids(field)
            if ids:
                return ids[0]
    return None
