"""The audit trail for network admins: ``GET /api/v1/admin/audit``."""

from flask import jsonify, request

from app.api import api
from app.api.auth import require, token_required
from app.api.serializers import timestamp
from app.database import db
from app.params import audit_filters
from bookings.unit.audit import audit_entries


@api.get("/admin/audit")
@token_required
def audit_log():
    """Newest first; ``action`` keeps one action, ``cursor`` continues after a page."""
    require("administer_network")
    action, limit, before_id = audit_filters(request.args)
    entries = audit_entries(db.session, action=action, before_id=before_id, limit=limit + 1)
    more = len(entries) > limit
    entries = entries[:limit]
    return jsonify(
        items=[
            {
                "id": entry.id,
                "at": timestamp(entry.at),
                "actor": {
                    "id": entry.actor_id,
                    "email": entry.actor_email,
                    "role": entry.actor_role,
                },
                "action": entry.action,
                "object": entry.object,
                "client_ip": entry.client_ip,
            }
            for entry in entries
        ],
        next=str(entries[-1].id) if more else None,
    )
