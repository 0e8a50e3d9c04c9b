"""Rows of a realistic shared inbox, built in memory for ``COPY`` (see ``bench.generate``).

Invariants the rows keep, so the data looks like what the service itself writes:
conversations are numbered 1..N per account in creation order; messages are numbered
1..n per conversation in time order, the first one from the contact; a conversation's
``last_message_seq``, ``last_message_preview`` and ``last_activity_at`` are those of its
last message; ``waiting_since`` is set exactly on open conversations whose trailing
messages are the contact's; bot-handled conversations have no assignee; every CHECK
constraint holds. Everything derives from one seed, so two runs build the same rows
(timestamps are relative to the start of the run).
"""

import json
import random
import unicodedata
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bench import data

Record = tuple[object, ...]

#: Columns written per table, in ``COPY`` order. Generated columns (``search``) are left out.
COLUMNS: dict[str, tuple[str, ...]] = {
    "account": ("id", "name", "event_seq", "created_at", "updated_at"),
    "conversation_counter": ("account_id", "last_number"),
    "user": (
        "id", "account_id", "email", "name", "password_hash", "role", "max_concurrent",
        "availability", "notification_preferences", "is_active", "created_at", "updated_at",
    ),
    "team": ("id", "account_id", "name", "description", "routing_mode", "created_at", "updated_at"),
    "team_member": ("team_id", "user_id"),
    "inbox": (
        "id", "account_id", "name", "channel", "greeting", "auto_reply", "default_team_id",
        "widget_key", "hmac_secret", "bot_enabled", "settings", "is_active", "created_at",
        "updated_at",
    ),
    "label": ("id", "account_id", "name", "color", "description", "created_at", "updated_at"),
    "contact": (
        "id", "account_id", "identifier", "name", "email", "phone", "custom_attributes",
        "last_activity_at", "last_seen_at", "created_at", "updated_at",
    ),
    "conversation": (
        "id", "account_id", "number", "inbox_id", "channel", "contact_id", "status",
        "snoozed_until", "priority", "assignee_id", "team_id", "bot_active", "subject",
        "linked_item", "rating", "rating_comment", "rated_at", "last_message_seq",
        "last_message_preview", "last_activity_at", "last_customer_message_at",
        "last_staff_message_at", "first_response_at", "waiting_since",
        "first_response_pending", "opened_at", "closed_at", "created_at", "updated_at",
    ),
    "message": (
        "id", "account_id", "conversation_id", "seq", "kind", "sender_type", "sender_user_id",
        "sender_contact_id", "text", "delivery_status", "extra", "created_at",
    ),
    "conversation_label": ("conversation_id", "label_id"),
    "conversation_follower": ("conversation_id", "user_id"),
}  # fmt: skip

#: Parents before children, so foreign keys hold while copying.
TABLE_ORDER = tuple(COLUMNS)

_ASCII = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "\u0131": "i", "đ": "d"})
_WORD_WEIGHTS = [0.5 if not w.isascii() else 2.0 for w in data.WORDS]
_LABEL_COLORS = ("#ef4444", "#f59e0b", "#10b981", "#3b82f6", "#8b5cf6", "#ec4899", "#6b7280")
_PRIORITIES, _PRIORITY_WEIGHTS = ("none", "low", "medium", "high", "urgent"), (70, 10, 10, 7, 3)
_RATINGS, _RATING_WEIGHTS = (5, 4, 3, 2, 1), (50, 25, 10, 7, 8)
_INBOX_WEIGHTS = {"web_chat": 55, "email": 35, "api": 10, "whatsapp": 20, "messenger": 10}


@dataclass(frozen=True)
class TenantSpec:
    """How big one account is."""

    name: str
    email_domain: str
    admins: int
    agents: int
    teams: int
    channels: tuple[str, ...]
    labels: int
    contacts: int
    conversations: int
    messages: int


@dataclass
class _Tenant:
    account_id: uuid.UUID
    staff: list[uuid.UUID] = field(default_factory=list)
    agents: list[uuid.UUID] = field(default_factory=list)
    teams: list[uuid.UUID] = field(default_factory=list)
    members: dict[uuid.UUID, list[uuid.UUID]] = field(default_factory=dict)
    inboxes: list[tuple[uuid.UUID, str, uuid.UUID | None]] = field(default_factory=list)
    labels: list[uuid.UUID] = field(default_factory=list)
    contacts: list[uuid.UUID] = field(default_factory=list)


