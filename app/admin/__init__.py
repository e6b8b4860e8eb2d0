"""Network admins: member spaces (admit, edit, suspend, their membership record and team) and
the network's overview."""

from datetime import UTC, datetime

from babel.dates import format_date
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_required
from wtforms.fields.choices import SelectChoice

from app import metrics
from app.admin.forms import SpaceForm
from app.charts import bar_chart, percent
from app.database import db
from app.forms import ConfirmForm, show_errors
from app.i18n import current_language, date_pattern, labels
from app.params import AUDIT_ACTIONS, audit_filters
from app.security import require
from app.validation import valid
from bookings import network, overview
from bookings.errors import InvalidInput
from bookings.formatting import csv_bytes
from bookings.network import SPACE_SORTS, SpaceDraft, SpaceSearch
from bookings.payments import ledger as payment_ledger
from bookings.unit import jobs, retry
from bookings.unit.audit import audit_entries
from models.space import DISCIPLINES, DISTRICTS, SPACE_KINDS
from models.statuses import SpaceStatus

admin = Blueprint("admin", __name__, url_prefix="/admin")


def _space_search(args) -> SpaceSearch:
    """The table's filters from the query string; a value that is not offered is ignored."""
    sort = args.get("sort", "name")
    return SpaceSearch(
        q=args.get("q", "").strip()[:200],
        kind=args.get("kind") if args.get("kind") in SPACE_KINDS else None,
        district=args.get("district") if args.get("district") in DISTRICTS else None,
        status=args.get("status") if args.get("status") in ("active", "suspended") else None,
        sort=sort.removeprefix("-") if sort.removeprefix("-") in SPACE_SORTS else "name",
        descending=sort.startswith("-"),
    )


@admin.get("/jobs")
@login_required
def background_work():
    """The queue at a glance, and the work given up after its last attempt, with the reason."""
    require("administer_network")
    return render_template(
        "admin/jobs.html",
        state=metrics.queue_state(db.session, datetime.now(UTC)),
        engine=current_app.config["QUEUE_ENGINE"],
        given_up=jobs.given_up(db.session),
        form=ConfirmForm(),
    )


@admin.post("/jobs/<any(event, message):kind>/<int:object_id>/retry")
@login_required
def retry_job(kind: str, object_id: int):
    """Work given up goes back in the queue (once its cause is fixed); audited."""
    require("administer_network")
    if ConfirmForm().validate_on_submit():
        retried = retry.retry_given_up(
            db.session, kind=kind, object_id=object_id, now=datetime.now(UTC)
        )
        if retried:
            flash(_("Back in the queue: it will be tried again in a moment."), "success")
        else:
            flash(_("This work is no longer given up: nothing to retry."), "info")
    return redirect(url_for("admin.background_work"))


@admin.get("/")
@login_required
def home():
    require("administer_network")
    search = _space_search(request.args)
    spaces = network.find_spaces(db.session, search, now=datetime.now(UTC))
    return render_template(
        "admin/home.html",
        spaces=spaces,
        search=search,
        total=network.count_spaces(db.session),
    )


def _space_form(**kwargs) -> SpaceForm:
    form = SpaceForm(**kwargs)
    names = labels()
    form.kind.choices = [SelectChoice(code, names["kind"][code]) for code in SPACE_KINDS]
    form.district.choices = [SelectChoice(code, name) for code, name in DISTRICTS.items()]
    form.disciplines.choices = [
        SelectChoice(code, names["discipline"][code]) for code in DISCIPLINES
    ]
    return form


def _draft(form: SpaceForm) -> SpaceDraft:
    return SpaceDraft(
        name=form.name.data or "",
        kind=form.kind.data or "",
        district=form.district.data or "",
        address=form.address.data or "",
        disciplines=list(form.disciplines.data or []),
        description=(form.description.data or "").strip(),
        description_en=(form.description_en.data or "").strip(),
        website=form.website.data,
        member_since=form.member_since.data,
        certificate_number=form.certificate_number.data,
        phone=form.phone.data or "",
        email=form.email.data or "",
        messenger_url=form.messenger_url.data or "",
    )


@admin.route("/spaces/new", methods=["GET", "POST"])
@login_required
def new_space():
    require("administer_network")
    form = _space_form()
    if valid(form, lambda: network.space_errors(_draft(form), slug=form.slug.data or "")):
        try:
            space = network.add_space(
                db.session, slug=form.slug.data or "", draft=_draft(form), now=datetime.now(UTC)
            )
        except InvalidInput as error:
            show_errors(form, error)
        else:
            flash(
                _("%(space)s is a member space now. Appoint its team.", space=space.name), "success"
            )
            return redirect(url_for("manage.team", slug=space.slug))
    return render_template("admin/space_form.html", form=form, space=None), (
        400 if form.errors else 200
    )


