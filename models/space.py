"""Member spaces of the network."""

from datetime import UTC, date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime
from models.statuses import SpaceStatus
from models.text import fold

#: Kinds of member space, as stable codes (labels are translated by the web layer).
SPACE_KINDS = (
    "art-space",
    "gallery",
    "cafe",
    "cinema",
    "cultural-centre",
    "museum",
    "library",
    "co-working",
    "education",
)

#: Workshop disciplines, as stable codes.
DISCIPLINES = (
    "ceramics",
    "printmaking",
    "candle-making",
    "painting",
    "crafts",
    "film",
    "photography",
    "music",
    "design",
)

#: Hanoi's urban districts: code -> name (a proper noun, the same in every language).
DISTRICTS = {
    "hoan-kiem": "Hoàn Kiếm",
    "ba-dinh": "Ba Đình",
    "dong-da": "Đống Đa",
    "hai-ba-trung": "Hai Bà Trưng",
    "tay-ho": "Tây Hồ",
    "cau-giay": "Cầu Giấy",
    "thanh-xuan": "Thanh Xuân",
    "hoang-mai": "Hoàng Mai",
    "long-bien": "Long Biên",
    "nam-tu-liem": "Nam Từ Liêm",
    "bac-tu-liem": "Bắc Từ Liêm",
    "ha-dong": "Hà Đông",
}


def _now() -> datetime:
    return datetime.now(UTC)


class Space(Base):
    """A member venue: art space, gallery, café, cinema, cultural centre …"""

    __tablename__ = "spaces"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40), index=True)
    #: A code of ``DISTRICTS``.
    district: Mapped[str] = mapped_column(String(40), index=True)
    address: Mapped[str] = mapped_column(String(300))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    description: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(300))
    #: How people reach the space about a booking: a phone number as it is dialled, an email
    #: address and a chat link (Messenger, Zalo …); empty when the space gave none.
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    messenger_url: Mapped[str] = mapped_column(String(300), default="", server_default="")
    #: SHA-256 of the secret key of the space's bank-notification address (None: none yet).
    notification_key_hash: Mapped[str | None] = mapped_column(String(64))
    member_since: Mapped[date | None] = mapped_column(Date)
    #: The network's membership certificate, e.g. ``HCSN-2024-001``.
    certificate_number: Mapped[str | None] = mapped_column(String(40), unique=True)
    #: A ``SpaceStatus``; suspended spaces are hidden from the public catalogue.
    status: Mapped[str] = mapped_column(String(20), default=SpaceStatus.ACTIVE, index=True)
    #: ``fold(name)``: kept in step by a mapper event, searched with LIKE on every database.
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: Loaded by ``seed-demo``: shown with a "demo data" mark, removed by ``seed-demo --reset``.
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now)
    #: Rises with every change (part of the catalogue's version: cached calendar feeds).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_now, onupdate=_now)

    discipline_rows: Mapped[list["SpaceDiscipline"]] = relationship(
        back_populates="space", cascade="all, delete-orphan", order_by="SpaceDiscipline.discipline"
    )

    @property
    def disciplines(self) -> list[str]:
        return [row.discipline for row in self.discipline_rows]

    @disciplines.setter
    def disciplines(self, codes: list[str]) -> None:
        self.discipline_rows = [SpaceDiscipline(discipline=code) for code in dict.fromkeys(codes)]

    @property
    def has_contact(self) -> bool:
        return bool(self.phone or self.email or self.messenger_url)

    @property
    def phone_uri(self) -> str:
        """``tel:+842438234567`` for a link that dials ``self.phone``."""
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")

    @property
    def district_name(self) -> str:
        return DISTRICTS.get(self.district, self.district)


class SpaceDiscipline(Base):
    """One discipline a space practises (a space has several)."""

    __tablename__ = "space_disciplines"

    space_id: Mapped[int] = mapped_column(
        ForeignKey("spaces.id", ondelete="CASCADE"), primary_key=True
    )
    discipline: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)

    space: Mapped[Space] = relationship(back_populates="discipline_rows")


@event.listens_for(Space, "before_insert")
@event.listens_for(Space, "before_update")
def _fold_space(_mapper, _connection, space: Space) -> None:
    space.search_text = fold(space.name)
