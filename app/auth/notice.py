"""The privacy notice (Vietnam's Decree 13/2023) and consent to it: the notice's page, and the
page that asks a signed-in person to agree to a new version before they go on.

The gate: while a signed-in person has not agreed to the notice in force, every page but the
notice, this page, logging out and the person's rights over their data (download, delete)
sends them here first, and comes back where they were going once they agree. The API does not
refuse them: ``GET /api/v1/me`` says ``privacy_notice.accepted`` and its clients ask.
"""

from datetime import UTC, datetime

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth import auth
from app.auth.forms import AgreeForm
from app.database import db
from app.navigation import safe_next
from bookings import accounts
from bookings.errors import InvalidInput

#: Parts of the site that never ask: the JSON API (a flag instead), machines' addresses
#: (webhooks, feeds, health), signed links from emails, development stand-ins, static files.
_NEVER_ASKS = frozenset(
    {"api", "webhooks", "calendars", "health", "links", "devmail", "devbank", "static"}
)
#: Pages a person who has not agreed may still use: the notice, agreeing, leaving, their
#: rights over their data, and the language of these pages.
_OPEN_PAGES = frozenset(
    {
        "auth.privacy_notice",
        "auth.agree_to_notice",
        "auth.logout",
        "auth.download_my_data",
        "auth.delete_account",
        "catalogue.switch_language",
    }
)


@auth.get("/privacy")
def privacy_notice():
    """The notice, in the visitor's language: who holds what, why, who sees it, how long."""
    return render_template(
        "auth/privacy.html",
        version=accounts.NOTICE_VERSION,
        retention_days=current_app.config["RETENTION_DAYS"],
    )


@auth.route("/privacy/agree", methods=["GET", "POST"])
@login_required
def agree_to_notice():
    """The notice changed since the person last agreed: they read it and agree, or leave."""
    form = AgreeForm(version=accounts.NOTICE_VERSION, next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            accounts.agree_to_notice(
                db.session,
                user_id=current_user.id,
                version=form.version.data,
                now=datetime.now(UTC),
            )
        except InvalidInput:
            flash(_("The privacy notice changed while this page was open: read it again."), "error")
            return redirect(url_for("auth.agree_to_notice", next=form.next.data or None))
        flash(_("Thank you: your agreement is recorded."), "success")
        return redirect(safe_next(form.next.data))
    return render_template(
        "auth/agree.html",
        form=form,
        version=accounts.NOTICE_VERSION,
        first_time=current_user.privacy_notice_version is None,
    )


@auth.before_app_request
def ask_for_the_new_notice():
    """Send a signed-in person who has not agreed to the notice in force to agree first."""
    endpoint = request.endpoint or ""
    if endpoint.split(".")[0] in _NEVER_ASKS or endpoint in _OPEN_PAGES:
        return None
    if not current_user.is_authenticated or not accounts.needs_consent(current_user):
        return None
    going = request.full_path.rstrip("?") if request.method == "GET" else request.referrer
    return redirect(url_for("auth.agree_to_notice", next=_local(going)))


def _local(target: str | None) -> str | None:
    """A path of this site to come back to (None: the home page)."""
    if not target:
        return None
    if target.startswith(request.host_url):
        target = "/" + target.removeprefix(request.host_url)
    return target if target.startswith("/") and not target.startswith("//") else None
