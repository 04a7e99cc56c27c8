"""API: assemblies and their phases."""
from flask import jsonify

from deliberation.api.blueprint import bp
from deliberation.api.helpers import acting_member, field, json_body, text_field
from deliberation.assemblies.services import create_assembly, set_phase
from deliberation.auth.permissions import is_admin, is_chair
from deliberation.errors import Forbidden, Invalid
from deliberation.lookup import get_assembly
from deliberation.models import Assembly
from deliberation.models.audit import published_head


def assembly_json(assembly: Assembly) -> dict:
    return {"id": assembly.id, "title": assembly.title, "phase": assembly.phase,
            "base_version_id": assembly.base_version_id,
            "current_version_id": assembly.current_version_id,
            "support_threshold": assembly.support_threshold,
            "deadlines": assembly.deadlines or {}}


@bp.post("/assemblies")
def api_create_assembly():
    member = acting_member()
    if not is_admin(member):
        raise Forbidden("Only an admin may create an assembly.")
    data = json_body()
    deadlines = field(data, "deadlines", dict, required=False, default={})
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in deadlines.items()):
        raise Invalid("'deadlines' maps phase names to ISO dates.", field="deadlines")
    threshold = field(data, "support_threshold", int, required=False, default=0)
    assembly = create_assembly(member, text_field(data, "title", max_len=300),
                               text_field(data, "base_text"),
                               field(data, "chairs", list, required=False, default=[]),
                               deadlines, max(0, threshold))
    return jsonify(assembly_json(assembly)), 201


@bp.get("/assemblies/<int:assembly_id>")
def api_get_assembly(assembly_id: int):
    acting_member()
    return jsonify(assembly_json(get_assembly(assembly_id)) | {"audit_head": published_head()})


@bp.post("/assemblies/<int:assembly_id>/phase")
def api_set_phase(assembly_id: int):
    member = acting_member()
    assembly = get_assembly(assembly_id)
    if not is_chair(member, assembly.id):
        raise Forbidden("Only a chair of this assembly may change its phase.")
    data = json_body()
    set_phase(member, assembly, text_field(data, "phase", max_len=32))
    return jsonify(assembly_json(assembly))
