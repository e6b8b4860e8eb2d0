"""Network admins: every member space and its team."""

from flask import Blueprint, render_template
from flask_login import login_required

from app.database import db
from app.security import require
from bookings import network

admin = Blueprint("admin", __name__, url_prefix="/admin")


@admin.get("/")
@login_required
def home():
    require("administer_network")
    return render_template("admin/home.html", spaces=network.spaces_with_team_sizes(db.session))
