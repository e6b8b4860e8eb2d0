"""Messages about where money goes: a space's bank account changed, a transfer's refund owed,
what a held transfer booking's messages say about paying it."""

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bookings.events import PayeeChanged, RefundDue
from bookings.formatting import money
from bookings.messages import queue
from bookings.messages.render import (
    Mail,
    booking_values,
    content_id,
    language_of,
    load_booking,
    qr_image,
    send_to,
)
from bookings.payments.transfers import TransferDetails, transfer_details
from models import Booking, PayeeChange, Refund, Space, StaffMembership, User
from models.statuses import PaymentMethod, RefundStatus


def payee_changed(db: Session, event: PayeeChanged, context) -> None:
    """Every owner of the space and every admin hears of a change of its bank account, whoever
    made it: a stranger's change is caught by the people it robs."""
    settings: Mail | None = context.mail
    change = db.get(PayeeChange, event.change_id) if settings else None
    space = db.get(Space, event.space_id)
    if change is None or space is None:
        return
    owners = select(StaffMembership.user_id).where(
        StaffMembership.space_id == space.id, StaffMembership.role == "owner"
    )
    people = db.scalars(
        select(User).where(or_(User.is_admin.is_(True), User.id.in_(owners))).order_by(User.id)
    ).all()
    for person in people:
        send_to(
            db,
            settings,
            "payee_changed",
            user=person,
            dedupe_key=f"payee_changed:{change.id}:{person.id}",
            now=context.clock(),
            subject_values={"space": space.name},
            values={
                "space": space,
                "change": change,
                "changed_by": change.changed_by,
                "payee_url": settings.links.manage_space(space.slug) + "/payee",
            },
        )


def refund_owed(db: Session, event: RefundDue, context) -> None:
    """A transfer's refund cannot be pushed by a provider: the person is told it is owed and
    asked for the account to pay it into (on their booking's page)."""
    settings: Mail | None = context.mail
    refund = db.get(Refund, event.refund_id) if settings else None
    if refund is None or refund.status != RefundStatus.PENDING:
        return
    booking = load_booking(db, event.booking_id)
    if booking is None or booking.payment_method != PaymentMethod.BANK_TRANSFER:
        return
    language = language_of(booking.user)
    send_to(
        db,
        settings,
        "refund_owed",
        user=booking.user,
        dedupe_key=f"refund_owed:{refund.id}",
        now=context.clock(),
        subject_values={"amount": money(refund.amount, language)},
        values=lambda: booking_values(settings, booking, language) | {"refund": refund},
    )


def transfer_part(
    db: Session, settings: Mail, booking: Booking
) -> tuple[TransferDetails | None, tuple[queue.Attachment, ...]]:
    """What a held transfer booking's message adds: the bank, account, holder, exact amount
    and reference, and the VietQR as a PNG shown inline (mail clients show no SVG). Nothing
    for a booking not waiting for a transfer."""
    transfer = transfer_details(db, booking)
    if transfer is None:
        return None, ()
    image = qr_image(
        transfer.vietqr,
        f"vietqr-{transfer.reference}.png",
        content_id(settings),
        scale=5,
        border=4,
    )
    return transfer, (image,)