def ascii_fold(text: str) -> str:
    """``Łukasz Wiśniewski`` -> ``Lukasz Wisniewski``: e-mail local parts are ASCII."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII))
    return decomposed.encode("ascii", "ignore").decode()


class DatasetBuilder:
    """Appends the rows of one or more accounts to ``rows`` (table name -> records)."""

    def __init__(self, seed: int, password_hash: str, now: datetime | None = None) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        self.password_hash = password_hash
        self.now = (now or datetime.now(UTC)).replace(microsecond=0)
        self.rows: dict[str, list[Record]] = defaultdict(list)

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def past(self, days: float) -> datetime:
        return self.now - timedelta(seconds=self.rng.uniform(0, days * 86400))

    def add_tenant(self, spec: TenantSpec) -> uuid.UUID:
        """Add one account with its staff, teams, inboxes, labels, contacts and traffic."""
        if spec.messages < spec.conversations:
            raise ValueError("every conversation needs at least one message")
        tenant = _Tenant(account_id=self.new_id())
        created = self.now - timedelta(days=400)
        self.rows["account"].append((tenant.account_id, spec.name, 0, created, self.now))
        self.rows["conversation_counter"].append((tenant.account_id, spec.conversations))
        self._staff(tenant, spec)
        self._teams(tenant, spec)
        self._inboxes(tenant, spec)
        self._labels(tenant, spec)
        self._contacts(tenant, spec)
        self._conversations(tenant, spec)
        return tenant.account_id

    def _person(self) -> tuple[str, str]:
        first = self.rng.choice(data.FIRST_NAMES)
        return first, self.rng.choice(data.LAST_NAMES)

    def _staff(self, tenant: _Tenant, spec: TenantSpec) -> None:
        roles = [("owner", "owner")]
        roles += [("admin", f"admin{i}") for i in range(1, spec.admins + 1)]
        roles += [("agent", f"agent{i:02d}") for i in range(1, spec.agents + 1)]
        for role, local in roles:
            user_id = self.new_id()
            first, last = self._person()
            self.rows["user"].append(
                (
                    user_id, tenant.account_id, f"{local}@{spec.email_domain}", f"{first} {last}",
                    self.password_hash, role, 8,
                    self.rng.choice(("online", "online", "away", "offline")), "{}", True,
                    self.now - timedelta(days=390), self.now,
                )
            )  # fmt: skip
            tenant.staff.append(user_id)
            if role == "agent":
                tenant.agents.append(user_id)

    def _teams(self, tenant: _Tenant, spec: TenantSpec) -> None:
        for i in range(spec.teams):
            team_id = self.new_id()
            name = data.TEAMS[i % len(data.TEAMS)] + ("" if i < len(data.TEAMS) else f" {i}")
            self.rows["team"].append(
                (team_id, tenant.account_id, name, f"The {name} team", "manual", self.now, self.now)
            )
            tenant.teams.append(team_id)
            tenant.members[team_id] = []
        # Agent k is in team k mod T, and every third agent in a second team too.
        for k, agent in enumerate(tenant.agents):
            homes = {k % spec.teams} | ({(k + 2) % spec.teams} if k % 3 == 2 else set())
            for t in sorted(homes):
                tenant.members[tenant.teams[t]].append(agent)
                self.rows["team_member"].append((tenant.teams[t], agent))

    def _inboxes(self, tenant: _Tenant, spec: TenantSpec) -> None:
        for i, channel in enumerate(spec.channels):
            inbox_id = self.new_id()
            team = tenant.teams[i % len(tenant.teams)] if tenant.teams else None
            settings = {"address": f"support@{spec.email_domain}"} if channel == "email" else {}
            self.rows["inbox"].append(
                (
                    inbox_id, tenant.account_id, channel.replace("_", " ").title(), channel,
                    "Hi! How can we help?", "Thanks, we will get back to you shortly.", team,
                    self.rng.randbytes(18).hex(), self.rng.randbytes(32).hex(),
                    channel == "web_chat", json.dumps(settings), True, self.now, self.now,
                )
            )  # fmt: skip
            tenant.inboxes.append((inbox_id, channel, team))

    def _labels(self, tenant: _Tenant, spec: TenantSpec) -> None:
        for i in range(spec.labels):
            label_id = self.new_id()
            name = data.LABELS[i % len(data.LABELS)] + ("" if i < len(data.LABELS) else f"-{i}")
            color = _LABEL_COLORS[i % len(_LABEL_COLORS)]
            self.rows["label"].append(
                (label_id, tenant.account_id, name, color, "", self.now, self.now)
            )
            tenant.labels.append(label_id)

    def _contacts(self, tenant: _Tenant, spec: TenantSpec) -> None:
        for i in range(spec.contacts):
            contact_id = self.new_id()
            seen = self.past(365)
            identified = self.rng.random() >= 0.12
            identifier = name = email = phone = None
            attributes: dict[str, object] = {}
            if identified:
                first, last = self._person()
                name = f"{first} {last}"
                email = self._email(first, last, i)
                identifier = f"cust-{i:06d}"
                if self.rng.random() < 0.5:
                    phone = f"+{self.rng.randint(1, 99)} {self.rng.randint(100000000, 999999999)}"
                attributes = {"plan": self.rng.choice(("free", "pro", "business"))}
            self.rows["contact"].append(
                (
                    contact_id, tenant.account_id, identifier, name, email, phone,
                    json.dumps(attributes), seen, seen, seen - timedelta(days=30), seen,
                )
            )  # fmt: skip
            tenant.contacts.append(contact_id)

    def _email(self, first: str, last: str, n: int) -> str:
        f, la = ascii_fold(first).lower(), ascii_fold(last).lower().replace(" ", "")
        local = self.rng.choice((f"{f}.{la}", f"{f}{la}", f"{f[:1]}.{la}", f"{f}_{n}"))
        return f"{local}{self.rng.choice(('', '', str(n % 100)))}@" + self.rng.choice(
            data.EMAIL_DOMAINS
        )

    def _message_counts(self, spec: TenantSpec) -> list[int]:
        """Exactly ``spec.messages`` split over the conversations, long-tailed like real ones."""
        counts = [1] * spec.conversations
        weights = [self.rng.expovariate(1.0) for _ in counts]
        for index in self.rng.choices(
            range(spec.conversations), weights, k=spec.messages - len(counts)
        ):
            counts[index] += 1
        return counts

    def _conversations(self, tenant: _Tenant, spec: TenantSpec) -> None:
        counts = self._message_counts(spec)
        starts = sorted(self.past(365) for _ in range(spec.conversations))
        inbox_weights = [_INBOX_WEIGHTS.get(channel, 10) for _, channel, _ in tenant.inboxes]
        for number, (created, count) in enumerate(zip(starts, counts, strict=True), start=1):
            inbox = self.rng.choices(tenant.inboxes, inbox_weights)[0]
            _ConversationBuilder(self, tenant, number, created, count, inbox).build()


class _ConversationBuilder:
    """One conversation row and its messages, labels and followers."""

    def __init__(
        self,
        owner: DatasetBuilder,
        tenant: _Tenant,
        number: int,
        created: datetime,
        count: int,
        inbox: tuple[uuid.UUID, str, uuid.UUID | None],
    ) -> None:
        self.b, self.t, self.rng = owner, tenant, owner.rng
        self.number, self.created, self.count, self.inbox = number, created, count, inbox
        self.id = owner.new_id()

    def _status(self) -> str:
        recent = self.b.now - self.created < timedelta(days=30)
        weights = (60, 10, 30, 0) if recent else (15, 3, 72, 10)
        return self.rng.choices(("open", "snoozed", "closed", "archived"), weights)[0]

    def _handler(self) -> tuple[uuid.UUID | None, uuid.UUID | None, bool]:
        """(team, assignee, bot_active): the bot has ~10%, nobody ~12% of the rest."""
        inbox_team = self.inbox[2]
        roll = self.rng.random()
        team = inbox_team if roll < 0.6 else None if roll < 0.65 else self.rng.choice(self.t.teams)
        if self.rng.random() < 0.10:
            return team, None, True
        if self.rng.random() < 0.12:
            return team, None, False
        pool = self.t.members.get(team, []) if team and self.rng.random() < 0.8 else []
        return team, self.rng.choice(pool or self.t.agents or self.t.staff), False

    def build(self) -> None:
        b, rng = self.b, self.rng
        status = self._status()
        team, assignee, bot = self._handler()
        span = timedelta(hours=rng.expovariate(1 / 20))
        last = min(self.created + span, b.now - timedelta(minutes=1))
        if self.count == 1:
            last = self.created
        contact = rng.choice(self.t.contacts)
        # Open conversations wait for an answer ~30% of the time: the contact wrote last.
        contact_last = status == "open" and rng.random() < 0.3
        summary = self._messages(contact, assignee, bot, last, contact_last=contact_last)
        preview, customer_at, staff_at, first_response_at, waiting = summary
        rating = None
        if status in ("closed", "archived") and rng.random() < 0.25:
            rating = rng.choices(_RATINGS, _RATING_WEIGHTS)[0]
        snoozed_until = (
            b.now + timedelta(hours=rng.uniform(1, 168)) if status == "snoozed" else None
        )
        linked = None
        if rng.random() < 0.02:
            ref = rng.randint(1000, 99999)
            linked = json.dumps(
                {
                    "type": "ticket",
                    "external_id": f"T-{ref}",
                    "url": f"https://tracker.example/T-{ref}",
                }
            )
        b.rows["conversation"].append(
            (
                self.id, self.t.account_id, self.number, self.inbox[0], self.inbox[1], contact,
                status, snoozed_until, rng.choices(_PRIORITIES, _PRIORITY_WEIGHTS)[0], assignee,
                team, bot, rng.choice(data.SUBJECTS) if self.inbox[1] == "email" else None,
                linked, rating, "Thanks!" if rating == 5 and rng.random() < 0.3 else None,
                last if rating else None, self.count, preview, last, customer_at, staff_at,
                first_response_at, waiting if status == "open" else None,
                first_response_at is None, self.created,
                last if status in ("closed", "archived") else None, self.created, last,
            )
        )  # fmt: skip
        self._labels_and_followers()

    def _text(self) -> str:
        words = self.rng.choices(data.WORDS, _WORD_WEIGHTS, k=self.rng.randint(4, 28))
        if self.rng.random() < 0.1:
            words.append(f"#{self.rng.randint(100000, 999999)}")  # an order number
        return " ".join(words).capitalize() + "."

    def _senders(self, bot: bool, contact_last: bool) -> list[tuple[str, str]]:
        """(kind, sender_type) per message: the contact first, then a plausible exchange."""
        staff = "bot" if bot else "user"
        senders = [("reply", "contact")]
        for _ in range(self.count - 1):
            roll = self.rng.random()
            if roll < 0.08 and not bot:
                senders.append(("note", "user"))
            else:
                senders.append(("reply", "contact" if roll < 0.5 else staff))
        if self.count > 1:
            senders[-1] = ("reply", "contact" if contact_last else staff)
        return senders

    def _messages(
        self,
        contact: uuid.UUID,
        assignee: uuid.UUID | None,
        bot: bool,
        last: datetime,
        *,
        contact_last: bool,
    ) -> tuple[str, datetime | None, datetime | None, datetime | None, datetime | None]:
        """Append the messages; return (preview, last customer, last staff, first response,
        waiting since)."""
        rng, rows = self.rng, self.b.rows["message"]
        senders = self._senders(bot, contact_last or self.count == 1)
        seconds = (last - self.created).total_seconds()
        offsets = sorted(rng.uniform(0, seconds) for _ in range(self.count - 2))
        times = [self.created, *(self.created + timedelta(seconds=o) for o in offsets), last]
        customer_at = staff_at = first_response = waiting = None
        text = ""
        for seq, ((kind, sender), at) in enumerate(
            zip(senders, times[-self.count :], strict=True), 1
        ):
            text = self._text()
            user = None
            if sender == "user":
                user = assignee if assignee and kind == "reply" else rng.choice(self.t.staff)
            if sender == "contact":
                customer_at, waiting = at, waiting or at
            elif kind == "reply":
                staff_at, waiting = at, None
                first_response = first_response or at
            delivery = "read" if sender != "contact" and rng.random() < 0.3 else "sent"
            rows.append(
                (
                    self.b.new_id(), self.t.account_id, self.id, seq, kind, sender, user,
                    contact if sender == "contact" else None, text, delivery, "{}", at,
                )
            )  # fmt: skip
        return text[:200], customer_at, staff_at, first_response, waiting

    def _labels_and_followers(self) -> None:
        rng = self.rng
        if self.t.labels:
            k = rng.choices((0, 1, 2, 3), (45, 35, 15, 5))[0]
            weights = [1 / (i + 1) for i in range(len(self.t.labels))]
            chosen = {*rng.choices(self.t.labels, weights, k=k)}
            self.b.rows["conversation_label"].extend((self.id, label) for label in chosen)
        if rng.random() < 0.05:
            followers = {*rng.choices(self.t.staff, k=rng.randint(1, 2))}
            self.b.rows["conversation_follower"].extend((self.id, u) for u in followers)