@admin.route("/spaces/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit_space(slug: str):
    require("administer_network")
    space = network.space_by_slug(db.session, slug)
    form = _space_form(obj=space)
    del form.slug
    if valid(form, lambda: network.space_errors(_draft(form))):
        try:
            network.update_space(db.session, slug=slug, draft=_draft(form), now=datetime.now(UTC))
        except InvalidInput as error:
            show_errors(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("admin.home"))
    return render_template(
        "admin/space_form.html", form=form, space=space, action_form=ConfirmForm()
    ), (400 if form.errors else 200)


@admin.route("/spaces/<slug>/status", methods=["GET", "POST"])
@login_required
def space_status(slug: str):
    """GET states what suspending (or reactivating) the space does; POST does it."""
    require("administer_network")
    space = network.space_by_slug(db.session, slug)
    form = ConfirmForm()
    if form.validate_on_submit():
        suspended = space.status == SpaceStatus.SUSPENDED
        status = SpaceStatus.ACTIVE if suspended else SpaceStatus.SUSPENDED
        network.set_space_status(db.session, slug=slug, status=status, now=datetime.now(UTC))
        flash(
            _("%(space)s is suspended: its sessions left the catalogue.", space=space.name)
            if status == SpaceStatus.SUSPENDED
            else _("%(space)s is active again.", space=space.name),
            "success",
        )
        return redirect(url_for("admin.home"))
    return render_template(
        "admin/space_status.html",
        space=space,
        form=form,
        impact=network.suspension_impact(db.session, slug=slug, now=datetime.now(UTC)),
    )


def _tables(figures: overview.NetworkOverview) -> dict[str, tuple[list[str], list[tuple]]]:
    names = labels()
    return {
        "bookings-per-week": (
            [_("Week from"), _("Bookings")],
            [(week.isoformat(), n) for week, n in figures.per_week],
        ),
        "seats-per-discipline": (
            [_("Discipline"), _("Seats")],
            [(names["discipline"].get(code, code), n) for code, n in figures.per_discipline],
        ),
        "seats-per-district": (
            [_("District"), _("Seats")],
            [(DISTRICTS.get(code, code), n) for code, n in figures.per_district],
        ),
        "fill-rate-by-space": (
            [_("Space"), _("Seats taken"), _("Seats"), _("Fill rate")],
            [
                (name, taken, seats, percent(taken / seats))
                for name, taken, seats in figures.fill_by_space
            ],
        ),
    }


@admin.get("/audit")
@login_required
def audit():
    """The audit trail, newest first, one action or all."""
    require("administer_network")
    action, limit, before_id = audit_filters(request.args, strict=False)
    entries = audit_entries(db.session, action=action, before_id=before_id, limit=limit + 1)
    return render_template(
        "admin/audit.html",
        entries=entries[:limit],
        next=entries[limit - 1].id if len(entries) > limit else None,
        action=action,
        actions=AUDIT_ACTIONS,
    )


@admin.get("/overview")
@login_required
def network_overview():
    require("administer_network")
    figures = overview.network_overview(db.session, now=datetime.now(UTC))
    tables = _tables(figures)
    language = current_language()
    charts = {
        "bookings-per-week": bar_chart(
            [
                (format_date(week, date_pattern("week", language), locale=language), n)
                for week, n in figures.per_week
            ],
            title=_("Bookings per week"),
        ),
        "seats-per-discipline": bar_chart(
            tables["seats-per-discipline"][1], title=_("Seats per discipline")
        ),
        "seats-per-district": bar_chart(
            tables["seats-per-district"][1], title=_("Seats per district")
        ),
        "fill-rate-by-space": bar_chart(
            [(name, taken / seats) for name, taken, seats in figures.fill_by_space[:30]],
            title=_("Fill rate by space"),
            most=1,
            show=percent,
        ),
    }
    titles = {
        "bookings-per-week": _("Bookings per week"),
        "seats-per-discipline": _("Seats booked per discipline"),
        "seats-per-district": _("Seats booked per district"),
        "fill-rate-by-space": _("Fill rate by space"),
    }
    return render_template("admin/overview.html", charts=charts, titles=titles)


@admin.get("/overview/<name>.csv")
@login_required
def overview_csv(name: str):
    require("administer_network")
    tables = _tables(overview.network_overview(db.session, now=datetime.now(UTC)))
    if name not in tables:
        abort(404)
    headings, rows = tables[name]
    return Response(
        csv_bytes(headings, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


@admin.get("/card-balances")
@login_required
def card_balances():
    """What the network's card account holds for each space: card payments collected on the
    space's behalf, less card refunds."""
    require("administer_network")
    balances = payment_ledger.card_balances(db.session)
    return render_template(
        "admin/card_balances.html",
        balances=balances,
        total=sum(balance.owed for balance in balances),
    )
