"""A space's overview: upcoming sessions and how full they are, check-ins, no-shows, revenue."""

from datetime import UTC, datetime

from flask import render_template
from flask_babel import gettext as _
from flask_login import login_required

from app.charts import bar_chart, percent
from app.database import db
from app.i18n import local_datetime, localized
from app.manage import manage
from app.security import require
from bookings import network, overview


@manage.get("/spaces/<slug>/overview")
@login_required
def overview_page(slug: str):
    space = network.space_by_slug(db.session, slug)
    require("manage_space", space)
    figures = overview.space_overview(db.session, space.id, now=datetime.now(UTC))
    chart = bar_chart(
        [
            (f"{local_datetime(s.starts_at, 'd/M HH:mm')} {localized(s, 'title')}", s.fill_rate)
            for s in figures.upcoming[:15]
        ],
        title=_("Fill rate of the upcoming sessions"),
        most=1,
        show=percent,
    )
    return render_template(
        "manage/overview.html", space=space, figures=figures, chart=chart, percent=percent
    )
