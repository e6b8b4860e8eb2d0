"""A production server without Stripe keys starts and simply offers no card payment: bank
transfer and pay-at-venue remain (API.md, "Commands and configuration")."""

import pytest

from app import create_app
from app.database import db as database
from bookings.payments import NoCardGateway, payees
from models import Booking
from tests.conftest import log_in

#: One pass (the SQLite one) runs this file: the configuration without a card provider; the bookings
#: it still takes are proven on both databases by the booking tests.
pytestmark = pytest.mark.once


@pytest.fixture(scope="module")
def no_cards(database_url, tmp_path_factory):
    """The app as production runs it without Stripe: no demo provider either."""
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "TESTING": True,
            "SERVER_NAME": "localhost",
            "MAIL_OUTBOX_DIR": str(tmp_path_factory.mktemp("outbox")),
            "DEMO_PAYMENTS": False,
        }
    )
    yield app
    database._state(app).engine.dispose()


def test_without_a_card_provider_booking_by_card_is_refused_and_the_rest_remains(
    no_cards, db, make_space, make_workshop, make_session, make_user, bearer, now
):
    assert isinstance(no_cards.extensions["bus"].context.gateway, NoCardGateway)
    space = make_space()
    owner = make_user(owner_of=space)
    payees.set_payee(
        db, space_id=space.id, by=owner.id, bank_bin="970436", account_number="1023456789",
        account_name="XUONG GOM", now=now,
    )  # fmt: skip
    sitting = make_session(make_workshop(space, price=200_000, pay_at_venue=True))
    client = no_cards.test_client()
    headers = bearer(make_user())
    path = f"/api/v1/sessions/{sitting.id}/bookings"

    for body in ({"seats": 1}, {"seats": 1, "payment": "card"}):
        refused = client.post(path, json=body, headers=headers)
        assert refused.status_code == 409
        assert refused.get_json()["error"]["code"] == "payment_unavailable"
    assert db.query(Booking).count() == 0  # nothing was written

    log_in(client, make_user())
    page = client.get(f"/sessions/{sitting.id}").get_data(as_text=True)
    assert 'value="card"' not in page
    assert 'value="bank_transfer"' in page and 'value="at_venue"' in page

    transfer = client.post(path, json={"seats": 1, "payment": "bank_transfer"}, headers=headers)
    assert transfer.status_code == 201 and transfer.get_json()["status"] == "pending_payment"
    at_venue = client.post(
        path, json={"seats": 1, "payment": "at_venue"}, headers=bearer(make_user())
    )
    assert at_venue.status_code == 201 and at_venue.get_json()["status"] == "confirmed"
