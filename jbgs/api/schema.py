"""The OpenAPI schema's view of our own permissions (drf-spectacular's AutoSchema knows only
DRF's): an operation anyone may call says so (`{}` among its security requirements), so the
schema never claims that a public read needs a token."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


class AutoSchema(SpectacularAutoSchema):
    def get_auth(self):
        auths = super().get_auth()
        if {} not in auths and any(getattr(permission, "anonymous_methods", ()) and
                                   self.method in permission.anonymous_methods
                                   for permission in self.view.get_permissions()):
            auths.append({})
        return auths


class WallClockTimeField(OpenApiSerializerFieldExtension):
    """A time of day on the portal's clock (Asia/Shanghai), such as the bidding hours: written
    `HH:MM:SS` without an offset, which JSON Schema's "time" format (RFC 3339) would refuse."""

    target_class = "rest_framework.fields.TimeField"

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$", "example": "09:30:00",
                "description": "Asia/Shanghai wall-clock time, HH:MM[:SS]"}
